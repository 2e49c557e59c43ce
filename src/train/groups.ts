/**
 * Which parameters TempBalance schedules, and as which unit (docs/METHOD.md §1 and §3).
 *
 * A *unit* is what gets one learning-rate ratio: a single ESD matrix (`unit: 'layer'`) or a whole
 * block (`unit: 'block'`, the EMNLP default for transformers: α averaged over the block's matrices,
 * and every parameter of the block — LayerNorm and biases included — follows the block's ratio).
 *
 * Pure: ParamSpec/metrics in, plain objects out (the ParamSpec import is type-only).
 *
 * Rules, and where they differ from the authors' code (ZihangHLiu/ModelBalancing `esd_utils.py`
 * `get_layer_temps`, YefanZhou/TempBalance `tempbalance.py`):
 * - remove_first_layer / remove_last_layer: the authors drop the first / last analysed module. We
 *   drop the first / last ESD matrix in model order *and* every other block-less ESD matrix before the
 *   first block / after the last block, so a model with two embedding tables or a two-matrix head
 *   loses all of them (transformer: embed.tok … head; FNO: lift … proj.fc2; UNet: its first conv,
 *   which sits in level 0, … head).
 * - A layer is not scheduled (ratio 1, and left out of min / max / mean) when it has no metrics, its
 *   status is not 'ok', its α is NaN/±Inf, or it has fewer than `eigsThresh` eigenvalues. The authors
 *   drop small layers (`eigs_num_thresh`) but would propagate a NaN α into every rate.
 * - In block mode a block's α is the mean over its *schedulable* matrices only; a block with none
 *   keeps ratio 1. Block-less parameters (embeddings, head) are never in a block and keep ratio 1.
 */
import type { LayerMetrics } from '../math/types';
import type { ParamSpec } from '../models/types';

/** What one ratio is assigned to. */
export type TbUnit = 'layer' | 'block';

/** The part of an ESD result the scheduler needs. */
export type LayerEstimate = Pick<LayerMetrics, 'name' | 'alpha' | 'n_eigs' | 'status'>;

/** Options that decide which matrices are scheduled and how they are grouped. */
export interface GroupOptions {
  unit: TbUnit;
  /** Exclude the block-less matrices before the first block (embeddings). Default true. */
  removeFirstLayer: boolean;
  /** Exclude the block-less matrices after the last block (head). Default true. */
  removeLastLayer: boolean;
  /** Matrices with fewer eigenvalues are not scheduled (50 NLP, 20 SciML). */
  eigsThresh: number;
}

/** Why an ESD matrix does or does not take part in scheduling. */
export type LayerVerdict =
  | 'scheduled'
  | 'first-layer'
  | 'last-layer'
  | 'no-metrics'
  | 'fit-failed'
  | 'not-finite'
  | 'too-few-eigs'
  | 'no-block';

/** One ESD matrix and its verdict (for the UI's "why is this layer grey" tooltip). */
export interface LayerPlan {
  name: string;
  block: number | null;
  alpha: number;
  verdict: LayerVerdict;
}

/** One scheduling unit: its key, member matrices, and the α it is ranked by. */
export interface UnitPlan {
  /** The layer name ('layer' unit) or `block:<index>` ('block' unit). */
  key: string;
  block: number | null;
  /** Schedulable ESD matrices that make up this unit (one in layer mode). */
  layers: string[];
  /** α of the matrix, or the mean α of the block's schedulable matrices. */
  alpha: number;
}

/** Result of `planUnits`: the units that get a ratio, and a verdict for every ESD matrix. */
export interface GroupPlan {
  units: UnitPlan[];
  layers: LayerPlan[];
}

/** Key of a block unit. */
export function blockKey(block: number): string {
  return `block:${block}`;
}

/**
 * The block-less ESD matrices at either end of the model (see the file comment).
 * Returns the names to drop for remove_first_layer and remove_last_layer.
 */
