/**
 * Training steps/s of the lab's preset models in the browser, on every backend Chromium offers here
 * (wasm, webgl, webgpu — the last two are SwiftShader software renderers on a machine without a GPU).
 * Drives the real training worker through `window.__lab.train` in the e2e build (production code plus its test hooks): one baseline
 * run per (backend, preset), `warmup` steps (shader compilation happens there), then the wall time of
 * `steps` more. Node numbers and the bare-tfjs reference: `npm run bench:train`.
 *
 *   npm run bench:train-browser [-- --backends wasm,webgl,webgpu --presets sentiment-low,fno-burgers-low --steps 10 --warmup 3]
 */
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import type { TrainDebugApi } from '../../src/workers/trainDebug';
import { startPreview } from '../lib/preview';

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm,webgl,webgpu' },
    presets: { type: 'string', default: 'sentiment-low,fno-burgers-low,unet-advection' },
    steps: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    port: { type: 'string', default: '4198' },
  },
});
const STEPS = Number(values.steps);
const WARMUP = Number(values.warmup);
const port = Number(values.port);

const stop = await startPreview(port);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--enable-unsafe-webgpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});
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
          return { warmupMs: t1 - t0, ms: t2 - t1, backends: s.backends, errors: s.errors.map((e) => e.message) };
        },
        { backend, preset, steps: STEPS, warmup: WARMUP },
      );
      // Step events are batched (≤ 5/s), so short windows round to a batch: enough steps keep that small.
      const row = `| ${r.backends.join('→')} | ${preset} | ${((1000 * STEPS) / r.ms).toFixed(2)} | ${(r.warmupMs / 1000).toFixed(1)} s | ${r.errors.join('; ')} |`;
      console.log(row);
      rows.push(row);
      await page.close();
    }
  }
} finally {
  await browser.close();
  stop();
}
console.log(`\n| backend | preset | steps/s (after ${WARMUP} warm-up steps, ${STEPS} timed) | warm-up time (data, shaders, first steps) | errors |`);
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(r);
