/**
 * A sweep job on the training workers: start one run with the job's config and schedule through the
 * training client (src/workers/trainClient.ts), wait for `done`, and hand back its val/test metrics.
 * One Lab (one shared ESD worker) serves every job of a sweep; each job gets its own training worker,
 * disposed as soon as the job ends, so at most `parallel` training workers exist at a time.
 *
 * Like the CLI's jobs (scripts/lib/sweep-job.ts), each job records the α spread across its scheduled
 * layers (the parameters of a block) at the first and the last re-estimate, as fitted and shape-corrected
 * (src/math/imbalance.ts); the random references come from the reference worker, off the main thread.
 */
import { fitOptionsOf } from '../../experiment/assign';
import type { ExperimentConfig } from '../../experiment/schema';
import type { JobOutcome } from '../../experiment/sweep';
import { alphaSpreadWith } from '../../math/imbalance';
import type { LayerMetrics } from '../../math/types';
import { referenceClient, type ReferenceFit } from '../../workers/referenceClient';
import type { Lab, RunEvent, RunHandle } from '../../workers/trainClient';
import type { RunJob } from './sweepQueue';

/** The task's headline metric without running it: accuracy for text, nRMSE (lower is better) for PDEs. */
export function metricOf(config: ExperimentConfig): Pick<JobOutcome, 'metricName' | 'higherIsBetter'> {
  return config.task === 'sentiment' ? { metricName: 'accuracy', higherIsBetter: true } : { metricName: 'nRMSE', higherIsBetter: false };
}

/** An Error the queue recognises as a cancel, not a failure. */
function aborted(): Error {
  return new DOMException('the sweep was cancelled', 'AbortError');
}

/** α of a random matrix of a shape under a fit (the reference worker's; the math module's in tests). */
export type ReferenceAlpha = (shape: readonly number[], fit: ReferenceFit) => Promise<number>;

/** α and shape of the scheduled layers at one re-estimate. */
type Snapshot = { shape: readonly number[]; alpha: number }[];

/**
 * The job's α spreads at its first and last re-estimate, as the CLI records them; undefined with fewer
 * than two scheduled layers or no re-estimate, or when a reference fails (the job's metrics still count).
 */
export async function jobSpread(first: Snapshot | null, last: Snapshot | null, config: ExperimentConfig, reference: ReferenceAlpha): Promise<JobOutcome['spread']> {
  if (!first || !last || first.length < 2 || last.length < 2) return undefined;
  const fit = fitOptionsOf(config);
  const refs = new Map<string, number>();
  try {
    for (const l of [...first, ...last]) {
      const key = l.shape.join('x');
      if (!refs.has(key)) refs.set(key, await reference(l.shape, fit));
    }
  } catch {
    return undefined;
  }
  const ref = (shape: readonly number[]) => refs.get(shape.join('x')) ?? NaN;
  return { start: alphaSpreadWith(first, ref), end: alphaSpreadWith(last, ref) };
}

/**
 * Build the RunJob that runs jobs on `lab`'s workers. `now` is injectable (performance.now by
 * default) only so the duration of a fake run is deterministic in tests; `reference` so tests need no worker.
 */
export function workerRunJob(lab: Lab, now: () => number = () => performance.now(), reference: ReferenceAlpha = (s, f) => referenceClient.alpha(s, f)): RunJob {
  return (job, signal, onProgress) =>
    new Promise<JobOutcome>((resolve, reject) => {
      if (signal.aborted) {
        reject(aborted());
        return;
      }
      const t0 = now();
      let backend: string | undefined;
      // The run's own length (with epochs it depends on the training set, not config.steps).
      let total = job.config.steps;
      let lastVal = NaN;
      // Scheduled layers (a block's parameters, as the CLI takes them) and their α at the first and last re-estimate.
      let scheduled = new Set<string>();
      let first: Snapshot | null = null;
      let last: Snapshot | null = null;
      const pick = (layers: readonly LayerMetrics[]): Snapshot => layers.filter((l) => scheduled.has(l.name)).map((l) => ({ shape: l.shape, alpha: l.alpha }));
      // The worker is released at once; the job settles when the spreads' references are known.
      const withSpread = (outcome: JobOutcome): Promise<JobOutcome> =>
        jobSpread(first, last, job.config, reference).then((spread) => (spread ? { ...outcome, spread } : outcome));
      let settled = false;
      let handle: RunHandle | null = null;
      const finish = (f: () => void) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        f();
        handle?.dispose();
      };
      const onAbort = () => finish(() => reject(aborted()));
      const onEvent = (ev: RunEvent) => {
        switch (ev.kind) {
          case 'ready':
            backend = ev.backend.name;
            total = ev.totalSteps;
            scheduled = new Set(ev.params.filter((p) => p.block !== null).map((p) => p.name));
            break;
          case 'esd':
            last = pick(ev.layers);
            first ??= last;
            break;
          case 'steps': {
            const last = ev.points[ev.points.length - 1];
            if (last) onProgress(Math.min(1, last.step / total));
            break;
          }
          case 'eval':
            lastVal = ev.result.metric;
            break;
          case 'done': {
            onProgress(1);
            const outcome: JobOutcome = {
              val: ev.val.metric,
              test: ev.test.metric,
              metricName: ev.test.metricName,
              higherIsBetter: ev.test.higherIsBetter,
              steps: ev.step,
              ms: now() - t0,
              ...(backend ? { backend } : {}),
            };
            finish(() => resolve(withSpread(outcome)));
            break;
          }
          case 'error':
            // A diverged run is a result (the schedule made training blow up); it has no test metric.
            if (ev.reason === 'diverged') {
              const outcome: JobOutcome = { ...metricOf(job.config), val: lastVal, test: NaN, steps: ev.step, diverged: ev.message, ms: now() - t0, ...(backend ? { backend } : {}) };
              finish(() => resolve(withSpread(outcome)));
            }
            else if (ev.reason === 'fatal') finish(() => reject(new Error(ev.message)));
            // 'rejected' concerns a live update, which a sweep never sends; device-lost is handled by the client.
            break;
        }
      };
      handle = lab.startRun(job.config, job.schedule, { onEvent });
      if (settled) {
        handle.dispose(); // failed while starting
        return;
      }
      signal.addEventListener('abort', onAbort);
      handle.run();
    });
}
