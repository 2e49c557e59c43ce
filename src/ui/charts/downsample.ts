/**
 * Downsampling of long chart series so recharts draws at most a few hundred points however long a
 * run is (drawing 100 000 SVG points per frame would block the main thread).
 *
 * Largest-Triangle-Three-Buckets (S. Steinarsson, "Downsampling Time Series for Visual
 * Representation", MSc thesis, University of Iceland, 2013): keep the first and last point, split
 * the rest into `threshold − 2` equal buckets and from each keep the point that forms the largest
 * triangle with the point kept from the previous bucket and the mean of the next bucket. Unlike
 * plain striding it keeps spikes (a loss blow-up is exactly what one must not hide).
 *
 * Pure; returns indices so one choice of steps can be applied to several aligned series.
 */

/** The default cap on points per series. */
export const MAX_POINTS = 300;

/**
 * Indices (ascending, first and last included) of at most `threshold` points chosen by LTTB.
 * Non-finite y values are treated as 0 when scoring, so they never win by being NaN; x must be
 * non-decreasing. With `n ≤ threshold` (or threshold < 3) every index / the end points are returned.
 */
export function lttbIndices(xs: ArrayLike<number>, ys: ArrayLike<number>, threshold = MAX_POINTS): number[] {
  const n = Math.min(xs.length, ys.length);
  if (n <= threshold) return Array.from({ length: n }, (_, i) => i);
  if (threshold < 3) return threshold <= 0 ? [] : threshold === 1 ? [0] : [0, n - 1];
  const y = (i: number) => (Number.isFinite(ys[i]) ? ys[i] : 0);

  const out: number[] = [0];
  // The n − 2 inner points are split into threshold − 2 buckets of (fractional) size `every`.
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let b = 0; b < threshold - 2; b++) {
    // Mean of the next bucket (the last point for the last bucket): the triangle's third corner.
    const nextStart = Math.floor((b + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((b + 2) * every) + 1, n);
    let mx = 0;
    let my = 0;
    const count = Math.max(1, nextEnd - nextStart);
    if (nextEnd > nextStart) {
      for (let i = nextStart; i < nextEnd; i++) {
        mx += xs[i];
        my += y(i);
      }
      mx /= count;
      my /= count;
    } else {
      mx = xs[n - 1];
      my = y(n - 1);
    }

    const start = Math.floor(b * every) + 1;
    const end = Math.floor((b + 1) * every) + 1;
    let best = start;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      // Twice the triangle area; the factor does not change the argmax.
      const area = Math.abs((xs[a] - mx) * (y(i) - y(a)) - (xs[a] - xs[i]) * (my - y(a)));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    out.push(best);
    a = best;
  }
  out.push(n - 1);
  return out;
}

/** Downsample an array of records by one numeric x and one numeric y field (LTTB). */
export function downsampleBy<T>(rows: readonly T[], x: (r: T) => number, y: (r: T) => number, threshold = MAX_POINTS): T[] {
  if (rows.length <= threshold) return rows.slice();
  const xs = rows.map(x);
  const ys = rows.map(y);
  return lttbIndices(xs, ys, threshold).map((i) => rows[i]);
}

/** Evenly spaced indices (first and last included): for series with no single y to rank by. */
export function strideIndices(n: number, threshold = MAX_POINTS): number[] {
  if (n <= threshold) return Array.from({ length: n }, (_, i) => i);
  if (threshold < 2) return threshold === 1 ? [0] : [];
  const out: number[] = [];
  for (let k = 0; k < threshold; k++) out.push(Math.round((k * (n - 1)) / (threshold - 1)));
  return out;
}
