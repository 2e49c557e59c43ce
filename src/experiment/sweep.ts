/**
 * Sweeps: a grid of data ratios × seeds × {baseline, TempBalance} on top of one preset, the way the
 * paper's Figures 3 and 4 are made (docs/METHOD.md §4). Pure: grid expansion, stable job ids, which
 * jobs are left, aggregation (mean ± sample std per ratio and schedule, TempBalance's paired
 * improvement over seeds) and the CSV / JSON exports. The CLI (scripts/sweep.ts) and the browser's
 * Sweep view share all of it; they differ only in how a job is run.
 */
import { hashString } from '../math/random';
import type { AlphaSpread } from '../math/imbalance';
import { pairedTTest } from '../math/stats';
import type { ExperimentConfig } from './schema';
import { decodeLink, encodeLink, type Notice, type PresetLookup } from './url';

/** The two schedules a sweep compares, in the order jobs of one (ratio, seed) run. */
export const SWEEP_SCHEDULES = ['baseline', 'tempbalance'] as const;
export type SweepSchedule = (typeof SWEEP_SCHEDULES)[number];

/** Grid keys: the sweep sets these itself, so `overrides` may not. */
export const GRID_KEYS = ['ratio', 'seed', 'mode'] as const;

/** What a sweep is: everything needed to rebuild its grid (persisted, and written to the JSON). */
export interface SweepSpec {
  /** Preset id the grid builds on (see presets.ts). */
  preset: string;
  ratios: number[];
  seeds: number[];
  /** Steps per run; undefined keeps the preset's. */
  steps?: number;
  /** Extra settings as schema key → raw string, as `--set key=value` gives them. */
  overrides?: Record<string, string>;
  /**
   * Learning rates to try (the authors' protocol): every (ratio, seed, schedule) runs once per value,
   * and the aggregate keeps, per ratio and schedule, the value with the best mean validation metric
   * (`selectByValidation`). Undefined or one value: the preset's (or `--set lr=`) rate only.
   */
  lrs?: number[];
}

/** One single-schedule run of the grid. */
export interface SweepJob {
  /** Stable id: the job's link (encodeLink of its config, mode included), so a grid re-expands to the same ids. */
  id: string;
  ratio: number;
  seed: number;
  schedule: SweepSchedule;
  config: ExperimentConfig;
  /** The job's learning rate when the spec has an `lrs` grid. */
  lr?: number;
}

/** What running a job gives back (from runExperiment in Node or the training worker's `done`). */
export interface JobOutcome {
  /** Final validation and test metric (accuracy or nRMSE); NaN when the run produced none. */
  val: number;
  test: number;
  metricName: 'accuracy' | 'nRMSE';
  higherIsBetter: boolean;
  /** Mean training loss of the last epoch, when known. */
  loss?: number;
  steps?: number;
  /** Set when the loss became NaN/∞ (the metrics are the last finite ones, or NaN). */
  diverged?: string;
  /** Set when the job failed outright; its metrics are NaN and aggregation skips it. */
  error?: string;
  /** Wall time of the run, ms. */
  ms: number;
  backend?: string;
  /**
   * Spread of α across the scheduled layers at the run's first and last re-estimate (src/math/imbalance.ts):
   * as fitted, and shape-corrected. Absent when the run recorded no layer α (browser sweeps).
   */
  spread?: { start: AlphaSpread; end: AlphaSpread };
}

/** A finished job: its grid coordinates and outcome (what the store and the JSON keep). */
export interface JobResult extends JobOutcome {
  jobId: string;
  ratio: number;
  seed: number;
  schedule: SweepSchedule;
  /** Set when the sweep has an `lrs` grid. */
  lr?: number;
}

/**
 * Expand a spec into jobs, ordered ratio → seed → schedule so each baseline/TempBalance pair finishes
 * close together. Every job's config goes through decodeLink, so validation and clamping are the same
 * as for a shared link; the notices (one per distinct message) say what was changed. Ratios or seeds
 * that clamp onto the same value give one job, not two.
 */
