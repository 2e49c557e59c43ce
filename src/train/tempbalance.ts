/**
 * TempBalance: layer-wise learning-rate ratios from each layer's PL_Alpha_Hill (TEMPBALANCE.md §3).
 *
 * Two parts:
 * - `assignLayerRates(alphas, cfg)`: the assignment functions (linear_map, sqrt, log2, rank, sigmoid)
 *   as ratios ηₗ / η_t, one per unit.
 * - `TempBalanceScheduler`: the state machine the training loop drives. At a re-estimation it turns
 *   per-layer metrics into a ratio per parameter and holds them until the next one; every step the
 *   loop multiplies them by the global η_t of the ordinary schedule (`globalLr`).
 *
 * Pure: no tfjs, no DOM. Formulas follow the papers; where the authors' code (YefanZhou/TempBalance
 * `tempbalance.py`, ZihangHLiu/ModelBalancing `esd_utils.py::get_layer_temps`) behaves differently we
 * say so at the spot. The list, for the README / help text:
 * 1. Units whose α is NaN/Inf are not scheduled (ratio 1) and do not enter min / max / mean / sums.
 * 2. linear_map with all α equal (or one unit): every ratio 1. `np.interp` over a zero-width range
 *    returns the upper end (s_min + slope) there.
 * 3. rank: tied α share the mean of their rank ratios (order-independent; `np.argsort` breaks ties by
 *    position), and a single unit gets ratio 1 instead of s_min.
 * 4. log2 / sqrt: the per-layer term is clamped at 0 (α ≤ 1 ⇒ log2 α ≤ 0 ⇒ ratio 0: the continuous
 *    limit of α → 1⁺; Hill's α is always > 1, so this only guards other metrics). If the sum of terms
 *    is not positive every ratio is 1. The authors' code would produce negative or infinite rates.
 * 5. lr_normalize divides by the mean ratio of the *scheduled units*. The authors' block code
 *    averages over all analysed matrices (unscheduled ones at 1, blocks weighted by matrix count).
 * 6. Unit 'layer' gives each matrix its own rate from one global map. The authors' block-aware
 *    'layer' mode nests a per-block linear map inside the block rate; not implemented.
 * 7. after_warm: the authors apply ratios from the first re-estimate after warm-up; we also
 *    re-estimate exactly at the end of warm-up, so balancing starts on time.
 */
import type { ParamSpec } from '../models/types';
import { expandToParams, planUnits, type GroupOptions, type LayerEstimate, type LayerPlan, type UnitPlan } from './groups';

/** How α is turned into a ratio (TEMPBALANCE.md §3). */
export type AssignFunc = 'linear_map' | 'sqrt' | 'log2' | 'rank' | 'sigmoid';

/** Parameters of the assignment functions. */
export interface AssignConfig {
  assignFunc: AssignFunc;
  /** linear_map / rank: lowest ratio s_min (NeurIPS 0.5, SciML 0.6). */
  sMin: number;
  /** linear_map / rank: ratio span; the highest ratio is s_min + slope (NeurIPS 1.0, SciML 0.8). */
  slope: number;
  /** sigmoid: scale below the mean (`sigmoid_min`, default 2 ⇒ lowest ratio 10^−1). */
  sigmoidMin: number;
  /** sigmoid: scale above the mean (`sigmoid_max`, default 1 ⇒ highest ratio 10^0.5). */
  sigmoidMax: number;
  /** sigmoid: temperature τ (`exp_temp`, default 10). */
  expTemp: number;
  /** Rescale so the mean ratio over scheduled units is 1. */
  lrNormalize: boolean;
}

/** Everything the scheduler needs. */
export interface TempBalanceConfig extends AssignConfig, GroupOptions {
  /** false ⇒ the baseline ("FT"): every ratio 1, same ESD cadence. */
  enabled: boolean;
  /** Re-estimate every n optimiser steps, or at every epoch end. */
  esdInterval: number | 'epoch';
  /** Keep every ratio at 1 until warm-up ends. */
  afterWarm: boolean;
  /** Warm-up length in optimiser steps (the global schedule's). */
  warmupSteps: number;
  /**
   * 'none': schedule on α as fitted (the papers). 'random': on α minus the α of a random matrix of the
   * same shape (src/math/reference.ts; our extension, removes the shape effect of small models).
   */
  alphaRef: AlphaRef;
}

