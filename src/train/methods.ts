/**
 * The pieces of the comparison methods that are neither an optimiser nor a model change (issue 10):
 * layer-wise learning-rate decay (LLRD) and the metric TempBalance balances. Pure: no tfjs.
 *
 * Composition, per parameter p at step t: η_p = η_t · TB-ratio(p) · LLRD-factor(p), then the
 * optimiser (AdamW, Adafactor, LAMB, LARS, …) turns η_p into its own step; SAM changes only the
 * gradient. So TempBalance multiplies whatever rate the method produces.
 */
import type { LayerMetrics } from '../math/types';
import type { ParamSpec } from '../models/types';

/** What the scheduler balances (the paper's Table 3 ablation). */
export type BalanceMetric = 'alpha' | 'spectral_norm' | 'stable_rank';
export const BALANCE_METRICS: readonly BalanceMetric[] = ['alpha', 'spectral_norm', 'stable_rank'];

/**
 * Layer-wise learning-rate decay from the top (Howard & Ruder 2018; Zhang et al. 2021 "Revisiting
 * few-sample BERT fine-tuning"): with B blocks numbered 0…B−1 bottom-up, block b trains at ξ^(B−1−b),
 * parameters outside any block that come before the first block (embeddings, FNO lifting) at ξ^B,
 * and those after the last (final norm, head, projection) at 1. `params` must be in forward order
 * (as models register them). ξ = 1 gives 1 everywhere.
 */
export function llrdFactors(params: readonly ParamSpec[], xi: number): Map<string, number> {
  if (!(xi > 0 && xi <= 1)) throw new Error(`LLRD factor must be in (0, 1], got ${xi}`);
  const blocks = params.map((p) => p.block).filter((b): b is number => b !== null);
  const top = blocks.length ? Math.max(...blocks) : -1;
  const depth = top + 1;
  const firstBlockAt = params.findIndex((p) => p.block !== null);
  return new Map(
    params.map((p, i) => {
      let exponent: number;
      if (p.block !== null) exponent = top - p.block;
      else exponent = firstBlockAt >= 0 && i < firstBlockAt ? depth : 0;
      return [p.name, Math.pow(xi, exponent)];
    }),
  );
}

/**
 * The estimates the scheduler sees: the chosen metric in the `alpha` slot, so grouping, thresholds and
 * assignment functions are shared. The authors' code feeds the metric column straight into the same
 * assignment (larger value ⇒ larger rate): spectral_norm is λ_max of WᵀW, stable_rank Σλ / λ_max.
 */
export function balanceEstimates<L extends Pick<LayerMetrics, 'alpha' | 'lambda_max' | 'stable_rank'>>(layers: readonly L[], metric: BalanceMetric): L[] {
  if (metric === 'alpha') return [...layers];
  return layers.map((l) => ({ ...l, alpha: metric === 'spectral_norm' ? l.lambda_max : l.stable_rank }));
}
