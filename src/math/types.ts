/**
 * Shared result and option types of the pure numerics core (src/math).
 * Definitions follow docs/METHOD.md §1–2; field names of LayerMetrics follow
 * WeightWatcher's columns so CSV/JSON exports feel familiar to notebook users.
 */

/** How xmin (the start of the power-law tail) is chosen. See docs/METHOD.md §2. */
export type FitMethod = 'median' | 'goodness-of-fit' | 'fix-finger';

/** Which spectrum α is fitted to: the layer's own ESD ('hill', the papers) or the FARMS pooled ESD ('farms', farms.ts). */
export type Estimator = 'hill' | 'farms';

/** Every estimator, in UI order. */
export const ESTIMATORS: readonly Estimator[] = ['hill', 'farms'];

export interface FitOptions {
  /** Spectrum the fit sees: 'hill' (default) the layer's ESD; 'farms' fixed-aspect-ratio windows pooled. */
  estimator: Estimator;
  /** xmin choice; papers' default is 'median'. */
  fit: FitMethod;
  /** For 'median': i = floor(N / xminPos). Default 2 (NLP fine-tuning scripts use 1.5). */
  xminPos: number;
  /** Drop eigenvalues below evalsThresh before fitting. */
  filterZeros: boolean;
  /** Default 1e-5. */
  evalsThresh: number;
  /** Layers with fewer eigenvalues than this are flagged (greyed out, not scheduled). 50 NLP, 20 SciML. */
  eigsThresh: number;
}

export const DEFAULT_FIT_OPTIONS: FitOptions = {
  estimator: 'hill',
  fit: 'median',
  xminPos: 2,
  filterZeros: false,
  evalsThresh: 1e-5,
  eigsThresh: 50,
};

/** Result of fitting a power law to the tail of a sorted (ascending) ESD. */
export interface PowerLawFit {
  alpha: number;
  xmin: number;
  /** Index i of xmin in the sorted ESD used for the fit. */
  xminIndex: number;
  /** Kolmogorov–Smirnov distance between tail and fitted power law. */
  D: number;
  /** n = N − i, number of eigenvalues in the tail. */
  numPlSpikes: number;
}

/**
 * Why a layer has no (trustworthy) fit.
 * - 'ok': fitted normally.
 * - 'too-few': fewer than eigsThresh eigenvalues; fit may still be present but layer is not scheduled.
 * - 'degenerate': fewer than 3 usable eigenvalues or all zero: alpha is NaN.
 * - 'not-finite': the weights contain NaN/Inf: no ESD, every metric NaN.
 */
export type LayerStatus = 'ok' | 'too-few' | 'degenerate' | 'not-finite';

/** Per-layer metrics, WeightWatcher column names. NaN where undefined (JSON exports write null). */
export interface LayerMetrics {
  name: string;
  shape: number[];
  status: LayerStatus;
  n_eigs: number;
  alpha: number;
  xmin: number;
  D: number;
  num_pl_spikes: number;
  lambda_max: number;
  log_spectral_norm: number;
  norm: number;
  log_norm: number;
  stable_rank: number;
  alpha_weighted: number;
  /** Wall time of this layer's ESD + fit in milliseconds. */
  ms: number;
}

/** Chart-ready data for one layer's ESD on log-log axes. */
export interface EsdChartData {
  /** Log-binned density: x = bin centre (geometric), density = count / (N · bin width). Only bins with count > 0. */
  bins: { x: number; density: number; count: number }[];
  /** Fitted power law over the tail, density scale matched to the histogram, from xmin to lambda_max. */
  fitLine: { x: number; y: number }[];
  xmin: number;
  alpha: number;
}

/** A named weight tensor as read from a file or snapshotted from a model (row-major / C order). */
export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array | Float64Array;
}

/** Where the tail starts in the ESD that was fitted (after filtering), for the xmin slider. */
export interface TailInfo {
  /** Index of xmin in the fitted, ascending ESD. */
  xminIndex: number;
  /** Number of eigenvalues in the fitted ESD (the slider runs over 0 … nFit − 2). */
  nFit: number;
}

/**
 * One ESD matrix's analysis as a re-estimate reports it. `chart`, `eigenvalues` and `tail` are null
 * together, for a layer without a fit (fewer than 3 eigenvalues in the fitted set, or not finite).
 */
export interface LayerEsd {
  metrics: LayerMetrics;
  chart: EsdChartData | null;
  /** The full ESD, ascending (what the chart's histogram shows and a re-fit starts from). */
  eigenvalues: Float64Array | null;
  tail: TailInfo | null;
  /** α under each estimator the analysis was asked for (the Lab's display switch); absent otherwise. */
  alphas?: EstimatorAlphas;
}

/** α of one layer under each estimator asked for (NaN where that fit failed). */
export type EstimatorAlphas = Partial<Record<Estimator, number>>;
