/**
 * A layer's analysis (metrics + ESD) as one record with its chart and tail: the same record whether
 * the ESD worker made it (workers/esdHandler.ts) or the training run analysed inline (train/esdInline.ts).
 */
import { esdChartData } from './chart';
import { fitSet } from './metrics';
import { indexOfXmin } from './powerlaw';
import type { FitOptions, LayerEsd, LayerMetrics } from './types';

/**
 * Chart and tail of a fitted layer. `fitted` is the ESD the fit saw (`fitSet(evals, options)`), passed
 * when the caller already has it. No chart for a layer without a fit (fewer than 3 eigenvalues in the
 * fitted set) or without an ESD (not-finite).
 */
export function layerEsdOf(
  metrics: LayerMetrics,
  evals: Float64Array,
  options: Pick<FitOptions, 'filterZeros' | 'evalsThresh'>,
  fitted: Float64Array = fitSet(evals, options),
): LayerEsd {
  if (metrics.status === 'not-finite' || fitted.length < 3 || !(metrics.xmin > 0)) return { metrics, chart: null, eigenvalues: null, tail: null };
  return {
    metrics,
    chart: esdChartData(evals, { alpha: metrics.alpha, xmin: metrics.xmin }),
    eigenvalues: evals,
    tail: { xminIndex: indexOfXmin(fitted, metrics.xmin), nFit: fitted.length },
  };
}
