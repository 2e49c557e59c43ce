/**
 * Chart-ready ESD for recharts on log-log axes: a log-binned density histogram, the fitted power law
 * scaled to the same density, and xmin. Pure data, no React.
 */
import type { EsdChartData } from './types';

/** Points on the fitted line (geometric spacing from xmin to λ_max). */
const FIT_POINTS = 32;

/** Histogram bins for N eigenvalues when the caller does not choose: round(2√N) clamped to [8, 50]. */
export function defaultBins(N: number): number {
  return Math.max(8, Math.min(50, Math.round(2 * Math.sqrt(N))));
}

/**
 * Log-binned density of the positive, finite eigenvalues: nBins (default defaultBins(N)) geometric bins from min to max λ,
 * density = count / (N · width) so Σ density·width = 1 (N = number of positive finite eigenvalues);
 * x = geometric bin centre; empty bins omitted. A constant spectrum gets one bin [λ/1.1, λ·1.1].
 * fitLine: y = (n_tail/N) · (α−1)/xmin · (x/xmin)^(−α), the power-law pdf carrying the tail's share of the
 * mass; empty when α is not finite or ≤ 1, or xmin is not a positive number.
 */
export function esdChartData(
  evals: Float64Array,
  fit: { alpha: number; xmin: number },
  nBins?: number,
): EsdChartData {
  const vals = Float64Array.from(evals).filter((v) => v > 0 && Number.isFinite(v)).sort();
  const N = vals.length;
  // Default: ~2√N bins, 8 to 50. With 50 bins a 64-eigenvalue layer has 1 or 2 per bin, which draws
  // two parallel staircases instead of a density.
  nBins ??= defaultBins(N);
  const out: EsdChartData = { bins: [], fitLine: [], xmin: fit.xmin, alpha: fit.alpha };
  if (N === 0) return out;
  const lo = vals[0];
  const hi = vals[N - 1];
  const bins = Math.max(1, Math.floor(nBins));
  if (lo === hi) {
    // A point mass: one bin [λ/1.1, λ·1.1] centred (geometrically) on it, still integrating to 1.
    out.bins.push({ x: lo, density: 1 / (lo * 1.1 - lo / 1.1), count: N });
  } else {
    const span = Math.log(hi / lo);
    const edges = new Float64Array(bins + 1);
    const counts = new Int32Array(bins);
    for (let b = 0; b <= bins; b++) edges[b] = lo * Math.exp((span * b) / bins);
    edges[bins] = hi;
    for (let k = 0; k < N; k++) {
      const b = Math.min(bins - 1, Math.floor((bins * Math.log(vals[k] / lo)) / span));
      counts[b]++;
    }
    for (let b = 0; b < bins; b++) {
      if (counts[b] === 0) continue;
      const width = edges[b + 1] - edges[b];
      out.bins.push({ x: Math.sqrt(edges[b] * edges[b + 1]), density: counts[b] / (N * width), count: counts[b] });
    }
  }
  const { alpha, xmin } = fit;
  if (Number.isFinite(alpha) && alpha > 1 && xmin > 0 && Number.isFinite(xmin)) {
    let nTail = 0;
    for (let k = 0; k < N; k++) if (vals[k] >= xmin) nTail++;
    const scale = (nTail / N) * ((alpha - 1) / xmin);
    const top = Math.max(hi, xmin);
    const points = top > xmin ? FIT_POINTS : 1;
    for (let p = 0; p < points; p++) {
      const x = points === 1 ? xmin : xmin * Math.pow(top / xmin, p / (points - 1));
      const y = scale * Math.pow(x / xmin, -alpha);
      if (y > 0 && Number.isFinite(y)) out.fitLine.push({ x, y });
    }
  }
  return out;
}
