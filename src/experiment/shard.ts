/**
 * Sweeps past one machine: split a grid into N disjoint shards that run anywhere (a Slurm job array, a
 * Kubernetes Indexed Job, GNU parallel), each writing its own report, then merge the reports into one.
 * Every job is already an independent, seeded, deterministic run, so no scheduler of our own is needed:
 * a shard is a fixed subset of the grid and the merge only has to check that the pieces belong together.
 *
 * Pure (no fs, no process): scripts/sweep.ts reads the flags, the environment and the files.
 */
import type { JobResult, SweepJob, SweepReport } from './sweep';
import { aggregate } from './sweep';

/** The K-th (1-based) of N shards. */
export interface Shard {
  index: number;
  count: number;
}

/** Parse "K/N" (1 ≤ K ≤ N); returns the problem as `error` for a one-line CLI message. */
export function parseShard(raw: string): { shard?: Shard; error?: string } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  if (!m) return { error: `--shard expects K/N (e.g. 2/8), got "${raw}"` };
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) return { error: `--shard ${raw}: N must be at least 1` };
  if (index < 1 || index > count) return { error: `--shard ${raw}: K must be from 1 to ${count}` };
  return { shard: { index, count } };
}

/** Environment variables read when --shard is not given. */
export type ShardEnv = Readonly<Record<string, string | undefined>>;

const whole = (s: string | undefined): number | undefined => (s !== undefined && /^\s*\d+\s*$/.test(s) ? Number(s) : undefined);

/**
 * The shard a scheduler assigned through the environment, or null when none did.
 * - Slurm job array: SLURM_ARRAY_TASK_ID, counted from SLURM_ARRAY_TASK_MIN in steps of
 *   SLURM_ARRAY_TASK_STEP (so `--array=0-7` and `--array=1-8` both give shards 1…8), N from
 *   SLURM_ARRAY_TASK_COUNT or `shards`.
 * - Kubernetes Indexed Job: JOB_COMPLETION_INDEX (0-based); Kubernetes does not export the number of
 *   completions, so N comes from `shards` (--shards N).
 */
export function shardFromEnv(env: ShardEnv, shards?: number): { shard: Shard; source: string } | { error: string } | null {
  const checkCount = (n: number | undefined, from: string): { error: string } | number => {
    if (n === undefined) return { error: `${from} is set but the number of shards is not: pass --shards N` };
    if (shards !== undefined && shards !== n) return { error: `--shards ${shards} disagrees with ${from} (${n} tasks)` };
    return n;
  };
  const slurmId = whole(env.SLURM_ARRAY_TASK_ID);
  if (slurmId !== undefined) {
    const min = whole(env.SLURM_ARRAY_TASK_MIN) ?? 0;
    const step = whole(env.SLURM_ARRAY_TASK_STEP) ?? 1;
    const offset = slurmId - min;
    if (offset < 0 || step < 1 || offset % step !== 0) return { error: `SLURM_ARRAY_TASK_ID ${slurmId} is not on the array's grid (min ${min}, step ${step})` };
    const n = checkCount(whole(env.SLURM_ARRAY_TASK_COUNT) ?? shards, 'SLURM_ARRAY_TASK_ID');
    if (typeof n !== 'number') return n;
    const index = offset / step + 1;
    if (index > n) return { error: `SLURM_ARRAY_TASK_ID ${slurmId} is task ${index} of only ${n}` };
    return { shard: { index, count: n }, source: `SLURM_ARRAY_TASK_ID=${slurmId}` };
  }
  const k8s = whole(env.JOB_COMPLETION_INDEX);
  if (k8s !== undefined) {
    const n = checkCount(shards, 'JOB_COMPLETION_INDEX');
    if (typeof n !== 'number') return n;
    if (k8s + 1 > n) return { error: `JOB_COMPLETION_INDEX ${k8s} is beyond --shards ${n} (indices 0…${n - 1})` };
    return { shard: { index: k8s + 1, count: n }, source: `JOB_COMPLETION_INDEX=${k8s}` };
  }
  return null;
}

/**
 * The jobs of one shard: job i of the grid (grid order, ratio → seed → schedule) goes to shard
 * (i mod N) + 1. Round robin rather than contiguous blocks, so every shard gets a share of the small
 * and the large ratios and the shards finish at about the same time.
 */
