/**
 * Benchmark of the tfjs backends in the PRODUCTION build, driven through Chromium (not a test: it
 * only measures). Usage (after `vite build --mode e2e`, the build with the test hooks; `npm run bench:backends` does both):
 *
 *   npx tsx scripts/bench/backends.ts [--rounds 3] [--iterations 30] [--port 4199] [--json out.json]
 *
 * Serves dist/ with `vite preview` (which sends COOP/COEP, see vite.config.ts), opens
 * platform-check.html once per (configuration, round) in a fresh page, and runs the fixed workload of
 * src/platform/bench.ts: matMul 256×256 and an im2col conv [16,128,32]⊛[5,32,64]. Configurations are
 * interleaved round by round so a burst of load from other processes hits all of them alike.
 * Prints a markdown table of medians over rounds (with min–max) for docs/BENCHMARKS.md.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium, type Browser } from '@playwright/test';
import { startPreview as startPreviewOn } from '../lib/preview';
import type { PlatformDebugApi } from '../../src/platform/debug';
import type { BenchResult } from '../../src/platform/bench';
import type { ActivateRequest } from '../../src/platform/activate';

declare global {
  interface Window {
    __lab?: { platform?: PlatformDebugApi };
  }
}

interface Config {
  label: string;
  activate: ActivateRequest;
  worker: boolean;
}

const CONFIGS: Config[] = [
  { label: 'wasm, 2 threads, page', activate: { backend: 'wasm', threads: true, threadsCount: 2 }, worker: false },
  { label: 'wasm, 1 thread, page', activate: { backend: 'wasm', threads: false }, worker: false },
  { label: 'wasm, 2 threads, worker', activate: { backend: 'wasm', threads: true, threadsCount: 2 }, worker: true },
  { label: 'wasm, 1 thread, worker', activate: { backend: 'wasm', threads: false }, worker: true },
  { label: 'webgl (SwiftShader), page', activate: { backend: 'webgl' }, worker: false },
  { label: 'webgpu (SwiftShader), page', activate: { backend: 'webgpu' }, worker: false },
  { label: 'cpu, page', activate: { backend: 'cpu' }, worker: false },
];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const rounds = arg('rounds', 3);
const iterations = arg('iterations', 30);
const port = arg('port', 4199);
const jsonIndex = process.argv.indexOf('--json');
const jsonOut = jsonIndex >= 0 ? process.argv[jsonIndex + 1] : null;
const base = `http://127.0.0.1:${port}`;

const startPreview = () => startPreviewOn(port, '/platform-check.html');

interface Sample {
  config: string;
  round: number;
  active: string;
  threads: number | null;
  initMs: number;
  bench: BenchResult;
  /** Page runs on Linux only: CPU seconds of all Chromium threads per wall second of the benchmark. */
  cpuPerWall: number | null;
  /** Page runs on Linux only: fraction of that CPU time spent on DedicatedWorker threads (the pthreads). */
  workerShare: number | null;
}

/**
 * CPU seconds (user + system) of every thread of every Chromium process, keyed by pid/tid, from
 * /proc (Linux). This is how we see whether the wasm pthread really computes: during a threaded
 * matMul its "DedicatedWorker" thread must accumulate CPU time, not just exist.
 */
function chromiumThreadCpu(): Map<string, { name: string; sec: number }> {
  const out = new Map<string, { name: string; sec: number }>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out; // not Linux
  }
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('chrom')) continue;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // Fields 14 and 15 of stat (utime, stime) in clock ticks; 100 Hz on Linux.
        out.set(`${pid}/${tid}`, { name, sec: (Number(fields[11]) + Number(fields[12])) / 100 });
      }
    } catch {
      // process ended meanwhile
    }
  }
  return out;
}

function cpuBetween(a: Map<string, { name: string; sec: number }>, b: Map<string, { name: string; sec: number }>) {
  let total = 0;
  let workers = 0;
  for (const [key, t] of b) {
    const d = t.sec - (a.get(key)?.sec ?? 0);
    total += d;
    if (t.name === 'DedicatedWorker') workers += d;
  }
  return { total, workers };
}

