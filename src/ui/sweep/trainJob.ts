/**
 * A sweep job on the training workers: start one run with the job's config and schedule through the
 * training client (src/workers/trainClient.ts), wait for `done`, and hand back its val/test metrics.
 * One Lab (one shared ESD worker) serves every job of a sweep; each job gets its own training worker,
 * disposed as soon as the job ends, so at most `parallel` training workers exist at a time.
 */
import type { ExperimentConfig } from '../../experiment/schema';
import type { JobOutcome } from '../../experiment/sweep';
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

/**
 * Build the RunJob that runs jobs on `lab`'s workers. `now` is injectable (performance.now by
 * default) only so the duration of a fake run is deterministic in tests.
 */
export function workerRunJob(lab: Lab, now: () => number = () => performance.now()): RunJob {
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
            break;
          case 'steps': {
            const last = ev.points[ev.points.length - 1];
            if (last) onProgress(Math.min(1, last.step / total));
            break;
          }
          case 'eval':
            lastVal = ev.result.metric;
            break;
          case 'done':
            onProgress(1);
            finish(() =>
              resolve({
                val: ev.val.metric,
                test: ev.test.metric,
                metricName: ev.test.metricName,
                higherIsBetter: ev.test.higherIsBetter,
                steps: ev.step,
                ms: now() - t0,
                ...(backend ? { backend } : {}),
              }),
            );
            break;
          case 'error':
            // A diverged run is a result (the schedule made training blow up); it has no test metric.
            if (ev.reason === 'diverged')
              finish(() => resolve({ ...metricOf(job.config), val: lastVal, test: NaN, steps: ev.step, diverged: ev.message, ms: now() - t0, ...(backend ? { backend } : {}) }));
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
