import { describe, expect, it } from 'vitest';
import { fitAtIndex, fitPowerLaw, histogramPeak, indexOfXmin, medianIndex } from './powerlaw';
import { createRng } from './random';

/** n Pareto samples with density ∝ λ^(−α) on [xmin, ∞), by inversion, sorted ascending. */
function pareto(n: number, alpha: number, xmin: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => xmin * Math.pow(1 - rng.next(), -1 / (alpha - 1))).sort();
}

describe('fitAtIndex', () => {
  it('matches the Hill formula on a hand-computable tail', () => {
    // Tail {1, e, e²}: Σ ln(λ/1) = 0 + 1 + 2 = 3, α = 1 + 3/3 = 2;
    // D = max |1 − (λ_k)^(−1) − k/3| = max(0, |1 − 1/e − 1/3|, |1 − 1/e² − 2/3|).
    const s = Float64Array.from([0.5, 1, Math.E, Math.E ** 2]);
    const { alpha, D } = fitAtIndex(s, 1);
    expect(alpha).toBeCloseTo(2, 14);
    const want = Math.max(Math.abs(1 - 1 / Math.E - 1 / 3), Math.abs(1 - Math.E ** -2 - 2 / 3));
    expect(D).toBeCloseTo(want, 14);
  });

  it('recovers planted exponents within 4 Hill standard errors (α−1)/√n', () => {
    for (const [alpha, seed] of [[2, 1], [3, 2], [4.5, 3]] as const) {
      const n = 4000;
      const s = pareto(n, alpha, 1, seed);
      const fit = fitAtIndex(s, 0);
      expect(Math.abs(fit.alpha - alpha)).toBeLessThan((4 * (alpha - 1)) / Math.sqrt(n));
      // A correct model: KS distance of order 1/√n.
      expect(fit.D).toBeLessThan(2 / Math.sqrt(n));
    }
  });

  it('ties: Σ ln = 0 ⇒ α = +∞ and D = (n−1)/n; the last index alone gives α = ∞, D = 0', () => {
    const s = new Float64Array(10).fill(2);
    expect(fitAtIndex(s, 0)).toEqual({ alpha: Infinity, D: 0.9 });
    expect(fitAtIndex(Float64Array.from([1, 2, 3]), 2)).toEqual({ alpha: Infinity, D: 0 });
  });

  it('partial ties are fine and a zero xmin gives NaN; bad index throws', () => {
    const f = fitAtIndex(Float64Array.from([1, 1, 1, 4]), 0);
    expect(f.alpha).toBeCloseTo(1 + 4 / Math.log(4), 14);
    expect(Number.isNaN(fitAtIndex(Float64Array.from([0, 1, 2]), 0).alpha)).toBe(true);
    expect(() => fitAtIndex(Float64Array.from([1, 2]), 2)).toThrow(RangeError);
    expect(() => fitAtIndex(Float64Array.from([1, 2]), 0.5)).toThrow(RangeError);
  });
});

describe('fitPowerLaw', () => {
  // Bulk (uniform on [0.1, 1)) + planted α = 3 tail from 1: goodness-of-fit must find xmin near 1.
  const rng = createRng(11);
  const bulk = Array.from({ length: 1500 }, () => 0.1 + 0.9 * rng.next());
  const mixed = Float64Array.from([...bulk, ...pareto(1500, 3, 1, 12)]).sort();

  it("median uses i = ⌊N / xminPos⌋ (clamped to N−2)", () => {
    expect(medianIndex(10, 2)).toBe(5);
    expect(medianIndex(10, 1.5)).toBe(6);
    expect(medianIndex(10, 1)).toBe(8);
    const f = fitPowerLaw(mixed, { fit: 'median', xminPos: 2 });
    expect(f.xminIndex).toBe(1500);
    expect(f.xmin).toBe(mixed[1500]);
    expect(f.numPlSpikes).toBe(1500);
    expect(f).toMatchObject(fitAtIndex(mixed, 1500));
  });

  it('goodness-of-fit finds the planted tail and its exponent, and is the minimum D over α > 1', () => {
    const f = fitPowerLaw(mixed, { fit: 'goodness-of-fit', xminPos: 2 });
    expect(f.xmin).toBeGreaterThan(0.9);
    expect(f.xmin).toBeLessThan(1.5);
    expect(Math.abs(f.alpha - 3)).toBeLessThan((4 * 2) / Math.sqrt(f.numPlSpikes));
    for (let i = 0; i < mixed.length - 1; i += 97) {
      const g = fitAtIndex(mixed, i);
      if (g.alpha > 1) expect(g.D).toBeGreaterThanOrEqual(f.D);
    }
  });

  it('fix-finger only considers 0.95·p ≤ xmin ≤ 1.5·p around the histogram peak p', () => {
    const f = fitPowerLaw(mixed, { fit: 'fix-finger', xminPos: 2 });
    const p = histogramPeak(mixed);
    expect(f.xmin).toBeGreaterThanOrEqual(0.95 * p);
    expect(f.xmin).toBeLessThanOrEqual(1.5 * p);
  });

  it('histogramPeak: left edge of the fullest of 100 log10 bins', () => {
    // 1..10 has one value per bin except the mass at 10^0.5: the bin starting at 0.5 (log10) wins.
    const vals = [1, 10, ...new Array(5).fill(Math.pow(10, 0.503))].sort((a, b) => a - b);
    expect(Math.log10(histogramPeak(Float64Array.from(vals)))).toBeCloseTo(0.5, 12);
  });

  it('fewer than 3 eigenvalues ⇒ NaN fit with xminIndex −1', () => {
    for (const fit of ['median', 'goodness-of-fit', 'fix-finger'] as const) {
      const f = fitPowerLaw(Float64Array.from([1, 2]), { fit, xminPos: 2 });
      expect(Number.isNaN(f.alpha)).toBe(true);
      expect(f.xminIndex).toBe(-1);
    }
  });

  it('an all-tied spectrum gives α = ∞ for every method (no crash, no NaN)', () => {
    const s = new Float64Array(30).fill(0.7);
    for (const fit of ['median', 'goodness-of-fit', 'fix-finger'] as const) {
      expect(fitPowerLaw(s, { fit, xminPos: 2 }).alpha).toBe(Infinity);
    }
  });
});

describe('indexOfXmin', () => {
  const s = Float64Array.from([1, 2, 4, 8, 16]);
  it('picks the nearest eigenvalue on a log scale, clamped to 0..N−2', () => {
    expect(indexOfXmin(s, 2.7)).toBe(1); // log distance to 2 is 0.30, to 4 is 0.39
    expect(indexOfXmin(s, 3)).toBe(2);
    expect(indexOfXmin(s, 0.01)).toBe(0);
    expect(indexOfXmin(s, 100)).toBe(3);
    expect(indexOfXmin(s, 16)).toBe(3);
    expect(indexOfXmin(s, -1)).toBe(-1);
    expect(indexOfXmin(Float64Array.from([1]), 1)).toBe(-1);
  });
});