async function runOne(browser: Browser, cfg: Config, round: number): Promise<Sample> {
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`  [${cfg.label}] console error: ${m.text()}`);
  });
  try {
    await page.goto(`${base}/platform-check.html`);
    await page.waitForFunction(() => window.__lab?.platform !== undefined);
    if (cfg.worker) {
      const out = await page.evaluate(
        ({ activate, iterations }) => window.__lab!.platform!.runInWorker({ activate, bench: { iterations, warmup: 5 } }, 600_000),
        { activate: cfg.activate, iterations },
      );
      const { report, bench } = out;
      return { config: cfg.label, round, active: report.active, threads: report.wasm?.threadsCount ?? null, initMs: report.initMs, bench: bench!, cpuPerWall: null, workerShare: null };
    }
    const report = await page.evaluate((activate) => window.__lab!.platform!.activate(activate), cfg.activate);
    const cpu0 = chromiumThreadCpu();
    const t0 = performance.now();
    const bench = await page.evaluate((iterations) => window.__lab!.platform!.bench({ iterations, warmup: 5 }), iterations);
    const wall = (performance.now() - t0) / 1000;
    const cpu = cpuBetween(cpu0, chromiumThreadCpu());
    return {
      config: cfg.label,
      round,
      active: report.active,
      threads: report.wasm?.threadsCount ?? null,
      initMs: report.initMs,
      bench,
      cpuPerWall: cpu0.size ? cpu.total / wall : null,
      workerShare: cpu0.size && cpu.total > 0 ? cpu.workers / cpu.total : null,
    };
  } finally {
    await page.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const f1 = (x: number) => x.toFixed(1);
const pct = (x: number) => `${Math.round(100 * x)} %`;
/** Median of the values that were measured, formatted; '–' when none were (worker runs, non-Linux). */
function optMedian(xs: (number | null)[], fmt: (x: number) => string): string {
  const got = xs.filter((x): x is number => x !== null);
  return got.length ? fmt(median(got)) : '–';
}
const f2 = (x: number) => x.toFixed(2);

async function main(): Promise<void> {
  const stop = await startPreview();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--enable-unsafe-webgpu', '--no-first-run', '--disable-background-networking'],
  });
  const samples: Sample[] = [];
  const loadBefore = loadavg()[0];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const cfg of CONFIGS) {
        const s = await runOne(browser, cfg, round);
        samples.push(s);
        console.error(`round ${round} ${cfg.label}: ${f1(s.bench.stepsPerSec)} steps/s (active ${s.active}, threads ${s.threads ?? '-'})`);
      }
    }
  } finally {
    await browser.close();
    stop();
  }
  const loadAfter = loadavg()[0];
  console.log(`| configuration | active | threads | matMul 256² ms | im2col conv ms | steps/s (median) | steps/s min–max | init ms | CPU/wall | pthread CPU share |`);
  console.log(`|---|---|---|---|---|---|---|---|---|---|`);
  for (const cfg of CONFIGS) {
    const mine = samples.filter((s) => s.config === cfg.label);
    const sps = mine.map((s) => s.bench.stepsPerSec);
    console.log(
      `| ${cfg.label} | ${mine[0].active} | ${mine[0].threads ?? '–'} | ${f2(median(mine.map((s) => s.bench.matMulMs)))} | ` +
        `${f2(median(mine.map((s) => s.bench.convMs)))} | ${f1(median(sps))} | ${f1(Math.min(...sps))}–${f1(Math.max(...sps))} | ` +
        `${Math.round(median(mine.map((s) => s.initMs)))} | ${optMedian(mine.map((s) => s.cpuPerWall), f2)} | ${optMedian(mine.map((s) => s.workerShare), pct)} |`,
    );
  }
  console.log(`\n${rounds} rounds × ${iterations} timed iterations (median per run); 1-min load average ${f1(loadBefore)} → ${f1(loadAfter)} on ${process.env.HOSTNAME ?? 'this machine'}.`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ rounds, iterations, loadBefore, loadAfter, samples }, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