export function expandGrid(spec: SweepSpec, presets: PresetLookup): { jobs: SweepJob[]; notices: Notice[] } {
  const notices = new Map<string, Notice>();
  const note = (n: Notice) => notices.set(n.message, n);
  const base = new URLSearchParams({ preset: spec.preset });
  if (spec.steps !== undefined) base.set('steps', String(spec.steps));
  const lrs = spec.lrs && spec.lrs.length > 0 ? spec.lrs : [undefined];
  for (const [k, v] of Object.entries(spec.overrides ?? {})) {
    if (k === 'lr' && spec.lrs?.length) {
      note({ key: k, action: 'ignored', message: `"lr" is set by the sweep's learning-rate grid; --set lr=… was ignored.` });
      continue;
    }
    if ((GRID_KEYS as readonly string[]).includes(k)) {
      note({ key: k, action: 'ignored', message: `"${k}" is set by the sweep grid; --set ${k}=… was ignored.` });
      continue;
    }
    base.set(k, v);
  }
  const jobs: SweepJob[] = [];
  const seen = new Set<string>();
  for (const ratio of spec.ratios) {
    for (const seed of spec.seeds) {
      for (const lr of lrs) {
        for (const schedule of SWEEP_SCHEDULES) {
          const params = new URLSearchParams(base);
          params.set('ratio', String(ratio));
          params.set('seed', String(seed));
          params.set('mode', schedule);
          if (lr !== undefined) params.set('lr', String(lr));
          const { config, preset, notices: ns } = decodeLink(params.toString(), presets);
          ns.forEach(note);
          const id = encodeLink(config, { preset, presets });
          if (seen.has(id)) continue;
          seen.add(id);
          jobs.push({ id, ratio: config.ratio, seed: config.seed, schedule, config, ...(lr !== undefined ? { lr: config.lr } : {}) });
        }
      }
    }
  }
  return { jobs, notices: [...notices.values()] };
}

/** Id of a whole sweep: a hash of its job ids, so the same grid is recognised (and resumed) after a reload. */
export function sweepIdOf(jobs: readonly SweepJob[]): string {
  return `sweep-${hashString(jobs.map((j) => j.id).join('\n')).toString(16).padStart(8, '0')}`;
}

/** Jobs without a stored result, in grid order. */
export function pendingJobs(jobs: readonly SweepJob[], results: readonly JobResult[]): SweepJob[] {
  const done = new Set(results.map((r) => r.jobId));
  return jobs.filter((j) => !done.has(j.id));
}

/**
 * Parse a comma-separated list of numbers ("0.02,0.05, 0.1"): duplicates dropped, order kept.
 * Returns the first problem as `error` (and no values) so a form or the CLI can say exactly what is wrong.
 */
export function parseNumberList(raw: string, what: string, opts: { integer?: boolean } = {}): { values: number[]; error?: string } {
  const items = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) return { values: [], error: `${what}: give at least one value` };
  const values: number[] = [];
  for (const item of items) {
    const x = Number(item);
    if (!Number.isFinite(x)) return { values: [], error: `${what}: "${item}" is not a number` };
    if (opts.integer && !Number.isInteger(x)) return { values: [], error: `${what}: "${item}" is not a whole number` };
    if (!values.includes(x)) values.push(x);
  }
  return { values };
}

/** Mean and spread of a sample. */
export interface Stats {
  mean: number;
  /** Sample standard deviation (divisor n − 1). NaN when n < 2: one seed says nothing about spread. */
  std: number;
  n: number;
}

/** Mean ± sample std of the finite values (NaN results from failed runs are left out, and not counted). */
export function meanStd(values: readonly number[]): Stats {
  const xs = values.filter(Number.isFinite);
  const n = xs.length;
  if (n === 0) return { mean: NaN, std: NaN, n: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, std: NaN, n };
  // Two-pass (deviations from the mean) rather than Σx² − n·mean²: no cancellation for tiny spreads.
  const ss = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
  return { mean, std: Math.sqrt(ss / (n - 1)), n };
}

/** One ratio of the aggregate table. */
export interface AggregateRow {
  ratio: number;
  /** With a learning-rate grid: the rate each schedule kept at this ratio (best mean validation). */
  lr?: Record<SweepSchedule, number>;
  baseline: Stats;
  tempbalance: Stats;
  /**
   * TempBalance's gain, paired over the seeds that have both runs: d = tb − baseline for accuracy,
   * baseline − tb for nRMSE (lower is better), so a positive gain always means TempBalance did better.
   */
  improvement: Stats;
  /** Two-sided paired t-test p-value of the gain (H0: no difference); NaN with fewer than two pairs. */
  p: number;
  /** Seeds on which TempBalance did strictly better (of improvement.n pairs). */
  won: number;
  /** Mean α spread (shape-corrected, and as fitted) at the first and last re-estimate, per schedule; absent without spreads. */
  spread?: Record<SweepSchedule, SpreadMeans>;
}

/** Means over seeds of the runs' α spreads (JobOutcome.spread). */
export interface SpreadMeans {
  start: { fitted: number; corrected: number };
  end: { fitted: number; corrected: number };
  n: number;
}