export function shardJobs<J>(jobs: readonly J[], shard: Shard): J[] {
  return jobs.filter((_, i) => i % shard.count === shard.index - 1);
}

/** One parsed shard file. */
export interface ShardFile {
  file: string;
  report: SweepReport;
}

/** What merging gives: one report over the whole grid, and the grid's jobs that no shard finished. */
export interface MergeResult {
  report: SweepReport;
  missing: SweepReport['jobs'];
}

/** Fields of a result that a deterministic rerun reproduces (wall time and backend name may differ). */
const outcomeKey = (r: JobResult): string => JSON.stringify([r.val, r.test, r.loss, r.steps, r.diverged ?? null, r.metricName]);

/**
 * Merge shard reports of one grid into one report, results in grid order. Throws a one-line error when
 * the files are of different report versions, code versions, specs or grids, or when two files hold
 * different outcomes for the same job (a deterministic job run twice must agree).
 */
export function mergeShardReports(files: readonly ShardFile[], extra: Pick<SweepReport, 'command'> = {}): MergeResult {
  if (files.length === 0) throw new Error('--merge needs at least one shard file');
  const [first, ...rest] = files;
  const gridOf = (r: SweepReport) => JSON.stringify(r.jobs.map((j) => j.id));
  for (const f of [first, ...rest]) {
    if (f.report.kind !== 'model-balancing-lab/sweep') throw new Error(`${f.file} is not a sweep report (kind ${String(f.report.kind)})`);
  }
  for (const f of rest) {
    if (f.report.version !== first.report.version) throw new Error(`${f.file} is report version ${f.report.version}, ${first.file} is ${first.report.version}`);
    if ((f.report.app ?? '') !== (first.report.app ?? '')) throw new Error(`${f.file} was made by version ${f.report.app ?? '?'} of the lab, ${first.file} by ${first.report.app ?? '?'}: rerun one of them`);
    if (JSON.stringify(f.report.spec) !== JSON.stringify(first.report.spec)) throw new Error(`${f.file} is a different sweep than ${first.file} (spec ${JSON.stringify(f.report.spec)} vs ${JSON.stringify(first.report.spec)})`);
    if (gridOf(f.report) !== gridOf(first.report)) throw new Error(`${f.file} and ${first.file} have the same spec but different grids (made by different code?)`);
  }
  const byJob = new Map<string, { r: JobResult; file: string }>();
  for (const f of files) {
    for (const r of f.report.results) {
      if (r.error) continue;
      const had = byJob.get(r.jobId);
      if (had && outcomeKey(had.r) !== outcomeKey(r)) {
        throw new Error(`job ratio ${r.ratio} seed ${r.seed} ${r.schedule} has different results in ${had.file} and ${f.file}`);
      }
      if (!had) byJob.set(r.jobId, { r, file: f.file });
    }
  }
  const grid = first.report.jobs;
  const ids = new Set(grid.map((j) => j.id));
  const stray = [...byJob.keys()].filter((id) => !ids.has(id));
  if (stray.length) throw new Error(`${byJob.get(stray[0])?.file} holds ${stray.length} result(s) that are not jobs of its grid`);
  const results = grid.flatMap((j) => byJob.get(j.id)?.r ?? []);
  const missing = grid.filter((j) => !byJob.has(j.id));
  const backends = [...new Set(files.map((f) => f.report.backend).filter((b): b is string => !!b))];
  // Shards ran side by side: the sweep took as long as its slowest shard.
  const walls = files.map((f) => f.report.wallMs).filter((w): w is number => typeof w === 'number');
  const report: SweepReport = {
    kind: 'model-balancing-lab/sweep',
    version: first.report.version,
    ...(first.report.app ? { app: first.report.app } : {}),
    spec: first.report.spec,
    jobs: grid,
    results,
    aggregate: aggregate(results),
    jobMs: results.reduce((a, r) => a + r.ms, 0),
    ...(walls.length ? { wallMs: Math.max(...walls) } : {}),
    ...(backends.length ? { backend: backends.join(',') } : {}),
    ...extra,
  };
  return { report, missing };
}

/** A job as the merge lists missing ones: "ratio R seed S schedule". */
export function describeJob(j: Pick<SweepJob, 'ratio' | 'seed' | 'schedule'>): string {
  return `ratio ${j.ratio} seed ${j.seed} ${j.schedule}`;
}
