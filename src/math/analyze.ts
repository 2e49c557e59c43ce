/**
 * One-call layer analysis used by the CLI, the ESD worker and the trainer: finiteness check, ESD
 * (esd.ts) and metrics (metrics.ts), timed. Pure: no DOM, no tfjs; `performance` exists in browsers,
 * workers and Node ≥ 16.
 */
import type { FitOptions, LayerMetrics, NamedTensor } from './types';
import { DEFAULT_CONV_NORM, esdOfTensor } from './esd';
import { farmsEsdOfTensor, type FarmsOptions } from './farms';
import { analyzeEsd, notFiniteMetrics } from './metrics';

/**
 * Everything an analysis of one tensor depends on: the fit options, conv_norm for 3-D/4-D kernels and,
 * for estimator 'farms', the sampling parameters (absent: DEFAULT_FARMS). The ESD worker's protocol
 * carries this same type.
 */
export interface AnalyzeOptions extends FitOptions {
  convNorm: number;
  farms?: FarmsOptions;
}

/** True when every entry is finite (no NaN, no ±∞). */
export function allFinite(data: ArrayLike<number>): boolean {
  for (let k = 0; k < data.length; k++) {
    // x − x is 0 for finite x and NaN for NaN/±∞: one subtraction, no function call per entry.
    const v = data[k];
    if (v - v !== 0) return false;
  }
  return true;
}

/**
 * Metrics and ESD of one weight tensor (with estimator 'farms', the pooled FARMS ESD, farms.ts: every
 * metric then describes that spectrum, as in the authors' code). NaN/Inf anywhere ⇒ status 'not-finite', evals empty, nothing
 * computed. Otherwise metrics.ms is the wall time of ESD + fit (performance.now()). Shape rules and
 * errors as esdOfTensor (1-D or > 4-D ⇒ RangeError).
 */
export function analyzeTensor(
  t: NamedTensor,
  opts: Partial<AnalyzeOptions> = {},
): { metrics: LayerMetrics; evals: Float64Array } {
  if (!allFinite(t.data)) {
    return { metrics: notFiniteMetrics(t.name, t.shape), evals: new Float64Array(0) };
  }
  const { convNorm = DEFAULT_CONV_NORM, farms, ...fitOpts } = opts;
  const t0 = performance.now();
  // The estimator decides the spectrum; the fit below is the same Hill fit for both.
  const evals = fitOpts.estimator === 'farms' ? farmsEsdOfTensor(t, convNorm, farms) : esdOfTensor(t, convNorm);
  const metrics = analyzeEsd(t.name, t.shape, evals, fitOpts);
  metrics.ms = performance.now() - t0;
  return { metrics, evals };
}