/** What α is measured against before it becomes a rate (see TempBalanceConfig.alphaRef). */
export type AlphaRef = 'none' | 'random';

/** NeurIPS TempBalance defaults: layer-wise linear map onto [0.5, 1.5], embeddings and head excluded. */
export const DEFAULT_TEMPBALANCE: TempBalanceConfig = {
  enabled: true,
  assignFunc: 'linear_map',
  sMin: 0.5,
  slope: 1.0,
  sigmoidMin: 2,
  sigmoidMax: 1,
  expTemp: 10,
  lrNormalize: false,
  unit: 'layer',
  removeFirstLayer: true,
  removeLastLayer: true,
  eigsThresh: 50,
  esdInterval: 'epoch',
  afterWarm: false,
  warmupSteps: 0,
  alphaRef: 'none',
};

/**
 * Ratios ηₗ / η_t for a list of α values (one per unit). Entries with non-finite α get ratio 1 and are
 * excluded from every statistic. With fewer than two finite α, every ratio is 1.
 */
export function assignLayerRates(alphas: ArrayLike<number>, cfg: AssignConfig): Float64Array {
  const out = new Float64Array(alphas.length).fill(1);
  const idx: number[] = [];
  for (let i = 0; i < alphas.length; i++) if (Number.isFinite(alphas[i])) idx.push(i);
  const L = idx.length;
  if (L < 2) return out;
  const a = idx.map((i) => alphas[i]);

  let r: number[];
  switch (cfg.assignFunc) {
    case 'linear_map':
      r = linearMap(a, cfg.sMin, cfg.slope);
      break;
    case 'sqrt':
      r = proportional(a.map((x) => Math.sqrt(Math.max(0, x))));
      break;
    case 'log2':
      r = proportional(a.map((x) => Math.max(0, Math.log2(x))));
      break;
    case 'rank':
      r = rankMap(a, cfg.sMin, cfg.slope);
      break;
    case 'sigmoid':
      r = sigmoidMap(a, cfg.sigmoidMin, cfg.sigmoidMax, cfg.expTemp);
      break;
    default: {
      const never: never = cfg.assignFunc;
      throw new Error(`Unknown assign function: ${String(never)}`);
    }
  }
  if (cfg.lrNormalize) {
    const mean = r.reduce((s, x) => s + x, 0) / L;
    if (mean > 0) r = r.map((x) => x / mean);
  }
  idx.forEach((i, k) => (out[i] = r[k]));
  return out;
}

/** interp(α; [min α, max α] → [s_min, s_min + slope]); all equal ⇒ 1 (difference 2 above). */
function linearMap(a: number[], sMin: number, slope: number): number[] {
  const lo = Math.min(...a);
  const hi = Math.max(...a);
  if (!(hi > lo)) return a.map(() => 1);
  return a.map((x) => sMin + (slope * (x - lo)) / (hi - lo));
}

/** L · tᵢ / Σ t: mean ratio 1 by construction (sqrt and log2). */
function proportional(t: number[]): number[] {
  const sum = t.reduce((s, x) => s + x, 0);
  if (!(sum > 0)) return t.map(() => 1);
  return t.map((x) => (t.length * x) / sum);
}

/** k-th smallest (0-based) gets s_min + slope · k / L; ties share their mean (difference 3). */
function rankMap(a: number[], sMin: number, slope: number): number[] {
  const L = a.length;
  const order = a.map((_, i) => i).sort((i, j) => a[i] - a[j]);
  const r = new Array<number>(L);
  for (let k = 0; k < L; ) {
    let m = k + 1;
    while (m < L && a[order[m]] === a[order[k]]) m++;
    // Ranks k..m−1 tie: mean rank (k + m − 1) / 2.
    const value = sMin + (slope * ((k + m - 1) / 2)) / L;
    for (let j = k; j < m; j++) r[order[j]] = value;
    k = m;
  }
  return r;
}

/**
 * EMNLP block-wise rule: x = α − mean(α); f(x) = s_max(σ(τx) − ½) for x > 0, s_min(σ(τx) − ½)
 * otherwise; ratio 10^f. Bounded in (10^(−s_min/2), 10^(s_max/2)).
 */