/** Mean of the spreads of `runs` (those that have one); null when none has. */
export function spreadMeans(runs: readonly JobOutcome[]): SpreadMeans | null {
  const with_ = runs.filter((r) => r.spread);
  if (!with_.length) return null;
  const mean = (f: (r: JobOutcome) => number) => meanStd(with_.map(f)).mean;
  return {
    start: { fitted: mean((r) => r.spread!.start.fitted), corrected: mean((r) => r.spread!.start.corrected) },
    end: { fitted: mean((r) => r.spread!.end.fitted), corrected: mean((r) => r.spread!.end.corrected) },
    n: with_.length,
  };
}

export interface SweepAggregate {
  /** The test metric aggregated; null before any result. */
  metricName: 'accuracy' | 'nRMSE' | null;
  higherIsBetter: boolean;
  /** Sorted by increasing ratio. */
  rows: AggregateRow[];
}

/**
 * The learning-rate choice of the authors' protocol: per ratio and schedule, the grid value whose runs
 * have the best mean *validation* metric over seeds (ties: the first value in grid order). Results
 * without `lr` (no grid) pass through. Test metrics play no part in the choice.
 */
export function selectByValidation(results: readonly JobResult[]): { kept: JobResult[]; chosen: Map<string, number> } {
  const chosen = new Map<string, number>();
  const key = (r: Pick<JobResult, 'ratio' | 'schedule'>) => `${r.ratio}|${r.schedule}`;
  const groups = new Map<string, Map<number, number[]>>();
  for (const r of results) {
    if (r.lr === undefined) continue;
    const g = groups.get(key(r)) ?? new Map<number, number[]>();
    groups.set(key(r), g);
    g.set(r.lr, [...(g.get(r.lr) ?? []), r.val]);
  }
  for (const [k, byLr] of groups) {
    let best: { lr: number; score: number } | null = null;
    for (const [lr, vals] of byLr) {
      const m = meanStd(vals).mean;
      if (!Number.isFinite(m)) continue;
      const hib = results.find((r) => r.lr === lr)?.higherIsBetter ?? true;
      const score = hib ? m : -m;
      if (best === null || score > best.score) best = { lr, score };
    }
    if (best) chosen.set(k, best.lr);
  }
  const kept = results.filter((r) => r.lr === undefined || chosen.get(key(r)) === r.lr);
  return { kept, chosen };
}

/**
 * Per ratio and schedule mean ± std of the test metric, and the paired improvement. With a
 * learning-rate grid, only the runs of the rate chosen on validation (selectByValidation) count.
 */
export function aggregate(all: readonly JobResult[]): SweepAggregate {
  const { kept: results, chosen } = selectByValidation(all);
  const first = results.find((r) => !r.error) ?? results[0];
  const higherIsBetter = first?.higherIsBetter ?? true;
  const ratios = [...new Set(results.map((r) => r.ratio))].sort((a, b) => a - b);
  const rows = ratios.map((ratio): AggregateRow => {
    const at = results.filter((r) => r.ratio === ratio);
    const lrOf = (s: SweepSchedule) => chosen.get(`${ratio}|${s}`);
    const lrBase = lrOf('baseline');
    const lrTb = lrOf('tempbalance');
    const lr = lrBase !== undefined && lrTb !== undefined ? { lr: { baseline: lrBase, tempbalance: lrTb } } : {};
    const bySeed = (s: SweepSchedule) => new Map(at.filter((r) => r.schedule === s).map((r) => [r.seed, r.test]));
    const base = bySeed('baseline');
    const tb = bySeed('tempbalance');
    const diffs: number[] = [];
    for (const [seed, b] of base) {
      const t = tb.get(seed);
      if (t !== undefined) diffs.push(higherIsBetter ? t - b : b - t);
    }
    const finite = diffs.filter(Number.isFinite);
    const p = pairedTTest(finite.map(() => 0), finite).p;
    const spreadBase = spreadMeans(at.filter((r) => r.schedule === 'baseline'));
    const spreadTb = spreadMeans(at.filter((r) => r.schedule === 'tempbalance'));
    const spread = spreadBase && spreadTb ? { spread: { baseline: spreadBase, tempbalance: spreadTb } } : {};
    return { ratio, ...lr, baseline: meanStd([...base.values()]), tempbalance: meanStd([...tb.values()]), improvement: meanStd(diffs), p, won: finite.filter((d) => d > 0).length, ...spread };
  });
  return { metricName: first?.metricName ?? null, higherIsBetter, rows };
}

