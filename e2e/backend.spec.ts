/**
 * tfjs backends in the PRODUCTION build (vite build --mode e2e + vite preview, which sends COOP/COEP):
 * - wasm comes up multi-threaded (XNNPACK pool of 2, forced: the default on 2 cores is 1 thread, see
 *   src/platform/policy.ts) in the page and inside a module worker, and matches a float64 reference;
 * - the documented fallbacks work: threads switched off ⇒ single-threaded SIMD; a threaded start that
 *   does not finish in time ⇒ single-threaded SIMD with a recorded reason (the hang guard);
 * - WebGPU initialises on SwiftShader (needs --enable-unsafe-webgpu, set in playwright.config.ts) and
 *   computes a correct matMul;
 * - no console errors anywhere.
 * The page under test is platform-check.html (a second build entry exposing window.__lab.platform).
 */
import { expect, test, type Page } from '@playwright/test';
import type { PlatformDebugApi } from '../src/platform/debug';
import { captureConsoleErrors } from './helpers';

declare global {
  interface Window {
    __lab?: { platform?: PlatformDebugApi };
  }
}

/** float32 matMul over k ≤ 33 terms: relative error is ~1e-7; 1e-5 still catches any wrong kernel. */
const MATMUL_TOL = 1e-5;

async function openCheckPage(page: Page): Promise<void> {
  await page.goto('/platform-check.html');
  await expect(page.locator('#status')).toHaveText('platform check ready');
  await page.waitForFunction(() => window.__lab?.platform !== undefined);
}

test.describe('tfjs backends in the production build', () => {
  let errors: string[];
  test.beforeEach(async ({ page }) => {
    errors = captureConsoleErrors(page);
    await openCheckPage(page);
  });
  test.afterEach(() => {
    expect(errors, 'console errors').toEqual([]);
  });

  test('the preview server isolates the page (COOP/COEP), so SharedArrayBuffer exists', async ({ page }) => {
    const env = await page.evaluate(() => ({ isolated: crossOriginIsolated, sab: typeof SharedArrayBuffer }));
    expect(env).toEqual({ isolated: true, sab: 'function' });
  });

  test('wasm runs multi-threaded in the page (2 threads forced) and computes a correct matMul', async ({ page }) => {
    const { report, check } = await page.evaluate(async () => {
      const p = window.__lab!.platform!;
      const report = await p.activate({ backend: 'wasm', threads: true, threadsCount: 2 });
      return { report, check: await p.verifyMatMul() };
    });
    expect(report.active).toBe('wasm');
    expect(report.wasm).toMatchObject({ binary: 'threaded-simd', threadsCount: 2, fallbackReason: null });
    expect(check.relError).toBeLessThan(MATMUL_TOL);
  });

  test('the default thread count follows the core count (half, at most 4, none below 2)', async ({ page }) => {
    const { report, cores } = await page.evaluate(async () => ({
      report: await window.__lab!.platform!.activate({ backend: 'wasm' }),
      cores: navigator.hardwareConcurrency,
    }));
    const expected = Math.min(Math.floor(cores / 2), 4);
    if (expected >= 2) expect(report.wasm).toMatchObject({ binary: 'threaded-simd', threadsCount: expected });
    else expect(report.wasm).toMatchObject({ binary: 'simd', threadsCount: 1, fallbackReason: expect.stringMatching(/no core to spare/) });
  });

  test('wasm runs multi-threaded inside a module worker too (and the benchmark leaks nothing)', async ({ page }) => {
    const run = await page.evaluate(() =>
      window.__lab!.platform!.runInWorker({
        activate: { backend: 'wasm', threads: true, threadsCount: 2 },
        verify: true,
        bench: { iterations: 2, warmup: 1 },
      }),
    );
    expect(run.report.scope).toBe('worker');
    expect(run.report.crossOriginIsolated).toBe(true);
    expect(run.report.wasm?.binary).toBe('threaded-simd');
    expect(run.report.wasm?.threadsCount).toBeGreaterThan(1);
    expect(run.check?.relError).toBeLessThan(MATMUL_TOL);
    expect(run.bench).toMatchObject({ backend: 'wasm', leakedTensors: 0 });
    expect(run.bench!.stepsPerSec).toBeGreaterThan(0);
  });

  test('threads switched off: single-threaded SIMD wasm, with the reason recorded', async ({ page }) => {
    const report = await page.evaluate(() => window.__lab!.platform!.activate({ backend: 'wasm', threads: false }));
    expect(report.wasm).toMatchObject({ binary: 'simd', threadsCount: 1, fallbackReason: 'threads disabled by option' });
  });

  test('hang guard: a threaded start that misses its deadline falls back to single-threaded SIMD', async ({ page }) => {
    // 1 ms is far less than compiling the threaded module and starting its workers takes, so the
    // guard must fire; the abandoned attempt finishes in the background and must not break anything.
    const { report, check } = await page.evaluate(async () => {
      const p = window.__lab!.platform!;
      const report = await p.activate({ backend: 'wasm', threads: true, threadsCount: 2, timeoutMs: 1 });
      return { report, check: await p.verifyMatMul() };
    });
    expect(report.active).toBe('wasm');
    expect(report.wasm?.binary).toBe('simd');
    expect(report.wasm?.threadsCount).toBe(1);
    expect(report.wasm?.fallbackReason).toMatch(/threaded wasm failed .*did not finish within 1 ms/);
    expect(check.relError).toBeLessThan(MATMUL_TOL);
  });

  test('webgpu initialises on SwiftShader and computes a correct matMul', async ({ page }) => {
    test.setTimeout(180_000); // software WebGPU compiles shaders slowly (PLATFORM.md: 15–22 s warm-up)
    const { report, check } = await page.evaluate(async () => {
      const p = window.__lab!.platform!;
      const report = await p.activate({ backend: 'webgpu' });
      return { report, check: await p.verifyMatMul() };
    });
    expect(report.active).toBe('webgpu');
    expect(report.adapter).toMatch(/swiftshader/i);
    expect(check.backend).toBe('webgpu');
    expect(check.relError).toBeLessThan(MATMUL_TOL);
  });

  test('webgpu works inside a module worker too', async ({ page }) => {
    test.setTimeout(180_000);
    const run = await page.evaluate(() => window.__lab!.platform!.runInWorker({ activate: { backend: 'webgpu' }, verify: true }));
    expect(run.report).toMatchObject({ scope: 'worker', active: 'webgpu' });
    expect(run.report.adapter).toMatch(/swiftshader/i);
    expect(run.check?.relError).toBeLessThan(MATMUL_TOL);
  });
});
