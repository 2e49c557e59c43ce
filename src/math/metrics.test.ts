import { describe, expect, it } from 'vitest';
import { analyzeTensor, allFinite } from './analyze';
import { analyzeEsd, fitSet } from './metrics';
import { fitPowerLaw } from './powerlaw';
import { createRng } from './random';

const spectrum = (n: number, seed: number): Float64Array => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => Math.pow(1 - rng.next(), -1 / 2)).sort();
};

describe('analyzeEsd', () => {
  it('derives the WeightWatcher metrics from their definitions', () => {
    const ev = spectrum(100, 1);
    const m = analyzeEsd('l', [100, 120], ev);
    const sum = ev.reduce((a, b) => a + b, 0);
    const lmax = ev[99];
    const fit = fitPowerLaw(ev, { fit: 'median', xminPos: 2 });
    expect(m).toMatchObject({ status: 'ok', n_eigs: 100, alpha: fit.alpha, xmin: fit.xmin, D: fit.D, num_pl_spikes: 50 });
    expect(m.lambda_max).toBe(lmax);
    expect(m.norm).toBeCloseTo(sum, 10);
    expect(m.log_norm).toBeCloseTo(Math.log10(sum), 12);
    expect(m.log_spectral_norm).toBe(Math.log10(lmax));
    expect(m.stable_rank).toBeCloseTo(sum / lmax, 12);
    expect(m.alpha_weighted).toBeCloseTo(fit.alpha * Math.log10(lmax), 12);
    expect(m.shape).toEqual([100, 120]);
  });

  it("status 'too-few' below eigsThresh, fit still present", () => {
    const m = analyzeEsd('l', [10, 10], spectrum(10, 2), { eigsThresh: 20 });
    expect(m.status).toBe('too-few');
    expect(Number.isFinite(m.alpha)).toBe(true);
  });

  it('filterZeros drops eigenvalues ≤ evalsThresh from the fit only; zeros never enter the fit', () => {
    const ev = Float64Array.from([0, 1e-9, 3e-6, ...spectrum(60, 3)]);
    const all = analyzeEsd('l', [63, 63], ev);
    expect(all.n_eigs).toBe(62); // the exact zero is excluded always
    const filtered = analyzeEsd('l', [63, 63], ev, { filterZeros: true });
    expect(filtered.n_eigs).toBe(60);
    expect(filtered.norm).toBe(all.norm);
    expect(filtered.alpha).toBe(fitPowerLaw(ev.subarray(3), { fit: 'median', xminPos: 2 }).alpha);
  });

  it('fitSet: ascending, λ > 0 always, λ > evalsThresh only with filterZeros', () => {
    const ev = Float64Array.from([3, 0, 2e-6, -1e-18, 1]);
    expect(Array.from(fitSet(ev, { filterZeros: false, evalsThresh: 1e-5 }))).toEqual([2e-6, 1, 3]);
    expect(Array.from(fitSet(ev, { filterZeros: true, evalsThresh: 1e-5 }))).toEqual([1, 3]);
  });

  it('degenerate table (docs/ESD.md): empty, < 3 eigenvalues, all zero, ties, NaN, negatives', () => {
    const empty = analyzeEsd('e', [0, 3], new Float64Array(0));
    expect(empty.status).toBe('degenerate');
    expect(empty.n_eigs).toBe(0);
    expect([empty.alpha, empty.lambda_max, empty.norm].every(Number.isNaN)).toBe(true);

    const two = analyzeEsd('t', [2, 5], Float64Array.from([1, 2]));
    expect(two.status).toBe('degenerate');
    expect(Number.isNaN(two.alpha)).toBe(true);
    expect(two.lambda_max).toBe(2);
    expect(two.num_pl_spikes).toBe(0);

    const zero = analyzeEsd('z', [4, 4], new Float64Array(4));
    expect(zero).toMatchObject({ status: 'degenerate', lambda_max: 0, norm: 0, n_eigs: 0 });
    expect([zero.log_norm, zero.log_spectral_norm, zero.stable_rank, zero.alpha].every(Number.isNaN)).toBe(true);

    const tied = analyzeEsd('o', [8, 8], new Float64Array(8).fill(1));
    expect(tied).toMatchObject({ status: 'degenerate', alpha: Infinity, stable_rank: 8 });
    expect(Number.isNaN(tied.alpha_weighted)).toBe(true);

    const bad = analyzeEsd('n', [3, 3], Float64Array.from([1, NaN, 2]));
    expect(bad.status).toBe('not-finite');
    expect(Number.isNaN(bad.lambda_max)).toBe(true);

    // Rounding negatives (from a foreign eigensolver) are clamped to 0 and so leave the fit.
    const neg = analyzeEsd('g', [5, 5], Float64Array.from([-1e-17, 1, 2, 3, 4]));
    expect(neg.n_eigs).toBe(4);
    expect(neg.norm).toBe(10);
  });
});

describe('analyzeTensor', () => {
  it("NaN or Inf weights ⇒ 'not-finite' with no ESD computed", () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const data = Float32Array.from([1, 2, bad, 4, 5, 6]);
      const { metrics, evals } = analyzeTensor({ name: 'w', shape: [2, 3], data });
      expect(metrics.status).toBe('not-finite');
      expect(evals.length).toBe(0);
    }
    expect(allFinite([1, 2, 3])).toBe(true);
    expect(allFinite([1, NaN])).toBe(false);
  });

  it('a conv kernel uses convNorm; shapes pass through; 1-D throws', () => {
    const rng = createRng(4);
    const data = Float64Array.from({ length: 3 * 8 * 10 }, () => rng.normal());
    const a = analyzeTensor({ name: 'c', shape: [3, 8, 10], data }, { convNorm: 1 });
    const b = analyzeTensor({ name: 'c', shape: [3, 8, 10], data });
    expect(a.evals.length).toBe(24);
    for (let k = 0; k < 24; k++) expect(b.evals[k]).toBeCloseTo(a.evals[k] * 0.5, 12);
    expect(a.metrics.shape).toEqual([3, 8, 10]);
    expect(a.metrics.status).toBe('too-few'); // 24 < default eigsThresh 50
    expect(() => analyzeTensor({ name: 'b', shape: [240], data })).toThrow(RangeError);
  });
});
