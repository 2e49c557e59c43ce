/**
 * The Sweep view's state: the current sweep (reopened from IndexedDB on mount), its results as they
 * arrive, the jobs in flight with their progress, and start / cancel / resume. Jobs run on the
 * training workers through one Lab per sweep (trainJob.ts); the queue logic lives in sweepQueue.ts.
 * Opened from a sweep link, it reopens the stored sweep with that link's grid (if any) instead of the
 * latest, so the status, results and Resume shown belong to the grid in the form.
 */
import { errorMessage } from '../../io/errors';
import { useCallback, useEffect, useRef, useState } from 'react';
import { presetOverrides } from '../../experiment/presets';
import { expandGrid, sweepIdOf, type JobResult, type SweepJob, type SweepSpec } from '../../experiment/sweep';
import { beginSweep, endSweep, openSweepStore, reopenSweep, type ReopenedSweep, type StoredSweep, type SweepStore } from '../../experiment/sweepStore';
import type { Notice } from '../../experiment/url';
import { createLab } from '../../workers/trainClient';
import { runQueue, sweepParallelism, type RunJob } from './sweepQueue';
import { workerRunJob } from './trainJob';

export type SweepPhase = 'loading' | 'idle' | 'running' | 'cancelling';

export interface SweepState {
  phase: SweepPhase;
  sweep: StoredSweep | null;
  jobs: SweepJob[];
  results: JobResult[];
  /** Jobs in flight: id → fraction of steps done. */
  inFlight: Record<string, number>;
  failures: { job: SweepJob; message: string }[];
  notices: Notice[];
  /** Jobs run side by side. */
  parallel: number;
  /** False when IndexedDB could not be opened: results then last only until the page is closed. */
  persistent: boolean;
  storeNote: string | null;
  error: string | null;
}

const INITIAL: SweepState = {
  phase: 'loading',
  sweep: null,
  jobs: [],
  results: [],
  inFlight: {},
  failures: [],
  notices: [],
  parallel: 1,
  persistent: true,
  storeNote: null,
  error: null,
};

/** How jobs are run; injectable for tests, the training workers by default. */
export type RunJobFactory = () => { runJob: RunJob; dispose(): void };

const workerFactory: RunJobFactory = () => {
  const lab = createLab();
  return { runJob: workerRunJob(lab), dispose: () => lab.dispose() };
};

export interface UseSweepOptions {
  /** The grid a link opened: show its stored sweep, or none; undefined/null shows the latest stored sweep. */
  open?: SweepSpec | null;
  factory?: RunJobFactory;
}

export function useSweep({ open = null, factory = workerFactory }: UseSweepOptions = {}) {
  const [state, setState] = useState<SweepState>(() => ({ ...INITIAL, parallel: sweepParallelism(globalThis.navigator?.hardwareConcurrency) }));
  const store = useRef<SweepStore | null>(null);
  const abort = useRef<AbortController | null>(null);
  // Only the grid the page was opened with matters: later form edits do not reopen anything.
  const opening = useRef(open);

  const show = useCallback((r: ReopenedSweep) => {
    setState((s) => ({ ...s, sweep: r.sweep, jobs: r.jobs, results: r.results, notices: r.notices, failures: [], inFlight: {} }));
  }, []);

  // Reopen the latest sweep: after a reload its results are back and Resume runs what is left.
  useEffect(() => {
    let live = true;
    void (async () => {
      const opened = await openSweepStore();
      if (!live) return;
      store.current = opened.store;
      // The same grid always has the same id (sweepIdOf), so a link finds the sweep it describes.
      const want = opening.current;
      const id = want ? sweepIdOf(expandGrid(want, presetOverrides).jobs) : undefined;
      const latest = await reopenSweep(opened.store, presetOverrides, id).catch(() => null);
      if (!live) return;
      if (latest) show(latest);
      setState((s) => ({ ...s, phase: 'idle', persistent: opened.persistent, storeNote: opened.reason ?? null }));
    })();
    return () => {
      live = false;
      abort.current?.abort();
    };
  }, [show]);

  const runPending = useCallback(
    async (opened: ReopenedSweep) => {
      const st = store.current;
      if (!st) return;
      const ctl = new AbortController();
      abort.current = ctl;
      show(opened);
      setState((s) => ({ ...s, phase: 'running', error: null }));
      const runner = factory();
      try {
        const summary = await runQueue(opened.pending, {
          sweepId: opened.sweep.id,
          store: st,
          runJob: runner.runJob,
          parallel: sweepParallelism(globalThis.navigator?.hardwareConcurrency),
          signal: ctl.signal,
          onStart: (job) => setState((s) => ({ ...s, inFlight: { ...s.inFlight, [job.id]: 0 } })),
          onProgress: (job, f) => setState((s) => (job.id in s.inFlight ? { ...s, inFlight: { ...s.inFlight, [job.id]: f } } : s)),
          onResult: (r) =>
            setState((s) => {
              const { [r.jobId]: _done, ...inFlight } = s.inFlight;
              return { ...s, inFlight, results: [...s.results.filter((x) => x.jobId !== r.jobId), r] };
            }),
          onFailure: (job, message) =>
            setState((s) => {
              const { [job.id]: _failed, ...inFlight } = s.inFlight;
              return { ...s, inFlight, failures: [...s.failures, { job, message }] };
            }),
        });
        await endSweep(st, opened.sweep.id, summary.cancelled ? 'cancelled' : 'done', Date.now());
        const sweep = await st.getSweep(opened.sweep.id);
        setState((s) => ({ ...s, sweep: sweep ?? s.sweep, phase: 'idle', inFlight: {} }));
      } catch (e) {
        setState((s) => ({ ...s, phase: 'idle', inFlight: {}, error: errorMessage(e) }));
      } finally {
        runner.dispose();
        if (abort.current === ctl) abort.current = null;
      }
    },
    [factory, show],
  );

  /** Start a sweep (or continue the same grid if it was started before). */
  const start = useCallback(
    async (spec: SweepSpec) => {
      const st = store.current;
      if (!st || abort.current) return;
      try {
        await runPending(await beginSweep(st, spec, presetOverrides, Date.now()));
      } catch (e) {
        setState((s) => ({ ...s, error: errorMessage(e) }));
      }
    },
    [runPending],
  );

  /** Run the shown sweep's unfinished jobs. */
  const resume = useCallback(async () => {
    const st = store.current;
    if (!st || abort.current || !state.sweep) return;
    await start(state.sweep.spec);
  }, [start, state.sweep]);

  /** Stop: jobs in flight are abandoned (their workers terminated), finished results stay. */
  const cancel = useCallback(() => {
    if (!abort.current) return;
    setState((s) => ({ ...s, phase: 'cancelling' }));
    abort.current.abort();
  }, []);

  /** Forget the shown sweep and its results. */
  const clear = useCallback(async () => {
    const st = store.current;
    if (!st || abort.current || !state.sweep) return;
    await st.deleteSweep(state.sweep.id);
    setState((s) => ({ ...s, sweep: null, jobs: [], results: [], failures: [], notices: [] }));
  }, [state.sweep]);

  return { state, start, resume, cancel, clear };
}
