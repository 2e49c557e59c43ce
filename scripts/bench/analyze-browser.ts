/**
 * `npx vite build && npx tsx scripts/bench/analyze-browser.ts [--file F.safetensors] [--rounds R] [--port P]`:
 * the analyser page (#/analyzer, production build under `vite preview`, headless Chromium) analyses a
 * weight file picked in its file input, the way a user does: the ESD worker reads layers lazily from the
 * File and spreads them over one layer worker per core (navigator.hardwareConcurrency).
 * Reported per round: wall time from picking the file to the "done" status, and the peak resident memory
 * of all the browser's processes above the page's idle level (sampled from /proc every 50 ms; it bounds
 * the JS heaps of page and workers together, which no single in-page API reports). Default file: the
 * 10-layer GPT-2-block file of scripts/bench/file.ts (run that first). Results: docs/BENCHMARKS.md.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { startPreview } from '../lib/preview';

const { values } = parseArgs({ options: { file: { type: 'string' }, rounds: { type: 'string', default: '3' }, port: { type: 'string', default: '4184' } } });
const file = values.file ?? join(tmpdir(), 'mbl-bench-gpt2-blocks.safetensors');
const port = Number(values.port);

/**
 * Resident set (MB) of this benchmark's browser: every process whose command line names our own
 * profile directory (Chromium passes --user-data-dir to all its processes; other browsers on the
 * machine have other profiles).
 */
function chromiumRssMB(profile: string): number {
  let kb = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profile)) continue;
      kb += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // the process ended while we looked
    }
  }
  return (kb * 1024) / 1e6;
}

const stop = await startPreview(port);
const profile = mkdtempSync(join(tmpdir(), 'mbl-bench-analyze-'));
const browser = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  console.log(`# analyser page benchmark ${new Date().toISOString()}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}, file ${file}`);
  for (let r = 0; r < Number(values.rounds); r++) {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/#/analyzer`);
    await page.getByTestId('file-input').waitFor({ state: 'attached' });
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await new Promise((res) => setTimeout(res, 500));
    const idle = chromiumRssMB(profile);
    let peak = idle;
    const timer = setInterval(() => (peak = Math.max(peak, chromiumRssMB(profile))), 50);
    const t0 = performance.now();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.locator('[data-testid="status"][data-status="done"]').waitFor({ timeout: 600_000 });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(timer);
    const layers = await page.getByTestId('layer-row').count();
    console.log(`round ${r + 1}: ${layers} layers in ${seconds.toFixed(2)} s on ${cores} cores; browser RSS idle ${idle.toFixed(0)} MB, peak +${(peak - idle).toFixed(0)} MB`);
    await page.close();
  }
} finally {
  await browser.close();
  stop();
  rmSync(profile, { recursive: true, force: true });
}
