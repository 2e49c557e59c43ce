/**
 * Chart series derived from the Lab state: pure functions, memoised by the chart components, so the
 * components only draw. Every long series is cut to ≤ MAX_POINTS points (charts/downsample.ts).
 * recharts draws a gap for `null`, so undefined values (a failed fit, a run that is not there) are
 * null here, never NaN.
 */
import { assignLayerRates, type AssignConfig } from '../../train/tempbalance';
import { MAX_POINTS, lttbIndices } from '../charts/downsample';
import type { Estimator, EstimatorAlphas, LayerMetrics } from '../../math/types';
import type { StepEvent } from '../../train/run';
import { RUN_LABELS, type AlphaSnapshot, type RunLabel, type RunView } from './labState';

/** One value per run that is present (the charts' inputs: each run's array of one kind). */
export type PerRun<T> = Partial<Record<RunLabel, T>>;

const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

/** One bar group of the α-per-layer chart: α at the first and the latest re-estimate of each run. */
export interface AlphaBarRow {
  name: string;
  baselineInitial: number | null;
  baseline: number | null;
  tempbalanceInitial: number | null;
  tempbalance: number | null;
}

/** α per ESD matrix, initial vs now, baseline vs TempBalance (the paper's teaser picture). */
export function alphaBarRows(initial: PerRun<LayerMetrics[]>, now: PerRun<LayerMetrics[]>): AlphaBarRow[] {
  const names: string[] = [];
  for (const l of RUN_LABELS) for (const m of now[l] ?? []) if (!names.includes(m.name)) names.push(m.name);
  const lookup = (layers: LayerMetrics[] | undefined, name: string) => finite(layers?.find((m) => m.name === name)?.alpha);
  return names.map((name) => ({
    name,
    baselineInitial: lookup(initial.baseline, name),
    baseline: lookup(now.baseline, name),
    tempbalanceInitial: lookup(initial.tempbalance, name),
    tempbalance: lookup(now.tempbalance, name),
  }));
}

/**
 * `layers` with α as `estimator` fits it: from `estimates` (the ESD worker's per-estimator α, same order)
 * when the run carries them; else the layer's own α if the run itself fitted with `estimator`; else NaN
 * (the bar is left out: nobody fitted that estimator). Same array back when nothing changes.
 */
export function alphasUnder(
  layers: readonly LayerMetrics[] | undefined,
  estimates: readonly (EstimatorAlphas | null)[] | undefined,
  estimator: Estimator,
  own: Estimator,
): LayerMetrics[] | undefined {
  if (!layers) return undefined;
  const has = estimates !== undefined && estimates.length === layers.length;
  if (!has && estimator === own) return layers as LayerMetrics[];
  return layers.map((m, i) => ({ ...m, alpha: has ? (estimates[i]?.[estimator] ?? NaN) : NaN }));
}

/** Maps a layer's fitted α to the α a chart should use (e.g. minus its random-matrix reference). */
export type AlphaAdjust = (layer: string, alpha: number) => number;

/**
 * Population std of α over the scheduled matrices (the units' members; every analysed matrix before the
 * first plan), each α passed through `adjust` (identity by default). Null with fewer than two finite values.
 */
export function alphaSpread(snap: AlphaSnapshot, adjust: AlphaAdjust = (_n, a) => a): number | null {
  const members = snap.units.flatMap((u) => u.layers);
  const names = members.length > 0 ? members : Object.keys(snap.alphas);
  const xs = names
    .map((n) => (snap.alphas[n] === undefined ? NaN : adjust(n, snap.alphas[n])))
    .filter((a) => Number.isFinite(a));
  if (xs.length < 2) return null;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
}

