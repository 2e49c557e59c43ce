/**
 * Training workers in the PRODUCTION build (vite build --mode e2e + vite preview), driven through the test hook
 * `window.__lab.train` (src/workers/trainDebug.ts) until the lab UI drives the same client:
 * - compare mode of the default preset on wasm: two workers, one shared ESD worker; finite losses,
 *   spectra with finite α and charts, ratios ≠ 1 only for TempBalance;
 * - a PDE preset generates its data inside the worker with progress, trains, and after a reload the
 *   data come from IndexedDB instead;
 * - WebGPU (SwiftShader) trains with finite losses; destroying its device moves the run to wasm from
 *   the last evaluation, and it finishes;
 * - no console errors anywhere.
 */
import { expect, test, type Page } from '@playwright/test';
import type { RunSummary, TrainDebugApi, TrainDebugStart } from '../src/workers/trainDebug';
import { captureConsoleErrors } from './helpers';

/** The hook, typed locally (another spec declares a different part of `window.__lab`). */
type LabWindow = Window & { __lab?: { train?: TrainDebugApi } };

async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => (window as LabWindow).__lab?.train !== undefined);
}

/** Start, run and wait for the end of a session; returns the summaries. */
async function train(page: Page, req: TrainDebugStart, timeoutMs: number): Promise<RunSummary[]> {
  return page.evaluate(
    async ({ req, timeoutMs }) => {
      const api = (window as LabWindow).__lab!.train!;
      const id = api.start(req);
      api.run(id);
      const out = await api.whenFinished(id, timeoutMs);
      api.dispose(id);
      return out;
    },
    { req, timeoutMs },
  );
}

const allFinite = (xs: number[]) => xs.length > 0 && xs.every((x) => Number.isFinite(x));

