/**
 * All per-layer HT-SR metrics from one ESD, with WeightWatcher's column names
 * (docs/METHOD.md §2). Degenerate cases and their results: docs/ESD.md.
 */
import { DEFAULT_FIT_OPTIONS, type FitOptions, type LayerMetrics, type PowerLawFit } from './types';
import { fitPowerLaw, NO_FIT } from './powerlaw';

/** Metrics of a layer whose weights contain NaN/Inf: no ESD, every number NaN, n_eigs 0. */
export function notFiniteMetrics(name: string, shape: number[]): LayerMetrics {
  return {
    name,
    shape: [...shape],
    status: 'not-finite',
    n_eigs: 0,
    alpha: NaN,
    xmin: NaN,
    D: NaN,
    num_pl_spikes: 0,
    lambda_max: NaN,
    log_spectral_norm: NaN,
    norm: NaN,
    log_norm: NaN,
    stable_rank: NaN,
    alpha_weighted: NaN,
    ms: 0,
  };
}

/** log10 of a positive number, NaN otherwise (a zero spectrum has no log norm). */
function log10OrNaN(x: number): number {
  return x > 0 ? Math.log10(x) : NaN;
}

/**
 * The part of an ESD the power-law fit uses, ascending: λ > 0 always (ln 0 is undefined), and
 * λ > evalsThresh when filterZeros. Exported so the ESD worker's xmin dragging fits exactly this set.
 */
export function fitSet(evals: Float64Array, opts: Pick<FitOptions, 'filterZeros' | 'evalsThresh'>): Float64Array {
  const cut = opts.filterZeros ? opts.evalsThresh : 0;
  return Float64Array.from(evals).filter((v) => v > cut).sort();
}

/**
 * Status of a fitted layer: 'degenerate' when α is not finite (fewer than 3 eigenvalues, or all tail
 * eigenvalues tied ⇒ α = +∞), 'too-few' when the fit set has fewer than eigsThresh eigenvalues, else
 * 'ok'. One rule for the first fit (analyzeEsd) and every re-fit (the ESD worker's refit).
 */
export function fitStatus(alpha: number, nFit: number, eigsThresh: number): LayerMetrics['status'] {
  if (!Number.isFinite(alpha)) return 'degenerate';
  return nFit < eigsThresh ? 'too-few' : 'ok';
}

/**
 * Metrics of one layer from its eigenvalues (any order; a sorted copy is made).
 * - Whole spectrum (negative inputs clamped to 0): lambda_max = max λ, norm = Σλ (Frobenius²),
 *   log_spectral_norm = log10 λ_max, log_norm = log10 Σλ, stable_rank = Σλ / λ_max (NaN when λ_max = 0).
 * - Fit set: λ > 0 always (ln 0 is undefined), and λ > evalsThresh when filterZeros. n_eigs = its size.
 * - status: 'not-finite' if any λ is NaN/±∞; 'degenerate' if n_eigs < 3 or α is not finite (all tail
 *   eigenvalues tied ⇒ α = +∞, kept in `alpha` for display); 'too-few' if n_eigs < eigsThresh; else 'ok'.
 * - alpha_weighted = α · log10 λ_max, NaN when α is not finite. `ms` is 0 here (analyzeTensor times it).
 */
export function analyzeEsd(
  name: string,
  shape: number[],
  evals: Float64Array,
  opts: Partial<FitOptions> = {},
): LayerMetrics {
  const o: FitOptions = { ...DEFAULT_FIT_OPTIONS, ...opts };
  for (let k = 0; k < evals.length; k++) {
    if (!Number.isFinite(evals[k])) return notFiniteMetrics(name, shape);
  }
  const sorted = Float64Array.from(evals, (v) => (v > 0 ? v : 0)).sort();
  const N = sorted.length;
  const lambdaMax = N > 0 ? sorted[N - 1] : NaN;
  let norm = 0;
  for (let k = 0; k < N; k++) norm += sorted[k];
  const fitted = fitSet(sorted, o);
  const fit: PowerLawFit = fitted.length >= 3 ? fitPowerLaw(fitted, o) : NO_FIT;
  const finiteAlpha = Number.isFinite(fit.alpha);
  const status = fitStatus(fit.alpha, fitted.length, o.eigsThresh);
  const logSpectral = log10OrNaN(lambdaMax);
  return {
    name,
    shape: [...shape],
    status,
    n_eigs: fitted.length,
    alpha: fit.alpha,
    xmin: fit.xmin,
    D: fit.D,
    num_pl_spikes: fit.numPlSpikes,
    lambda_max: lambdaMax,
    log_spectral_norm: logSpectral,
    norm: N > 0 ? norm : NaN,
    log_norm: log10OrNaN(norm),
    stable_rank: lambdaMax > 0 ? norm / lambdaMax : NaN,
    alpha_weighted: finiteAlpha ? fit.alpha * logSpectral : NaN,
    ms: 0,
  };
}
