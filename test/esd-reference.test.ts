/**
 * The ESD + fit core against numpy references. Fixtures: test/fixtures/esd/*.json, written by
 * scripts/ref/make_esd_fixtures.py (np.linalg.svd eigenvalues and a straightforward loop implementation of
 * docs/METHOD.md §2 for all three fit methods). Regenerate with `python3 scripts/ref/make_esd_fixtures.py`.
 * Every check runs once per eigenvalue engine (WebAssembly SIMD kernel and JavaScript, src/math/wasm/kernel.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTensor } from '../src/math/analyze';
import { esdOfTensor } from '../src/math/esd';
import { analyzeEsd } from '../src/math/metrics';
import type { FitMethod } from '../src/math/types';
import { setEigenEngine } from '../src/math/wasm/kernel';
import type { EigenEngine } from '../src/math/wasm/kernel';

type Num = number | 'NaN' | 'Infinity' | '-Infinity';
interface RefFit {
  fit: FitMethod;
  xminPos: number;
  filterZeros: boolean;
  n_eigs: number;
  alpha: Num;
  D: Num;
  xminIndex: number;
  xmin: Num;
  num_pl_spikes: number;
  lambda_max: number;
  log_spectral_norm: number;
  norm: number;
  log_norm: number;
  stable_rank: number;
  alpha_weighted: Num;
}
interface Fixture {
  name: string;
  shape: number[];
  convNorm: number | null;
  data: number[];
  evals: number[];
  frobenius2: number;
  fits: RefFit[];
}

const dir = fileURLToPath(new URL('./fixtures/esd/', import.meta.url));
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(dir + f, 'utf8')) as Fixture);

const num = (v: Num): number => (typeof v === 'number' ? v : Number(v));

/** |a − b| ≤ rel·|b|, with NaN = NaN and ∞ = ∞ (the fixtures encode them as strings). */
function expectClose(actual: number, expected: Num, rel: number, what: string): void {
  const e = num(expected);
  if (!Number.isFinite(e)) {
    expect(actual, what).toBe(e);
    return;
  }
  expect(Math.abs(actual - e), `${what}: ${actual} vs ${e}`).toBeLessThanOrEqual(rel * Math.abs(e));
}

const ENGINES: EigenEngine[] = ['wasm-simd', 'js'];

for (const engine of ENGINES) {
  describe(`ESD against numpy SVD (scripts/ref/make_esd_fixtures.py), engine ${engine}`, () => {
    beforeAll(() => setEigenEngine(engine));
    afterAll(() => setEigenEngine('auto'));
    it('has the fixtures', () => {
      expect(fixtures.length).toBeGreaterThanOrEqual(9);
    });

    for (const fx of fixtures) {
      it(`${fx.name}: eigenvalues, Frobenius identity`, () => {
        const evals = esdOfTensor({ name: fx.name, shape: fx.shape, data: Float64Array.from(fx.data) }, 0.5);
        expect(evals.length).toBe(fx.evals.length);
        const lmax = fx.evals[fx.evals.length - 1];
        // Gram-method error model (docs/BENCHMARKS.md): relative 1e-6 on every eigenvalue, or absolute
        // 1e-14·λ_max for those within ~1e-8 of λ_max's scale (squaring the condition number, the bottom of a
        // low-rank + noise spectrum carries only ~6 correct digits). Zeros (below the noise floor) are exact.
        for (let k = 0; k < evals.length; k++) {
          const r = fx.evals[k];
          expect(Math.abs(evals[k] - r), `λ[${k}]`).toBeLessThanOrEqual(Math.max(1e-6 * r, 1e-14 * lmax));
          if (r === 0) expect(evals[k]).toBe(0);
        }
        // Σλ = ‖W‖²_F (times convNorm for kernels).
        const sum = evals.reduce((a, b) => a + b, 0);
        expectClose(sum, fx.frobenius2 * (fx.convNorm ?? 1), 1e-12, 'trace');
      });

      it(`${fx.name}: alpha, D, xmin and metrics for every fit method`, () => {
        const { evals } = analyzeTensor({ name: fx.name, shape: fx.shape, data: Float64Array.from(fx.data) });
        for (const ref of fx.fits) {
          const opts = { fit: ref.fit, xminPos: ref.xminPos, filterZeros: ref.filterZeros, eigsThresh: 20 };
          const m = analyzeEsd(fx.name, fx.shape, evals, opts);
          const tag = `${fx.name} ${ref.fit}/${ref.xminPos}/${ref.filterZeros}`;
          expect(m.n_eigs, tag).toBe(ref.n_eigs);
          expect(m.num_pl_spikes, tag).toBe(ref.num_pl_spikes);
          for (const key of ['alpha', 'D', 'xmin', 'lambda_max', 'log_spectral_norm', 'norm', 'log_norm', 'stable_rank', 'alpha_weighted'] as const) {
            expectClose(m[key], ref[key], 1e-6, `${tag} ${key}`);
          }
        }
      });
    }

    it('analyzeTensor reports the same metrics as analyzeEsd on its evals, and times them', () => {
      const fx = fixtures[0];
      const { metrics, evals } = analyzeTensor({ name: fx.name, shape: fx.shape, data: Float64Array.from(fx.data) });
      const again = analyzeEsd(fx.name, fx.shape, evals);
      expect({ ...metrics, ms: 0 }).toEqual(again);
      expect(metrics.ms).toBeGreaterThanOrEqual(0);
    });
  });
}
