/**
 * PL_Alpha_Hill: power-law fit of the tail of a sorted ESD (docs/METHOD.md §2).
 *
 * With xmin = λᵢ and n = N − i:  α = 1 + n / Σ_{j≥i} ln(λⱼ/λᵢ)   (Hill / continuous MLE)
 *                                D = max_{k<n} | 1 − (λ_{i+k}/λᵢ)^(1−α) − k/n |   (Kolmogorov–Smirnov)
 * xmin choice: 'median' (i = ⌊N / xminPos⌋), 'goodness-of-fit' (argmin D over every i ≤ N−2, counting
 * only α > 1), 'fix-finger' (the same argmin restricted to 0.95·p ≤ λᵢ ≤ 1.5·p, p = left edge of the
 * fullest of 100 bins of log10 λ; LINEAR lower bound, unlike the authors' code).
 *
 * Precision: ln λ is computed once; each ratio's log is the difference ln λⱼ − ln λᵢ, which is exactly 0
 * for tied eigenvalues, so ties give Σ = 0 and α = +∞ exactly (see docs/ESD.md). Each candidate costs two
 * O(n) passes (Σ, then D), so goodness-of-fit is O(N²); measured in docs/BENCHMARKS.md.
 */
import type { FitOptions, PowerLawFit } from './types';

/** Result of a fit at one xmin index. */
export interface IndexFit {
  alpha: number;
  D: number;
}

/** A fit that could not be made (fewer than 3 eigenvalues, or no admissible candidate). */
export const NO_FIT: Readonly<PowerLawFit> = Object.freeze({
  alpha: NaN,
  xmin: NaN,
  xminIndex: -1,
  D: NaN,
  numPlSpikes: 0,
});

/** α and D at xmin index i, given ln λ of the sorted spectrum. */
function fitWithLogs(logs: Float64Array, i: number): IndexFit {
  const N = logs.length;
  const n = N - i;
  const li = logs[i];
  let s = 0;
  for (let j = i; j < N; j++) s += logs[j] - li;
  if (!Number.isFinite(li) || Number.isNaN(s)) return { alpha: NaN, D: NaN };
  // Σ = 0 (all tail eigenvalues tied with xmin, or n = 1): α = +∞, the limit of a point mass.
  const alpha = s > 0 ? 1 + n / s : Infinity;
  const e = 1 - alpha;
  let D = 0;
  for (let k = 0; k < n; k++) {
    const lr = logs[i + k] - li;
    // (λ/xmin)^(1−α) with the α = ∞ limit taken explicitly: 1 at a tie (lr = 0), else 0.
    const pow = alpha === Infinity ? (lr === 0 ? 1 : 0) : Math.exp(e * lr);
    const dist = Math.abs(1 - pow - k / n);
    if (dist > D) D = dist;
  }
  return { alpha, D };
}

/** Natural logs of a sorted spectrum (entries ≤ 0 give −∞/NaN, which make fits NaN). */
function logsOf(sorted: Float64Array): Float64Array {
  const logs = new Float64Array(sorted.length);
  for (let k = 0; k < sorted.length; k++) logs[k] = Math.log(sorted[k]);
  return logs;
}

/**
 * α and D of the Hill fit with xmin = sorted[i] (ascending input, all > 0 assumed: the caller filters).
 * Ties in the whole tail (or i = N−1) give α = +∞ and D = (n−1)/n. A non-positive xmin gives NaN.
 * Throws RangeError when i is not an index of `sorted`.
 */
export function fitAtIndex(sorted: Float64Array, i: number): IndexFit {
  if (!Number.isInteger(i) || i < 0 || i >= sorted.length) {
    throw new RangeError(`fitAtIndex: index ${i} outside 0..${sorted.length - 1}`);
  }
  const tail = sorted.subarray(i);
  return fitWithLogs(logsOf(tail), 0);
}

/** Index for the 'median' method: ⌊N / xminPos⌋, clamped to 0..N−2 so the tail keeps ≥ 2 eigenvalues. */
export function medianIndex(N: number, xminPos: number): number {
  const i = Math.floor(N / xminPos);
  return Math.max(0, Math.min(N - 2, Number.isFinite(i) ? i : 0));
}

