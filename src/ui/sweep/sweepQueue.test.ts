import { describe, expect, it } from 'vitest';
import { presetOverrides } from '../../experiment/presets';
import { expandGrid, type JobOutcome, type SweepJob, type SweepSpec } from '../../experiment/sweep';
import { beginSweep, MemorySweepStore, reopenSweep } from '../../experiment/sweepStore';
import type { EvalResult } from '../../train/tasks/types';
import type { Lab, RunOptions } from '../../workers/trainClient';
import { runQueue, sweepParallelism, type RunJob } from './sweepQueue';
import { workerRunJob } from './trainJob';

const spec: SweepSpec = { preset: 'sentiment-low', ratios: [0.05, 0.2], seeds: [1, 2], steps: 10 };

const outcome = (test: number): JobOutcome => ({ val: test, test, metricName: 'accuracy', higherIsBetter: true, ms: 5 });

/** A RunJob whose jobs finish only when the test says so: no timers, so nothing depends on timing. */
function controlledRunner() {
  const running = new Map<string, { resolve(o: JobOutcome): void; reject(e: Error): void }>();
  let maxInFlight = 0;
  const runJob: RunJob = (job, signal) =>
    new Promise((resolve, reject) => {
      running.set(job.id, { resolve, reject });
      maxInFlight = Math.max(maxInFlight, running.size);
      signal.addEventListener('abort', () => reject(new Error('aborted')));
    });
  const settle = async (id: string, f: (r: { resolve(o: JobOutcome): void; reject(e: Error): void }) => void) => {
    const r = running.get(id);
    if (!r) throw new Error(`job not running: ${id}`);
    running.delete(id);
    f(r);
    // Let the queue store the result and pick up its next job.
    for (let k = 0; k < 5; k++) await Promise.resolve();
  };
  return { runJob, running, settle, maxInFlight: () => maxInFlight };
}

describe('sweepParallelism', () => {
  it('is the core count clamped to 1…4', () => {
    expect([undefined, 0, 1, 2, 3, 4, 16, NaN].map(sweepParallelism)).toEqual([1, 1, 1, 2, 3, 4, 4, 1]);
  });
});

describe('runQueue', () => {
  it('runs every job with at most `parallel` in flight and stores each result', async () => {
    const store = new MemorySweepStore();
    const { sweep, jobs } = await beginSweep(store, spec, presetOverrides, 1);
    const r = controlledRunner();
    const started: string[] = [];
    const queue = runQueue(jobs, { sweepId: sweep.id, store, runJob: r.runJob, parallel: 3, signal: new AbortController().signal, onStart: (j) => started.push(j.id) });
    await Promise.resolve();
    expect([...r.running.keys()]).toEqual(jobs.slice(0, 3).map((j) => j.id));
    // Finish out of order: the freed lane takes the next job in grid order.
    await r.settle(jobs[1].id, (p) => p.resolve(outcome(0.1)));
    expect(r.running.has(jobs[3].id)).toBe(true);
    while (r.running.size) await r.settle([...r.running.keys()][0], (p) => p.resolve(outcome(0.5)));
    const summary = await queue;
    expect(summary).toEqual({ finished: 8, failed: 0, cancelled: false });
    expect(r.maxInFlight()).toBe(3);
    expect(started).toEqual(jobs.map((j) => j.id));
    const stored = await store.results(sweep.id);
    expect(stored).toHaveLength(8);
    expect(stored.find((x) => x.jobId === jobs[1].id)).toMatchObject({ ratio: jobs[1].ratio, seed: jobs[1].seed, schedule: jobs[1].schedule, test: 0.1 });
  });

  it('cancel stops taking jobs; a reload then resumes exactly the rest', async () => {
    const store = new MemorySweepStore();
    const { sweep, jobs } = await beginSweep(store, spec, presetOverrides, 1);
    const r = controlledRunner();
    const ctl = new AbortController();
    const queue = runQueue(jobs, { sweepId: sweep.id, store, runJob: r.runJob, parallel: 2, signal: ctl.signal });
    await r.settle(jobs[0].id, (p) => p.resolve(outcome(0.6)));
    await r.settle(jobs[1].id, (p) => p.resolve(outcome(0.7)));
    ctl.abort();
    expect(await queue).toEqual({ finished: 2, failed: 0, cancelled: true });

    const back = await reopenSweep(store, presetOverrides);
    expect(back!.pending.map((j) => j.id)).toEqual(jobs.slice(2).map((j) => j.id));
    const r2 = controlledRunner();
    const rest = runQueue(back!.pending, { sweepId: sweep.id, store, runJob: r2.runJob, parallel: 4, signal: new AbortController().signal });
    while (r2.running.size) await r2.settle([...r2.running.keys()][0], (p) => p.resolve(outcome(0.5)));
    expect((await rest).finished).toBe(6);
    expect(await store.results(sweep.id)).toHaveLength(8);
  });

  it('a failed job is reported, not stored (so resuming retries it), and the others go on', async () => {
    const store = new MemorySweepStore();
    const { sweep, jobs } = await beginSweep(store, { ...spec, ratios: [0.05] }, presetOverrides, 1);
    const failures: string[] = [];
    const runJob: RunJob = async (job) => {
      if (job.schedule === 'tempbalance' && job.seed === 2) throw new Error('worker crashed');
      return outcome(0.5);
    };
    const s = await runQueue(jobs, { sweepId: sweep.id, store, runJob, parallel: 1, signal: new AbortController().signal, onFailure: (_j, m) => failures.push(m) });
    expect(s).toEqual({ finished: 3, failed: 1, cancelled: false });
    expect(failures).toEqual(['worker crashed']);
    expect((await reopenSweep(store, presetOverrides))!.pending.map((j) => [j.seed, j.schedule])).toEqual([[2, 'tempbalance']]);
  });
});