/** Rows { step, baseline, tempbalance } of the α spread at every re-estimate. */
export function spreadRows(snapshots: PerRun<AlphaSnapshot[]>, adjust?: AlphaAdjust): { step: number; baseline: number | null; tempbalance: number | null }[] {
  const byStep = new Map<number, { step: number; baseline: number | null; tempbalance: number | null }>();
  for (const label of RUN_LABELS) {
    for (const s of snapshots[label] ?? []) {
      const row = byStep.get(s.step) ?? { step: s.step, baseline: null, tempbalance: null };
      row[label] = alphaSpread(s, adjust);
      byStep.set(s.step, row);
    }
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

/** α of every ESD matrix of one run over time: rows keyed by layer name, plus the names in order. */
export function alphaTimeRows(layers: readonly LayerMetrics[], snapshots: readonly AlphaSnapshot[]): { names: string[]; rows: Record<string, number | null>[] } {
  const names = layers.map((m) => m.name);
  const rows = snapshots.map((s) => {
    const row: Record<string, number | null> = { step: s.step };
    for (const n of names) row[n] = finite(s.alphas[n]);
    return row;
  });
  return { names, rows };
}

/**
 * Learning rate of every scheduling unit over the steps of one run: η_t of the step times the unit's
 * ratio from the latest re-estimate before that step (a re-estimate at `step` k — k steps done —
 * sets the rates of step k + 1, the StepEvent with `step` k + 1). Steps are chosen by LTTB on η_t, so the
 * warm-up corner and step-decay jumps survive. Keys are the unit keys plus 'η_t' (what unscheduled
 * parameters — and every parameter of the baseline — use).
 */
export function lrRows(run: Pick<RunView, 'losses' | 'snapshots'>, maxPoints = MAX_POINTS): { keys: string[]; rows: Record<string, number | null>[] } {
  if (run.losses.length === 0) return { keys: [], rows: [] };
  const latest = run.snapshots[run.snapshots.length - 1];
  const keys = latest ? latest.units.map((u) => u.key) : [];
  const idx = lttbIndices(run.losses.map((p) => p.step), run.losses.map((p) => p.lr), maxPoints);
  let s = -1;
  const rows = idx.map((i) => {
    const p = run.losses[i];
    // Snapshots are in step order and so are the chosen indices: advance a cursor.
    while (s + 1 < run.snapshots.length && run.snapshots[s + 1].step < p.step) s++;
    const ratios = new Map((s >= 0 ? run.snapshots[s].units : []).map((u) => [u.key, u.ratio]));
    const row: Record<string, number | null> = { step: p.step, 'η_t': finite(p.lr) };
    for (const k of keys) row[k] = finite(p.lr * (ratios.get(k) ?? 1));
    return row;
  });
  return { keys, rows };
}

/** Loss curves of both runs on one step axis, each downsampled on its own then merged. */
export function lossRows(losses: PerRun<StepEvent[]>, maxPoints = MAX_POINTS): { step: number; baseline?: number | null; tempbalance?: number | null }[] {
  const byStep = new Map<number, { step: number; baseline?: number | null; tempbalance?: number | null }>();
  for (const label of RUN_LABELS) {
    const pts = losses[label] ?? [];
    const idx = lttbIndices(pts.map((p) => p.step), pts.map((p) => p.loss), maxPoints);
    for (const i of idx) {
      const row = byStep.get(pts[i].step) ?? { step: pts[i].step };
      row[label] = finite(pts[i].loss);
      byStep.set(pts[i].step, row);
    }
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

/** Validation metric (accuracy or nRMSE) of both runs at every evaluation. */
export function evalRows(evaluations: PerRun<RunView['evaluations']>): { rows: { step: number; baseline?: number | null; tempbalance?: number | null }[]; metricName: string | null } {
  const byStep = new Map<number, { step: number; baseline?: number | null; tempbalance?: number | null }>();
  let metricName: string | null = null;
  for (const label of RUN_LABELS) {
    for (const e of evaluations[label] ?? []) {
      metricName = e.result.metricName;
      const row = byStep.get(e.step) ?? { step: e.step };
      row[label] = finite(e.result.metric);
      byStep.set(e.step, row);
    }
  }
  return { rows: [...byStep.values()].sort((a, b) => a.step - b.step), metricName };
}

/** How many copies of the current units stand behind each probe α (see mappingCurve). */
const POPULATION_WEIGHT = 64;

/**
 * The α → ratio map of the chosen assign function for the current units, and each unit's point on it.
 *
 * Every assign function depends on the whole population (min/max, mean, sum or rank of α). To draw
 * "the ratio a unit with this α would get" we call `assignLayerRates` on the current units repeated
 * POPULATION_WEIGHT times plus the probe, so the probe shifts those statistics by under 1/64 of a
 * unit's weight; inside [min α, max α] linear_map is exact. The points are `assignLayerRates` of the
 * units themselves — what TempBalance applies.
 */
export function mappingCurve(
  unitAlphas: readonly { key: string; alpha: number }[],
  cfg: AssignConfig,
  gridSize = 81,
): { curve: { alpha: number; ratio: number }[]; points: { key: string; alpha: number; ratio: number }[] } {
  const units = unitAlphas.filter((u) => Number.isFinite(u.alpha));
  if (units.length < 2) return { curve: [], points: units.map((u) => ({ ...u, ratio: 1 })) };
  const alphas = units.map((u) => u.alpha);
  const ratios = assignLayerRates(alphas, cfg);
  const lo = Math.min(...alphas);
  const hi = Math.max(...alphas);
  const pad = Math.max(0.25 * (hi - lo), 0.1);
  const population: number[] = [];
  for (let k = 0; k < POPULATION_WEIGHT; k++) population.push(...alphas);
  const probe = new Float64Array(population.length + 1);
  probe.set(population);
  const curve: { alpha: number; ratio: number }[] = [];
  for (let g = 0; g < gridSize; g++) {
    const a = Math.max(1.0001, lo - pad) + ((hi + pad - Math.max(1.0001, lo - pad)) * g) / (gridSize - 1);
    probe[population.length] = a;
    curve.push({ alpha: a, ratio: assignLayerRates(probe, cfg)[population.length] });
  }
  return { curve, points: units.map((u, i) => ({ key: u.key, alpha: u.alpha, ratio: ratios[i] })) };
}

/**
 * Rows { x, initial, truth, baseline?, tempbalance? } of the PDE prediction chart. Both runs predict
 * the same test sample (same data seed), so they share x and truth; the newest sample gives those.
 */
export function predictionRows(predictions: PerRun<RunView['prediction']>): { rows: Record<string, number | null>[]; step: number | null; frame: number | null } {
  const preds = RUN_LABELS.map((l) => [l, predictions[l] ?? null] as const).filter((p) => p[1] !== null);
  if (preds.length === 0) return { rows: [], step: null, frame: null };
  const ref = preds[preds.length - 1][1]!;
  const rows = Array.from(ref.sample.x, (x, i) => {
    const row: Record<string, number | null> = { x, initial: finite(ref.sample.initial[i]), truth: finite(ref.sample.truth[i]) };
    for (const [label, p] of preds) row[label] = finite(p!.sample.pred[i]);
    return row;
  });
  return { rows, step: ref.step, frame: ref.sample.frame };
}