export function edgeLayers(params: readonly ParamSpec[]): { first: Set<string>; last: Set<string> } {
  const first = new Set<string>();
  const last = new Set<string>();
  const esd = params.filter((p) => p.esd);
  if (esd.length === 0) return { first, last };
  // The authors' positional rule…
  first.add(esd[0].name);
  if (esd.length > 1) last.add(esd[esd.length - 1].name);
  // …plus every block-less matrix outside the span of the blocks.
  const firstBlockAt = params.findIndex((p) => p.block !== null);
  if (firstBlockAt < 0) return { first, last };
  let lastBlockAt = firstBlockAt;
  params.forEach((p, i) => {
    if (p.block !== null) lastBlockAt = i;
  });
  params.forEach((p, i) => {
    if (!p.esd || p.block !== null) return;
    if (i < firstBlockAt) first.add(p.name);
    else if (i > lastBlockAt) last.add(p.name);
  });
  return { first, last };
}

/** Verdict for one ESD matrix from its metrics alone. */
export function estimateVerdict(est: LayerEstimate | undefined, eigsThresh: number): LayerVerdict {
  if (est === undefined) return 'no-metrics';
  if (est.status === 'not-finite') return 'not-finite';
  if (est.status === 'degenerate') return 'fit-failed';
  if (est.status === 'too-few' || !(est.n_eigs >= eigsThresh)) return 'too-few-eigs';
  if (!Number.isFinite(est.alpha)) return 'fit-failed';
  return 'scheduled';
}

/**
 * Decide the scheduling units for one re-estimation.
 * Units come out in model order (first appearance of the layer / block among `params`).
 */
export function planUnits(
  params: readonly ParamSpec[],
  estimates: readonly LayerEstimate[],
  opts: GroupOptions,
): GroupPlan {
  const byName = new Map(estimates.map((e) => [e.name, e]));
  const { first, last } = edgeLayers(params);
  const layers: LayerPlan[] = [];
  for (const p of params) {
    if (!p.esd) continue;
    const est = byName.get(p.name);
    let verdict: LayerVerdict;
    if (opts.removeFirstLayer && first.has(p.name)) verdict = 'first-layer';
    else if (opts.removeLastLayer && last.has(p.name)) verdict = 'last-layer';
    else verdict = estimateVerdict(est, opts.eigsThresh);
    if (verdict === 'scheduled' && opts.unit === 'block' && p.block === null) verdict = 'no-block';
    layers.push({ name: p.name, block: p.block, alpha: est?.alpha ?? Number.NaN, verdict });
  }

  const units: UnitPlan[] = [];
  const scheduled = layers.filter((l) => l.verdict === 'scheduled');
  if (opts.unit === 'layer') {
    for (const l of scheduled) units.push({ key: l.name, block: l.block, layers: [l.name], alpha: l.alpha });
  } else {
    const byBlock = new Map<number, UnitPlan>();
    for (const l of scheduled) {
      const b = l.block as number; // 'no-block' was filtered above
      let u = byBlock.get(b);
      if (u === undefined) {
        u = { key: blockKey(b), block: b, layers: [], alpha: 0 };
        byBlock.set(b, u);
        units.push(u);
      }
      u.layers.push(l.name);
      u.alpha += l.alpha;
    }
    for (const u of units) u.alpha /= u.layers.length;
  }
  return { units, layers };
}

/** The unit key a parameter follows, or null if it can never be scheduled in this mode. */
export function unitKeyOf(spec: ParamSpec, unit: TbUnit): string | null {
  if (unit === 'block') return spec.block === null ? null : blockKey(spec.block);
  // An ESD matrix is its own layer even if a builder left `layer` pointing elsewhere.
  return spec.esd ? spec.name : spec.layer;
}

/**
 * Spread unit ratios to every parameter: a parameter takes the ratio of its unit (its `layer` in
 * layer mode, its `block` in block mode) and 1 when that unit was not scheduled.
 */
export function expandToParams(
  params: readonly ParamSpec[],
  unitRatios: ReadonlyMap<string, number>,
  unit: TbUnit,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of params) {
    const key = unitKeyOf(p, unit);
    const r = key === null ? undefined : unitRatios.get(key);
    out.set(p.name, r ?? 1);
  }
  return out;
}
