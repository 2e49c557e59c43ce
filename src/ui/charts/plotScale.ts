/**
 * Scales and paths for the plain-SVG charts (SvgPlot.tsx): a linear or log map from a data domain to
 * pixels, its inverse, and the `d` of a polyline through the finite points. Pure (no DOM, no React).
 */

export interface Scale {
  (v: number): number;
  invert(px: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

/**
 * Map [d0, d1] onto [r0, r1], linearly or (log) linearly in log10. A log scale needs 0 < d0 < d1; a
 * degenerate domain maps everything to the middle of the range. Values outside the domain map outside
 * the range (the caller clips).
 */
export function makeScale(domain: readonly [number, number], range: readonly [number, number], log = false): Scale {
  const f = log ? Math.log10 : (v: number) => v;
  const g = log ? (v: number) => Math.pow(10, v) : (v: number) => v;
  const a = f(domain[0]);
  const b = f(domain[1]);
  const span = b - a;
  const mid = (range[0] + range[1]) / 2;
  const scale = ((v: number) => (span === 0 || !Number.isFinite(span) ? mid : range[0] + ((f(v) - a) / span) * (range[1] - range[0]))) as Scale;
  scale.invert = (px: number) => (range[1] === range[0] ? g(a) : g(a + ((px - range[0]) / (range[1] - range[0])) * span));
  Object.defineProperty(scale, 'domain', { value: [domain[0], domain[1]] as const });
  Object.defineProperty(scale, 'range', { value: [range[0], range[1]] as const });
  return scale;
}

/** Two decimals are sub-pixel; shorter path strings draw and serialise faster. */
export const px = (v: number) => Math.round(v * 100) / 100;

/**
 * The `d` of a polyline through the points whose coordinates map to finite pixels, in order; a point
 * that does not (null, NaN, ≤ 0 on a log axis) is skipped and its neighbours are joined, as a
 * recharts line with `connectNulls` does. Empty when no point is finite.
 */
export function polylinePath(points: Iterable<readonly [number, number]>): string {
  let d = '';
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    d += `${d ? 'L' : 'M'}${px(x)},${px(y)}`;
  }
  return d;
}

/** Index of the value in ascending `xs` nearest to `x` (-1 when empty). */
export function nearestIndex(xs: readonly number[], x: number): number {
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const m = (lo + hi) >> 1;
    if (xs[m] <= x) lo = m;
    else hi = m;
  }
  return Math.abs(xs[hi] - x) < Math.abs(x - xs[lo]) ? hi : lo;
}
