import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { incompleteBeta, logGamma, pairedTTest, sampleStd } from './stats';

// Reference values from scipy (scripts/ref/make_stats_fixtures.py).
const fx = JSON.parse(readFileSync('test/fixtures/stats/ttest.json', 'utf8')) as {
  ttest_rel: { a: number[]; b: number[]; t: number; p: number; df: number }[];
  betainc: { x: number; a: number; b: number; value: number }[];
};

describe('stats against scipy', () => {
  it('regularised incomplete beta matches scipy.special.betainc', () => {
    for (const c of fx.betainc) expect(Math.abs(incompleteBeta(c.x, c.a, c.b) - c.value)).toBeLessThan(1e-12);
  });
  it('paired t-test matches scipy.stats.ttest_rel (t and two-sided p)', () => {
    for (const c of fx.ttest_rel) {
      const r = pairedTTest(c.a, c.b);
      expect(r.n).toBe(c.df + 1);
      expect(r.t).toBeCloseTo(c.t, 10);
      expect(Math.abs(r.p - c.p)).toBeLessThan(1e-10 + 1e-9 * c.p);
    }
  });
});

describe('stats identities', () => {
  it('log Γ of integers is log of factorials; Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(6)).toBeCloseTo(Math.log(120), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
  });
  it('I_x(a, b) + I_{1−x}(b, a) = 1, and I_x(1, 1) = x', () => {
    for (const x of [0.1, 0.4, 0.8]) {
      expect(incompleteBeta(x, 2.5, 0.5) + incompleteBeta(1 - x, 0.5, 2.5)).toBeCloseTo(1, 13);
      expect(incompleteBeta(x, 1, 1)).toBeCloseTo(x, 13);
    }
  });
  it('edge cases: too few pairs, identical pairs, constant nonzero differences, non-finite pairs dropped', () => {
    expect(Number.isNaN(pairedTTest([1], [2]).p)).toBe(true);
    expect(pairedTTest([1, 2, 3], [1, 2, 3]).p).toBe(1);
    expect(pairedTTest([1, 2, 3], [2, 3, 4]).p).toBe(0);
    const r = pairedTTest([1, NaN, 2, 3], [1.5, 9, 2.2, 3.9]);
    expect(r.n).toBe(3);
    expect(() => pairedTTest([1], [1, 2])).toThrow(/1 vs 2/);
    expect(sampleStd([2, 4])).toBeCloseTo(Math.SQRT2, 14);
  });
});
