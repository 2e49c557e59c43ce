/**
 * The browser's sweep queue: runs a sweep's pending jobs a few at a time, stores each result the
 * moment it arrives, and stops taking jobs when cancelled. No React and no workers in here: a job is
 * run by an injected `RunJob` (the training-worker adapter in trainJob.ts, a fake in vitest), so the
 * scheduling, persistence and cancel logic are tested without a browser.
 */
import { errorMessage } from '../../io/errors';
import type { JobOutcome, JobResult, SweepJob } from '../../experiment/sweep';
import type { SweepStore } from '../../experiment/sweepStore';

/**
 * Run one job to completion. Resolves with its final metrics (a diverged run resolves too, with
 * `diverged` set); rejects when the run fails or `signal` aborts. `onProgress` gets steps done / total.
 */
export type RunJob = (job: SweepJob, signal: AbortSignal, onProgress: (fraction: number) => void) => Promise<JobOutcome>;

/** Most jobs side by side: one per core the browser reports, at least 1, at most 4 (memory and the shared ESD worker). */
export function sweepParallelism(hardwareConcurrency: number | undefined): number {
  const n = Math.floor(hardwareConcurrency ?? 1);
  return Math.min(4, Math.max(1, Number.isFinite(n) ? n : 1));
}

export interface QueueOptions {
  sweepId: string;
  store: SweepStore;
  runJob: RunJob;
  parallel: number;
  signal: AbortSignal;
  onStart?(job: SweepJob): void;
  onProgress?(job: SweepJob, fraction: number): void;
  /** Called after the result is stored. */
  onResult?(result: JobResult): void;
  /** A job failed (not stored, so resuming retries it). */
  onFailure?(job: SweepJob, message: string): void;
}

export interface QueueSummary {
  finished: number;
  failed: number;
  /** True when the signal aborted before every job had run. */
  cancelled: boolean;
}

/**
 * Run `jobs` in order with at most `parallel` in flight. Each lane takes the next job when its
 * current one ends, so a slow job never holds back the others. A result that arrives after a cancel
 * (the run had just finished) is still stored: it is a complete, valid run.
 */
export async function runQueue(jobs: readonly SweepJob[], opts: QueueOptions): Promise<QueueSummary> {
  let next = 0;
  let finished = 0;
  let failed = 0;
  const lane = async (): Promise<void> => {
    while (!opts.signal.aborted && next < jobs.length) {
      const job = jobs[next++];
      opts.onStart?.(job);
      let outcome: JobOutcome;
      try {
        outcome = await opts.runJob(job, opts.signal, (f) => opts.onProgress?.(job, f));
      } catch (e) {
        if (opts.signal.aborted) return;
        failed++;
        opts.onFailure?.(job, errorMessage(e));
        continue;
      }
      const result: JobResult = { ...outcome, jobId: job.id, ratio: job.ratio, seed: job.seed, schedule: job.schedule, ...(job.lr !== undefined ? { lr: job.lr } : {}) };
      await opts.store.putResult(opts.sweepId, result);
      finished++;
      opts.onResult?.(result);
    }
  };
  const lanes = Math.max(1, Math.min(opts.parallel, jobs.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return { finished, failed, cancelled: opts.signal.aborted && finished + failed < jobs.length };
}