/** A Lab whose runs replay scripted events on a microtask, recording what the adapter asked for. */
function fakeLab(script: (opts: RunOptions, job: { label: string }) => void) {
  const log: string[] = [];
  const lab = {
    startRun(config, label, opts) {
      log.push(`start ${label} ratio=${config.ratio}`);
      return {
        label,
        config,
        run: () => queueMicrotask(() => script(opts, { label })),
        pause() {},
        step() {},
        update() {},
        saveState: () => Promise.reject(new Error('unused')),
        dispose: () => log.push(`dispose ${label}`),
        debugLoseDevice() {},
      };
    },
    startCompare: () => {
      throw new Error('unused');
    },
    fitEigenvalues: () => {
      throw new Error('unused');
    },
    dispose() {},
  } satisfies Lab;
  return { lab, log };
}

const evalResult = (split: 'val' | 'test', metric: number): EvalResult => ({ split, loss: 0.5, metric, metricName: 'accuracy', higherIsBetter: true, extra: {} });

describe('workerRunJob (training-client adapter)', () => {
  // ratio 0.05, seed 1, TempBalance.
  const job = (): SweepJob => expandGrid(spec, presetOverrides).jobs[1];

  it('resolves with the done event’s val/test, reports progress, disposes the worker', async () => {
    const { lab, log } = fakeLab((o) => {
      o.onEvent({ kind: 'steps', runId: 1, points: [{ step: 5, epoch: 0, loss: 1, lr: 1e-3 }], msPerStep: 1 });
      o.onEvent({ kind: 'done', runId: 1, step: 10, val: evalResult('val', 0.7), test: evalResult('test', 0.65) });
    });
    let t = 0;
    const progress: number[] = [];
    const out = await workerRunJob(lab, () => (t += 100))(job(), new AbortController().signal, (f) => progress.push(f));
    expect(out).toEqual({ val: 0.7, test: 0.65, metricName: 'accuracy', higherIsBetter: true, steps: 10, ms: 100 });
    expect(progress).toEqual([0.5, 1]);
    expect(log).toEqual(['start tempbalance ratio=0.05', 'dispose tempbalance']);
  });

  it('a diverged run is a result with NaN test; a fatal error rejects; abort rejects and disposes', async () => {
    const diverged = fakeLab((o) => {
      o.onEvent({ kind: 'eval', runId: 1, step: 5, result: evalResult('val', 0.55) });
      o.onEvent({ kind: 'error', runId: 1, reason: 'diverged', message: 'loss is NaN', step: 7 });
    });
    const d = await workerRunJob(diverged.lab)(job(), new AbortController().signal, () => {});
    expect(d).toMatchObject({ val: 0.55, diverged: 'loss is NaN', steps: 7, metricName: 'accuracy' });
    expect(d.test).toBeNaN();

    const fatal = fakeLab((o) => o.onEvent({ kind: 'error', runId: 1, reason: 'fatal', message: 'out of memory', step: 0 }));
    await expect(workerRunJob(fatal.lab)(job(), new AbortController().signal, () => {})).rejects.toThrow('out of memory');
    expect(fatal.log).toContain('dispose tempbalance');

    const silent = fakeLab(() => {});
    const ctl = new AbortController();
    const p = workerRunJob(silent.lab)(job(), ctl.signal, () => {});
    ctl.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(silent.log).toEqual(['start tempbalance ratio=0.05', 'dispose tempbalance']);
  });
});
