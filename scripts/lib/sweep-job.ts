/**
 * One sweep job run headless (wasm/cpu backend in this process): the part `npm run sweep` shares between
 * its sequential loop and its `--jobs N` child processes (sweep-child.ts).
 */
import { fitOptionsOf } from '../../src/experiment/assign';
import type { JobResult, SweepJob } from '../../src/experiment/sweep';
import { alphaSpread } from '../../src/math/imbalance';
import { inlineEsd } from '../../src/train/esdInline';
import { runExperiment } from '../../src/train/experiment';
import type { DataLoaders } from '../../src/train/setup';

/** Run `job` to its end and turn its report into the sweep's result row. */
export async function runSweepJob(job: SweepJob, loaders: DataLoaders, progress: (step: number, total: number) => void): Promise<JobResult> {
  const base = { jobId: job.id, ratio: job.ratio, seed: job.seed, schedule: job.schedule, ...(job.lr !== undefined ? { lr: job.lr } : {}) };
  const rep = await runExperiment(job.config, loaders, inlineEsd, { onProgress: (_l, step, total) => progress(step, total) });
  const run = rep.runs[0];
  const { val, test } = run.final;
  // α spread over the scheduled layers (block matrices) at the first and last re-estimate.
  const scheduled = run.layers.filter((l) => l.block !== null && l.alpha.length > 0);
  const fit = fitOptionsOf(job.config);
  const at = (pick: (xs: number[]) => number) => alphaSpread(scheduled.map((l) => ({ shape: l.shape, alpha: pick(l.alpha) })), fit);
  const spread = scheduled.length >= 2 ? { spread: { start: at((xs) => xs[0]), end: at((xs) => xs[xs.length - 1]) } } : {};
  return {
    ...base,
    val: val.metric,
    test: test.metric,
    metricName: test.metricName,
    higherIsBetter: test.higherIsBetter,
    loss: run.final.loss,
    steps: run.final.steps,
    ms: run.ms,
    backend: rep.backend,
    ...(run.final.diverged ? { diverged: run.final.diverged } : {}),
    ...spread,
  };
}

/** Parent → child: run this job, or stop. */
export type ToChild = { kind: 'run'; job: SweepJob } | { kind: 'stop' };
/** Child → parent: ready (backend up), progress of the current job, its result, or why it failed. */
export type FromChild =
  | { kind: 'ready'; backend: string }
  | { kind: 'progress'; jobId: string; step: number; total: number }
  | { kind: 'result'; result: JobResult }
  | { kind: 'failed'; jobId: string; message: string };
