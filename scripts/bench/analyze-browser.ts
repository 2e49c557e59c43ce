/**
 * `npx vite build && npx tsx scripts/bench/analyze-browser.ts [--file F.safetensors] [--rounds R] [--port P]`:
 * the analyser page (#/analyzer, production build under `vite preview`, headless Chromium) analyses a
 * weight file picked in its file input, the way a user does: the ESD worker reads layers lazily from the
 * File and spreads them over one layer worker per core (navigator.hardwareConcurrency).
 * Reported per round: wall time from picking the file to the "done" status, and the peak resident memory
 * of all the browser's processes above the page's idle level (sampled from /proc every 50 ms; it bounds
 * the JS heaps of page and workers together), and the peak JS heap in use summed over the page and all its
 * workers, and their array-buffer backing stores (wasm memories, typed arrays) likewise (CDP
 * Runtime.getHeapUsage per target, sampled every 100 ms; scripts/lib/jsHeap.ts). Default file: the
 * 10-layer GPT-2-block file of scripts/bench/file.ts (run that first). Results: docs/BENCHMARKS.md.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { numberFlag, runCli } from '../lib/cli';
import { heapSampler } from '../lib/jsHeap';
import { startPreview } from '../lib/preview';

const USAGE = `usage: npx tsx scripts/bench/analyze-browser.ts [options]   (after npx vite build)
  a weight file analysed by the analyser page in headless Chromium: time, browser RSS, JS heap; results for docs/BENCHMARKS.md
  --file F                 the weight file (default: the file of npm run bench:file)
  --rounds R               rounds (default 3)
  --port P                 port of vite preview (default 4184)
  -h, --help               show this help`;
const OPTIONS = { options: { file: { type: 'string' }, rounds: { type: 'string', default: '3' }, port: { type: 'string', default: '4184' } } } as const;
const { file, port, rounds } = runCli('bench:analyze-browser', USAGE, OPTIONS, ({ values }) => ({
  file: values.file ?? join(tmpdir(), 'mbl-bench-gpt2-blocks.safetensors'),
  port: numberFlag('port', values.port, { integer: true, min: 1 }) as number,
  rounds: numberFlag('rounds', values.rounds, { integer: true, min: 1 }) as number,
}));
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

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
  for (let r = 0; r < rounds; r++) {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/#/analyzer`);
    await page.getByTestId('file-input').waitFor({ state: 'attached' });
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await new Promise((res) => setTimeout(res, 500));
    const idle = chromiumRssMB(profile);
    let peak = idle;
    const timer = setInterval(() => (peak = Math.max(peak, chromiumRssMB(profile))), 50);
    const heap = await heapSampler(await browser.newCDPSession(page));
    const heapIdle = await heap.sample();
    let heapPeak = heapIdle;
    let totalPeak = heapIdle.used + heapIdle.buffers;
    let sampling = true;
    let maxWorkers = 0;
    const heapLoop = (async () => {
      while (sampling) {
        const now = await heap.sample();
        heapPeak = { used: Math.max(heapPeak.used, now.used), buffers: Math.max(heapPeak.buffers, now.buffers) };
        totalPeak = Math.max(totalPeak, now.used + now.buffers);
        maxWorkers = Math.max(maxWorkers, heap.workers());
        await new Promise((res) => setTimeout(res, 100));
      }
    })();
    const t0 = performance.now();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.locator('[data-testid="status"][data-status="done"]').waitFor({ timeout: 600_000 });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(timer);
    sampling = false;
    await heapLoop;
    const layers = await page.getByTestId('layer-row').count();
    console.log(
      `round ${r + 1}: ${layers} layers in ${seconds.toFixed(2)} s on ${cores} cores; browser RSS idle ${idle.toFixed(0)} MB, peak +${(peak - idle).toFixed(0)} MB; ` +
        `page + ${maxWorkers} workers: JS heap idle ${mb(heapIdle.used)}, peak ${mb(heapPeak.used)}; ` +
        `array buffers idle ${mb(heapIdle.buffers)}, peak ${mb(heapPeak.buffers)}; peak of the sum ${mb(totalPeak)}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  stop();
  rmSync(profile, { recursive: true, force: true });
}
