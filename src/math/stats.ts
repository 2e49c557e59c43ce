/**
 * Small-sample statistics for paired seed comparisons: mean, sample standard deviation, and the
 * two-sided paired t-test (Student 1908), whose p-value is the regularised incomplete beta function
 * I_x(df/2, 1/2) at x = df / (df + t²). Checked against scipy.stats.ttest_rel and scipy.special.betainc
 * (scripts/ref/make_stats_fixtures.py → test/fixtures/stats/ttest.json).
 */

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/** Sample standard deviation (n − 1 in the denominator); NaN with fewer than two values. */
export function sampleStd(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/**
 * ln Γ(x) for x > 0: shifted up to x ≥ 15 by Γ(x) = Γ(x + k) / (x(x+1)…(x+k−1)), then Stirling's series
 * with Bernoulli terms to x⁻¹¹ (the first omitted term is below 1e-16 there).
 */
export function logGamma(x: number): number {
  let shift = 0;
  while (x < 15) {
    shift += Math.log(x);
    x += 1;
  }
  const r = 1 / x;
  const r2 = r * r;
  const series = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (1 / 1188 - r2 * (691 / 360360))))));
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** Continued fraction of the incomplete beta function (modified Lentz), for x < (a + 1)/(a + b + 2). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    // Even step: d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)).
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    h *= d * c;
    // Odd step: d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) return h;
  }
  return h; // not converged in 1000 steps: only for a or b far larger than any sample size here
}

/** Regularised incomplete beta function I_x(a, b), a, b > 0, 0 ≤ x ≤ 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1) || !(a > 0) || !(b > 0)) return NaN;
  if (x === 0 || x === 1) return x;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  // The fraction converges fast on one side of the mean; use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) on the other.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaFraction(x, a, b)) / a;
  return 1 - (Math.exp(lnFront) * betaFraction(1 - x, b, a)) / b;
}

export interface PairedTest {
  /** Pairs with both values finite. */
  n: number;
  /** Mean of the differences b − a. */
  meanDiff: number;
  /** Sample standard deviation of the differences. */
  stdDiff: number;
  t: number;
  /** Two-sided p-value of H0: mean difference = 0 (NaN for n < 2; 1 when every difference is 0). */
  p: number;
}

/** Two-sided paired t-test of b against a (the differences b − a), as scipy.stats.ttest_rel(b, a). */
export function pairedTTest(a: readonly number[], b: readonly number[]): PairedTest {
  if (a.length !== b.length) throw new Error(`pairedTTest: ${a.length} vs ${b.length} values`);
  const d = a.flatMap((x, i) => (Number.isFinite(x) && Number.isFinite(b[i]) ? [b[i] - x] : []));
  const n = d.length;
  const meanDiff = mean(d);
  const stdDiff = sampleStd(d);
  if (n < 2) return { n, meanDiff, stdDiff, t: NaN, p: NaN };
  if (stdDiff === 0) return { n, meanDiff, stdDiff, t: meanDiff === 0 ? NaN : Math.sign(meanDiff) * Infinity, p: meanDiff === 0 ? 1 : 0 };
  const t = meanDiff / (stdDiff / Math.sqrt(n));
  const df = n - 1;
  return { n, meanDiff, stdDiff, t, p: incompleteBeta(df / (df + t * t), df / 2, 0.5) };
}