function sigmoidMap(a: number[], sMin: number, sMax: number, tau: number): number[] {
  const mean = a.reduce((s, x) => s + x, 0) / a.length;
  return a.map((alpha) => {
    const x = alpha - mean;
    const centred = 1 / (1 + Math.exp(-tau * x)) - 0.5;
    return Math.pow(10, (x > 0 ? sMax : sMin) * centred);
  });
}

/** A unit with its α and assigned ratio (what the UI shows per layer / block). */
export interface UnitReport extends UnitPlan {
  ratio: number;
}

/** Outcome of one re-estimation. */
export interface TempBalanceUpdate {
  step: number;
  /** False for the baseline and during warm-up with after_warm: every ratio is 1. */
  applied: boolean;
  units: UnitReport[];
  /** Every ESD matrix with its verdict (scheduled or why not). */
  layers: LayerPlan[];
  /** Ratio per parameter name; every parameter of the model is present. */
  ratios: ReadonlyMap<string, number>;
}

/** One re-estimation as a pure function (the scheduler class wraps this and holds the result). */
export function computeRatios(
  params: readonly ParamSpec[],
  estimates: readonly LayerEstimate[],
  cfg: TempBalanceConfig,
  step: number,
): TempBalanceUpdate {
  const plan = planUnits(params, estimates, cfg);
  const active = cfg.enabled && !(cfg.afterWarm && step < cfg.warmupSteps);
  const unitRatios = active ? assignLayerRates(plan.units.map((u) => u.alpha), cfg) : null;
  const units = plan.units.map((u, i) => ({ ...u, ratio: unitRatios === null ? 1 : unitRatios[i] }));
  const byKey = new Map(units.map((u) => [u.key, u.ratio]));
  return { step, applied: active, units, layers: plan.layers, ratios: expandToParams(params, byKey, cfg.unit) };
}

/**
 * Holds the per-parameter ratios between re-estimates. Usage in a training loop, before step t:
 *   if (tb.shouldReestimate(t, epochJustEnded)) tb.update(t, await esdOf(model));
 *   optimizer.step(grads, (name) => tb.lr(name, globalLr(schedule, t, T)));
 */
export class TempBalanceScheduler {
  private current: Map<string, number>;
  private last: TempBalanceUpdate | null = null;

  constructor(
    private readonly params: readonly ParamSpec[],
    readonly cfg: TempBalanceConfig,
  ) {
    // Before the first estimate every parameter is at η_t (baseline).
    this.current = new Map(params.map((p) => [p.name, 1]));
  }

  /**
   * Whether to recompute ESDs before optimiser step `step` (0-based; `step` steps are done).
   * True at step 0, every `esdInterval` steps (or when `epochEnded`, for 'epoch'), and — with
   * after_warm — exactly when warm-up ends. Independent of `enabled`: the baseline run is analysed
   * on the same cadence so the two can be compared.
   */
  shouldReestimate(step: number, epochEnded: boolean): boolean {
    if (step === 0) return true;
    if (this.cfg.afterWarm && this.cfg.warmupSteps > 0 && step === this.cfg.warmupSteps) return true;
    const every = this.cfg.esdInterval;
    if (every === 'epoch') return epochEnded;
    return every > 0 && step % Math.floor(every) === 0;
  }

  /** New metrics arrived at step `step`: recompute and hold the ratios. */
  update(step: number, estimates: readonly LayerEstimate[]): TempBalanceUpdate {
    const u = computeRatios(this.params, estimates, this.cfg, step);
    this.current = new Map(u.ratios);
    this.last = u;
    return u;
  }

  /** Put back ratios saved from another run of the same model (resuming after a backend switch). */
  restore(ratios: ReadonlyMap<string, number>): void {
    this.current = new Map(ratios);
  }

  /** Ratio ηₗ / η_t of a parameter (1 for unknown names). */
  ratio(name: string): number {
    return this.current.get(name) ?? 1;
  }

  /** Learning rate of a parameter at global rate `globalLr`. */
  lr(name: string, globalLr: number): number {
    return globalLr * this.ratio(name);
  }

  /** Current ratio of every parameter. */
  get ratios(): ReadonlyMap<string, number> {
    return this.current;
  }

  /** The most recent update (null before the first). */
  get lastUpdate(): TempBalanceUpdate | null {
    return this.last;
  }
}
