/**
 * FARMS (src/math/farms.ts) against its numpy reference: test/fixtures/farms/*.json, written by
 * scripts/ref/make_farms_fixtures.py (numpy slicing + np.linalg.svd, fits by plain loops). Checks the
 * pooled eigenvalues and α / xmin / D of the median and goodness-of-fit fits to 1e-6 (relative).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeTensor } from '../src/math/analyze';
import { farmsEsdOfTensor, type FarmsOptions } from '../src/math/farms';
import type { FitMethod } from '../src/math/types';

type Num = number | 'NaN' | 'Infinity' | '-Infinity';
interface Fixture {
  name: string;
  shape: number[];
  convNorm: number | null;
  farms: FarmsOptions;
  data: number[];
  evals: number[];
  fits: { fit: FitMethod; xminPos: number; n_eigs: number; alpha: Num; xmin: Num; D: Num; num_pl_spikes: number }[];
}

const dir = fileURLToPath(new URL('./fixtures/farms/', import.meta.url));
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(dir + f, 'utf8')) as Fixture);

function close(actual: number, expected: Num, rel: number, what: string): void {
  const e = typeof expected === 'number' ? expected : Number(expected);
  if (!Number.isFinite(e)) return void expect(actual, what).toBe(e);
  expect(Math.abs(actual - e), `${what}: ${actual} vs ${e}`).toBeLessThanOrEqual(rel * Math.abs(e));
}

describe('FARMS against numpy (scripts/ref/make_farms_fixtures.py)', () => {
  it('has fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(5));
  for (const fx of fixtures) {
    const tensor = { name: fx.name, shape: fx.shape, data: Float64Array.from(fx.data) };
    it(`${fx.name}: pooled eigenvalues`, () => {
      const evals = farmsEsdOfTensor(tensor, fx.convNorm ?? undefined, fx.farms);
      expect(evals.length).toBe(fx.evals.length);
      const top = fx.evals[fx.evals.length - 1];
      fx.evals.forEach((e, k) => expect(Math.abs(evals[k] - e), `λ[${k}]`).toBeLessThanOrEqual(1e-12 * top));
    });
    for (const f of fx.fits) {
      it(`${fx.name}: ${f.fit} xmin_pos ${f.xminPos} α, xmin, D to 1e-6`, () => {
        const opts = { estimator: 'farms' as const, fit: f.fit, xminPos: f.xminPos, convNorm: fx.convNorm ?? 0.5, farms: fx.farms };
        const m = analyzeTensor(tensor, opts).metrics;
        expect(m.n_eigs).toBe(f.n_eigs);
        expect(m.num_pl_spikes).toBe(f.num_pl_spikes);
        close(m.alpha, f.alpha, 1e-6, 'alpha');
        close(m.xmin, f.xmin, 1e-6, 'xmin');
        close(m.D, f.D, 1e-6, 'D');
      });
    }
  }
});
