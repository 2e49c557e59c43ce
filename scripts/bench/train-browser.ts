/**
 * Training steps/s of the lab's preset models in the browser, on every backend Chromium offers here
 * (wasm, webgl, webgpu — the last two are SwiftShader software renderers on a machine without a GPU).
 * Drives the real training worker through `window.__lab.train` in the e2e build (production code plus its test hooks): one baseline
 * run per (backend, preset), `warmup` steps (shader compilation happens there), then the wall time of
 * `steps` more. Node numbers and the bare-tfjs reference: `npm run bench:train`.
 *
 * PDE presets also get their data generation timed, per sample, in the page's training worker (a fresh
 * browser context, so nothing comes from the IndexedDB cache) and, in the same run, in this Node process
 * (the same generator, `generatePdeDataset`, on the same spec).
 *
 *   npm run bench:train-browser [-- --backends wasm,webgl,webgpu --presets sentiment-low,fno-burgers-low --steps 10 --warmup 3]
 */
import { chromium } from '@playwright/test';
import { generatePdeDataset } from '../../src/data/pde/dataset';
import { findPreset } from '../../src/experiment/presets';
import { defaultConfig, type ExperimentConfig } from '../../src/experiment/schema';
import { pdeSpecFor } from '../../src/train/setup';
import type { RunSummary, TrainDebugApi } from '../../src/workers/trainDebug';
import { numberFlag, runCli } from '../lib/cli';
import { startPreview } from '../lib/preview';

const USAGE = `usage: npm run bench:train-browser [-- options]   (after vite build --mode e2e; the npm script builds)
  training steps/s of preset models in Chromium on each backend; results for docs/BENCHMARKS.md
  --backends LIST          wasm,webgl,webgpu (default)
  --presets LIST           lab presets (default sentiment-low,fno-burgers-low,unet-advection)
  --steps N                timed steps (default 10)
  --warmup N               untimed steps first (default 3)
  --port P                 port of the preview server (default 4198)
  -h, --help               show this help`;
const { values } = runCli(
  'bench:train-browser',
  USAGE,
  {
    options: {
      backends: { type: 'string', default: 'wasm,webgl,webgpu' },
      presets: { type: 'string', default: 'sentiment-low,fno-burgers-low,unet-advection' },
      steps: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      port: { type: 'string', default: '4198' },
    },
  },
  (args) => {
    numberFlag('steps', args.values.steps, { integer: true, min: 1 });
    numberFlag('warmup', args.values.warmup, { integer: true, min: 0 });
    numberFlag('port', args.values.port, { integer: true, min: 1 });
    return args;
  },
);
const STEPS = Number(values.steps);
const WARMUP = Number(values.warmup);
const port = Number(values.port);

const stop = await startPreview(port);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--enable-unsafe-webgpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});
/** Seconds per sample of the page's data phase: from the cache lookup to "PDE data generated". */
function browserDataSeconds(progress: RunSummary['progress']): { perSample: number; samples: number } | null {
  const start = progress.find((p) => p.phase === 'data' && p.message.startsWith('Looking for the PDE data'));
  const end = progress.find((p) => p.phase === 'data' && p.message.startsWith('PDE data generated'));
  return start && end ? { perSample: (end.at - start.at) / 1000 / end.total, samples: end.total } : null;
}

/** Seconds per sample of the same generator in this Node process (wall time; one dataset per distinct spec). */
const nodeData = new Map<string, number>();
function nodeDataSeconds(preset: string): number | null {
  const config: ExperimentConfig = { ...defaultConfig(), ...findPreset(preset)?.overrides };
  if (config.task === 'sentiment') return null;
  const spec = pdeSpecFor(config);
  const key = JSON.stringify(spec);
  if (!nodeData.has(key)) {
    const t0 = performance.now();
    generatePdeDataset(spec);
    nodeData.set(key, (performance.now() - t0) / 1000 / spec.samples);
  }
  return nodeData.get(key)!;
}

const ms = (s: number | null | undefined) => (s === null || s === undefined ? '—' : `${(s * 1000).toFixed(1)} ms`);
const rows: string[] = [];
try {
  for (const backend of values.backends.split(',')) {
    for (const preset of values.presets.split(',')) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => Boolean((window as unknown as { __lab?: { train?: unknown } }).__lab?.train), null, { timeout: 30_000 });
      const r = await page.evaluate(
        async ({ backend, preset, steps, warmup }) => {
          const api = (window as unknown as { __lab: { train: TrainDebugApi } }).__lab.train;
          const id = api.start({ preset, backend: backend as 'wasm', mode: 'baseline', overrides: { steps: steps + warmup + 1, evalEvery: 100_000, interval: 100_000 } });
          api.run(id);
          const t0 = performance.now();
          await api.whenSteps(id, warmup, 600_000);
          const t1 = performance.now();
          const done = await api.whenSteps(id, warmup + steps, 600_000);
          const t2 = performance.now();
          const s = done[0];
          api.dispose(id);
          return { warmupMs: t1 - t0, ms: t2 - t1, backends: s.backends, progress: s.progress, errors: s.errors.map((e) => e.message) };
        },
        { backend, preset, steps: STEPS, warmup: WARMUP },
      );
      // Step events are batched (≤ 5/s), so short windows round to a batch: enough steps keep that small.
      const data = browserDataSeconds(r.progress);
      const node = data ? nodeDataSeconds(preset) : null;
      const dataCells = data ? `${ms(data.perSample)} (${data.samples}) | ${ms(node)} | ${node ? (data.perSample / node).toFixed(2) : '—'}` : '— | — | —';
      const row = `| ${r.backends.join('→')} | ${preset} | ${((1000 * STEPS) / r.ms).toFixed(2)} | ${(r.warmupMs / 1000).toFixed(1)} s | ${dataCells} | ${r.errors.join('; ')} |`;
      console.log(row);
      rows.push(row);
      await page.close();
    }
  }
} finally {
  await browser.close();
  stop();
}
console.log(
  `\n| backend | preset | steps/s (after ${WARMUP} warm-up steps, ${STEPS} timed) | warm-up time (data, shaders, first steps) | data per sample, browser (samples) | data per sample, Node | browser/Node | errors |`,
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