test.describe('training workers in the production build', () => {
  let errors: string[];
  test.beforeEach(async ({ page }) => {
    errors = captureConsoleErrors(page);
    await openApp(page);
  });
  test.afterEach(() => {
    expect(errors, 'console errors').toEqual([]);
  });

  test('sentiment-low in compare mode on wasm: finite losses and spectra; only TempBalance moves the ratios', async ({ page }) => {
    test.setTimeout(300_000);
    const runs = await train(page, { preset: 'sentiment-low', backend: 'wasm', overrides: { steps: 20, interval: 10, evalEvery: 10 } }, 280_000);
    expect(runs.map((r) => r.label)).toEqual(['baseline', 'tempbalance']);
    for (const r of runs) {
      expect(r.errors).toEqual([]);
      expect(r.backends).toEqual(['wasm']);
      expect(r.progress.some((p) => p.phase === 'data')).toBe(true);
      expect(r.steps).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(allFinite(r.losses)).toBe(true);
      // Re-estimates before steps 1 and 11, and the final spectra after step 20.
      expect(r.esd.map((e) => e.step)).toEqual([0, 10, 20]);
      for (const e of r.esd) {
        const finite = e.alphas.filter((a): a is number => a !== null);
        // Every matrix but the 64×2 classifier (two eigenvalues, no fit) has a finite α and a chart.
        expect(finite.length).toBe(e.alphas.length - 1);
        expect(finite.every((a) => a > 0)).toBe(true);
        expect(e.charts).toBe(finite.length);
        expect(e.fitLines).toBe(finite.length);
      }
      expect(r.evaluations.map((e) => e.step)).toEqual([10, 20]);
      expect(r.done).toMatchObject({ step: 20 });
      expect(r.done!.test).toBeGreaterThanOrEqual(0);
      expect(r.done!.test).toBeLessThanOrEqual(1);
    }
    const [base, tb] = runs;
    // Same seed ⇒ same initial weights and first batch: the first loss is identical.
    expect(tb.losses[0]).toBe(base.losses[0]);
    for (const e of base.esd) expect(new Set(Object.values(e.ratios))).toEqual(new Set([1]));
    const tbRatios = Object.values(tb.esd[1].ratios);
    expect(tb.esd[1].applied).toBe(true);
    expect(new Set(tbRatios.map((x) => x.toFixed(6))).size).toBeGreaterThan(1);
    expect(tbRatios.some((x) => x !== 1)).toBe(true);
  });

  test('fno-burgers-low: PDE data generated once in a worker with progress, shared by both runs, then served from IndexedDB', async ({ page }) => {
    test.setTimeout(300_000);
    const overrides = { steps: 4, evalEvery: 2 };
    const runs = await train(page, { preset: 'fno-burgers-low', backend: 'wasm', overrides }, 280_000);
    const dataOf = (r: RunSummary) => r.progress.filter((p) => p.phase === 'data');
    const generated = runs.filter((r) => dataOf(r).some((p) => /Generating PDE data/.test(p.message)));
    // Compare mode: one worker generates while the other waits on the dataset's lock, then reads the cache.
    expect(generated).toHaveLength(1);
    const gen = dataOf(generated[0]).filter((p) => /Generating PDE data/.test(p.message));
    expect(gen.length).toBeGreaterThan(2);
    const done = gen.map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(gen.at(-1)).toMatchObject({ done: 352, total: 352 });
    expect(dataOf(generated[0]).at(-1)!.message).toMatch(/PDE data generated/);
    const other = runs.find((r) => r !== generated[0])!;
    expect(dataOf(other).at(-1)!.message).toMatch(/from the browser cache \(IndexedDB\)/);
    for (const r of runs) {
      expect(r.errors).toEqual([]);
      expect(r.steps).toEqual([1, 2, 3, 4]);
      expect(allFinite(r.losses)).toBe(true);
      expect(r.evaluations.map((e) => e.metricName)).toEqual(['nRMSE', 'nRMSE']);
      expect(allFinite(r.evaluations.map((e) => e.metric))).toBe(true);
      expect(r.predictions).toHaveLength(2);
      expect(r.predictions.every((p) => p.finite && p.length === 128)).toBe(true);
    }

    // A new page load (fresh workers, nothing in memory): the dataset comes from IndexedDB.
    await openApp(page);
    const [again] = await train(page, { preset: 'fno-burgers-low', backend: 'wasm', mode: 'tempbalance', overrides }, 140_000);
    expect(again.errors).toEqual([]);
    expect(dataOf(again).some((p) => /Generating PDE data/.test(p.message))).toBe(false);
    expect(dataOf(again).at(-1)!.message).toMatch(/from the browser cache \(IndexedDB\)/);
    // Same data, seed and backend: the very same training curve as the first TempBalance run.
    expect(again.losses).toEqual(runs.find((r) => r.label === 'tempbalance')!.losses);
  });

  test('webgpu (SwiftShader) trains with finite losses; a destroyed device moves the run to wasm and it finishes', async ({ page }) => {
    test.setTimeout(400_000);
    const runs = await page.evaluate(async () => {
      const api = (window as LabWindow).__lab!.train!;
      const id = api.start({ preset: 'sentiment-low', backend: 'webgpu', mode: 'baseline', overrides: { size: 'tiny', steps: 6, evalEvery: 2, interval: 3 } });
      api.run(id);
      const before = await api.whenSteps(id, 3, 300_000);
      api.loseDevice(id, 'baseline');
      const after = await api.whenFinished(id, 300_000);
      api.dispose(id);
      return { before, after };
    });
    const [before] = runs.before;
    expect(before.errors).toEqual([]);
    expect(before.backends).toEqual(['webgpu']);
    expect(before.steps.length).toBeGreaterThanOrEqual(3);
    expect(allFinite(before.losses)).toBe(true);

    const [after] = runs.after;
    expect(after.errors).toEqual([]);
    expect(after.backends).toEqual(['webgpu', 'wasm']);
    expect(after.recovered).toHaveLength(1);
    expect(after.recovered[0]).toMatchObject({ from: 'webgpu', to: 'wasm' });
    expect(after.recovered[0].step % 2).toBe(0); // resumed from an evaluation
    expect(after.steps).toEqual([1, 2, 3, 4, 5, 6]);
    expect(allFinite(after.losses)).toBe(true);
    expect(after.done).toMatchObject({ step: 6 });
  });
});