/**
 * p for 'fix-finger': 10^(left edge) of the fullest bin of a 100-bin histogram of log10 λ, replicating
 * numpy.histogram's uniform-bin rule (edges = linspace(min, max, 101); a constant input gets range ±0.5;
 * the first fullest bin wins ties) so that p matches the reference bit for bit in practice.
 */
export function histogramPeak(sorted: Float64Array, bins = 100): number {
  const N = sorted.length;
  const x = new Float64Array(N);
  for (let k = 0; k < N; k++) x[k] = Math.log10(sorted[k]);
  let first = x[0];
  let last = x[N - 1];
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const step = (last - first) / bins;
  const edges = new Float64Array(bins + 1);
  for (let b = 0; b < bins; b++) edges[b] = b * step + first;
  edges[bins] = last;
  const counts = new Int32Array(bins);
  const denom = last - first;
  for (let k = 0; k < N; k++) {
    let b = Math.trunc(((x[k] - first) / denom) * bins);
    if (b === bins) b -= 1;
    if (x[k] < edges[b]) b -= 1;
    if (b !== bins - 1 && x[k] >= edges[b + 1]) b += 1;
    counts[b]++;
  }
  let best = 0;
  for (let b = 1; b < bins; b++) if (counts[b] > counts[best]) best = b;
  return Math.pow(10, edges[best]);
}

/** Smallest-D fit over candidate indices lo..hi (inclusive), counting only α > 1; NO_FIT if none. */
function bestByD(sorted: Float64Array, logs: Float64Array, lo: number, hi: number): PowerLawFit {
  let best: PowerLawFit = NO_FIT;
  for (let i = lo; i <= hi; i++) {
    const { alpha, D } = fitWithLogs(logs, i);
    // Strict < keeps the lowest index on equal D (numpy argmin does the same in the reference).
    if (alpha > 1 && D < (best.xminIndex < 0 ? Infinity : best.D)) {
      best = { alpha, xmin: sorted[i], xminIndex: i, D, numPlSpikes: sorted.length - i };
    }
  }
  return best;
}

/**
 * Power-law fit of a sorted (ascending, all > 0) ESD by the chosen xmin method. Fewer than 3 eigenvalues
 * ⇒ NO_FIT (α NaN). 'fix-finger' with no eigenvalue in [0.95p, 1.5p] (possible when one histogram bin
 * spans more than a factor 1.5) falls back to the first eigenvalue ≥ p, the fullest bin's first member.
 */
export function fitPowerLaw(sorted: Float64Array, opts: Pick<FitOptions, 'fit' | 'xminPos'>): PowerLawFit {
  const N = sorted.length;
  if (N < 3) return NO_FIT;
  const logs = logsOf(sorted);
  if (opts.fit === 'median') {
    const i = medianIndex(N, opts.xminPos);
    const { alpha, D } = fitWithLogs(logs, i);
    return { alpha, xmin: sorted[i], xminIndex: i, D, numPlSpikes: N - i };
  }
  if (opts.fit === 'goodness-of-fit') return bestByD(sorted, logs, 0, N - 2);
  const p = histogramPeak(sorted);
  let lo = 0;
  while (lo < N - 1 && sorted[lo] < 0.95 * p) lo++;
  let hi = lo;
  while (hi < N - 1 && sorted[hi] <= 1.5 * p) hi++;
  hi -= 1; // last index with λ ≤ 1.5·p (and ≤ N−2)
  if (hi < lo) {
    let i = 0;
    while (i < N - 2 && sorted[i] < p) i++;
    return bestByD(sorted, logs, i, i);
  }
  return bestByD(sorted, logs, lo, hi);
}

/**
 * Index of the eigenvalue nearest x on a log scale (for dragging xmin on a log-log chart), clamped to
 * 0..N−2 so the tail keeps ≥ 2 eigenvalues; then fitAtIndex(sorted, index). −1 for N < 2 or x ≤ 0/NaN.
 */
export function indexOfXmin(sorted: Float64Array, x: number): number {
  const N = sorted.length;
  if (N < 2 || !(x > 0)) return -1;
  // Binary search for the first λ ≥ x.
  let lo = 0;
  let hi = N;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  let i = lo;
  if (i === N) i = N - 1;
  else if (i > 0) {
    const below = sorted[i - 1];
    const dBelow = below > 0 ? Math.log(x / below) : Infinity;
    if (dBelow <= Math.log(sorted[i] / x)) i -= 1;
  }
  return Math.min(i, N - 2);
}