/** Remaining wall time, ms, from the mean duration of finished jobs; null before the first one finishes. */
export function timeLeftMs(durationsMs: readonly number[], remaining: number, parallel: number): number | null {
  if (remaining <= 0) return 0;
  if (durationsMs.length === 0) return null;
  const mean = durationsMs.reduce((a, b) => a + b, 0) / durationsMs.length;
  // Jobs in flight run side by side: ceil, because the last wave takes a full job's time however few are in it.
  return mean * Math.ceil(remaining / Math.max(1, parallel));
}

const cell = (x: number): string => (Number.isFinite(x) ? String(x) : '');

/** The aggregate table as CSV, one row per ratio; empty cells where a value is undefined (NaN). */
export function aggregateCsv(agg: SweepAggregate): string {
  const m = `test_${agg.metricName ?? 'metric'}`;
  const head = ['ratio', `baseline_${m}_mean`, `baseline_${m}_std`, 'baseline_n', `tempbalance_${m}_mean`, `tempbalance_${m}_std`, 'tempbalance_n', 'improvement_mean', 'improvement_std', 'pairs', 'p_paired_t', 'seeds_won'];
  const lines = agg.rows.map((r) =>
    [r.ratio, r.baseline.mean, r.baseline.std, r.baseline.n, r.tempbalance.mean, r.tempbalance.std, r.tempbalance.n, r.improvement.mean, r.improvement.std, r.improvement.n, r.p, r.won].map(cell).join(','),
  );
  return `${[head.join(','), ...lines].join('\n')}\n`;
}

/** The per-job results as CSV (one row per finished job). */
export function resultsCsv(results: readonly JobResult[]): string {
  // The lr column only for sweeps with a learning-rate grid, so other sweeps' CSV stays as it was.
  const withLr = results.some((r) => r.lr !== undefined);
  const head = ['ratio', 'seed', 'schedule', ...(withLr ? ['lr'] : []), 'metric', 'val', 'test', 'loss', 'steps', 'ms', 'diverged', 'error'];
  const quote = (s: string | undefined) => (s ? `"${s.replace(/"/g, '""')}"` : '');
  const lines = results.map((r) =>
    [cell(r.ratio), cell(r.seed), r.schedule, ...(withLr ? [cell(r.lr ?? NaN)] : []), r.metricName, cell(r.val), cell(r.test), cell(r.loss ?? NaN), cell(r.steps ?? NaN), cell(Math.round(r.ms)), quote(r.diverged), quote(r.error)].join(','),
  );
  return `${[head.join(','), ...lines].join('\n')}\n`;
}

/** Everything a sweep produced, for the JSON export and the CLI's --out file. */
export interface SweepReport {
  kind: 'model-balancing-lab/sweep';
  version: 1;
  /** package.json version of the code that ran the jobs: shards of different versions are not merged. */
  app?: string;
  /** Set when this file holds one shard of the grid (`--shard K/N`); `jobs` is still the whole grid. */
  shard?: { index: number; count: number };
  spec: SweepSpec;
  jobs: { id: string; ratio: number; seed: number; schedule: SweepSchedule }[];
  results: JobResult[];
  aggregate: SweepAggregate;
  /** Summed wall time of the finished jobs and, where known, of the whole sweep. */
  jobMs: number;
  wallMs?: number;
  command?: string;
  backend?: string;
}

export function sweepReport(spec: SweepSpec, jobs: readonly SweepJob[], results: readonly JobResult[], extra: Pick<SweepReport, 'wallMs' | 'command' | 'backend' | 'app' | 'shard'> = {}): SweepReport {
  return {
    kind: 'model-balancing-lab/sweep',
    version: 1,
    spec,
    jobs: jobs.map(({ id, ratio, seed, schedule }) => ({ id, ratio, seed, schedule })),
    results: [...results],
    aggregate: aggregate(results),
    jobMs: results.reduce((a, r) => a + r.ms, 0),
    ...extra,
  };
}

/** JSON text of a report: NaN and ±∞ become null (JSON has no NaN), as in train/report.ts. */
export function reportJson(report: SweepReport): string {
  return JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}

/** Read back a report written by reportJson: null metrics become NaN again. */
export function parseReportResults(json: unknown): JobResult[] {
  const results = (json as { results?: unknown })?.results;
  if (!Array.isArray(results)) return [];
  const num = (x: unknown) => (typeof x === 'number' ? x : NaN);
  return results
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null && typeof (r as { jobId?: unknown }).jobId === 'string')
    .map((r) => ({ ...(r as unknown as JobResult), val: num(r.val), test: num(r.test), ms: num(r.ms) }));
}
