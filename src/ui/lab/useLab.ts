/**
 * React glue between the Lab view and the training workers (J's trainClient.ts): owns one `Lab`
 * for the component's lifetime, starts the runs a config asks for (one, or a Compare pair with the
 * same seed and data), and folds their events into `labReducer`.
 *
 * Smoothness: events are buffered and dispatched together at most once per animation frame and
 * no more often than every FLUSH_MS, so a burst of worker messages costs one React render; that
 * render is a transition, which React renders in slices that yield to the browser (no long task
 * while the charts redraw), and which a click or keypress interrupts.
 * The events of the current runs are also recorded (minus `state` snapshots) for the run-log export.
 */
import { startTransition, useCallback, useEffect, useReducer, useRef } from 'react';
import type { ExperimentConfig } from '../../experiment/schema';
import { runName } from '../../experiment/method';
import type { BackendName } from '../../platform/backendPolicy';
import { ESTIMATORS } from '../../math/types';
import { createLab, type CompareHandle, type FitEigenvalues, type Lab, type RunEvent, type RunHandle } from '../../workers/trainClient';
import type { FromTrainer } from '../../workers/trainProtocol';
import { initialLabState, labReducer, RUN_LABELS, type EventAction, type LabState, type RunLabel } from './labState';
import { isLoggable, loggedForm, replayRunLog, RUN_LOG_FORMAT, RUN_LOG_VERSION, type RunLog } from './runLog';

/** Minimum time between two renders caused by worker events (ms). */
const FLUSH_MS = 400;

export interface LabControls {
  state: LabState;
  /** The config the current runs were started with, live updates included (null: no runs). */
  runConfig: ExperimentConfig | null;
  /** Start fresh runs for `config` (disposing any current ones). They build, then wait for run/step. */
  start(config: ExperimentConfig): void;
  run(): void;
  pause(): void;
  step(n?: number): void;
  /** Send learning-rate-type changes to the running workers. */
  update(patch: Partial<ExperimentConfig>): void;
  /** Stop and forget the runs. */
  reset(): void;
  /** The run log of what is on screen. */
  exportLog(preset: string | null): RunLog | null;
  /** Show a saved run (no workers). */
  showLog(log: RunLog, name: string): void;
  /** Re-fit an ESD of the runs on screen in the lab's ESD worker (the ESD chart's slider and fit method). */
  fitEigenvalues: FitEigenvalues;
}

type Handles = { kind: 'one'; label: RunLabel; run: RunHandle } | { kind: 'compare'; pair: CompareHandle };

const labelsOf = (cfg: ExperimentConfig): RunLabel[] => (cfg.mode === 'compare' ? ['baseline', 'tempbalance'] : [cfg.mode]);

export function useLab(): LabControls {
  const [state, dispatch] = useReducer(labReducer, initialLabState);
  const lab = useRef<Lab | null>(null);
  const handles = useRef<Handles | null>(null);
  const runConfig = useRef<ExperimentConfig | null>(null);
  const recorded = useRef<Partial<Record<RunLabel, FromTrainer[]>>>({});
  const shown = useRef<{ config: ExperimentConfig; preset: string | null } | null>(null);
  const buffer = useRef<EventAction[]>([]);
  const frame = useRef<number | null>(null);
  const lastFlush = useRef(0);
  const generation = useRef(0);

  useEffect(() => {
    // Created in the effect (not during render) so StrictMode's double mount disposes the first one.
    const l = createLab();
    lab.current = l;
    return () => {
      l.dispose();
      lab.current = null;
      handles.current = null;
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    };
  }, []);

  const flush = useCallback(() => {
    frame.current = null;
    const now = performance.now();
    if (now - lastFlush.current < FLUSH_MS) {
      frame.current = requestAnimationFrame(flush);
      return;
    }
    lastFlush.current = now;
    const items = buffer.current;
    buffer.current = [];
    if (items.length > 0) startTransition(() => dispatch({ type: 'batch', items }));
  }, []);

  const onEvent = useCallback(
    (gen: number, runLabel: RunLabel, event: RunEvent) => {
      if (gen !== generation.current) return;
      if (event.kind !== 'recovered' && isLoggable(event)) (recorded.current[runLabel] ??= []).push(loggedForm(event));
      buffer.current.push({ type: 'event', runLabel, event, at: performance.now() });
      frame.current ??= requestAnimationFrame(flush);
    },
    [flush],
  );

  const dispose = useCallback(() => {
    generation.current++;
    const h = handles.current;
    if (h?.kind === 'one') h.run.dispose();
    if (h?.kind === 'compare') h.pair.dispose();
    handles.current = null;
    runConfig.current = null;
    buffer.current = [];
    recorded.current = {};
  }, []);

  const start = useCallback(
    (config: ExperimentConfig) => {
      const l = lab.current;
      if (!l) return;
      dispose();
      const gen = generation.current;
      const backend = config.backend === 'auto' ? undefined : (config.backend as BackendName);
      const labels = labelsOf(config);
      // A transition: React renders the new run panels in slices between other tasks, so the Run click
      // itself stays a short task (docs/BENCHMARKS.md, "Lab main thread"). Events go through
      // transitions too (flush), in order after this one.
      startTransition(() => dispatch({ type: 'start', runs: labels.map((label) => ({ label, runId: null, name: runName(label, config) })) }));
      runConfig.current = config;
      shown.current = { config, preset: null };
      if (labels.length === 2) {
        handles.current = { kind: 'compare', pair: l.startCompare(config, { backend, estimators: ESTIMATORS, onEvent: (label, e) => onEvent(gen, label, e) }) };
      } else {
        const label = labels[0];
        handles.current = { kind: 'one', label, run: l.startRun(config, label, { backend, estimators: ESTIMATORS, onEvent: (e) => onEvent(gen, label, e) }) };
      }
    },
    [dispose, onEvent],
  );

  const command = useCallback((what: 'run' | 'pause' | 'step', n?: number) => {
    const h = handles.current;
    if (!h) return;
    const target = h.kind === 'one' ? h.run : h.pair;
    if (what === 'run') target.run();
    else if (what === 'pause') target.pause();
    else target.step(n);
    for (const label of h.kind === 'one' ? [h.label] : RUN_LABELS) dispatch({ type: 'command', runLabel: label, command: what });
  }, []);

  const update = useCallback((patch: Partial<ExperimentConfig>) => {
    const h = handles.current;
    if (!h || !runConfig.current) return;
    if (h.kind === 'one') h.run.update(patch);
    else h.pair.update(patch);
    runConfig.current = { ...runConfig.current, ...patch };
    if (shown.current) shown.current = { ...shown.current, config: runConfig.current };
  }, []);

  const reset = useCallback(() => {
    dispose();
    shown.current = null;
    dispatch({ type: 'clear' });
  }, [dispose]);

  const exportLog = useCallback((preset: string | null): RunLog | null => {
    const s = shown.current;
    if (!s) return null;
    return { format: RUN_LOG_FORMAT, version: RUN_LOG_VERSION, savedAt: new Date().toISOString(), preset: preset ?? s.preset, config: s.config, runs: { ...recorded.current } };
  }, []);

  const showLog = useCallback(
    (log: RunLog, name: string) => {
      dispose();
      const replayed = replayRunLog(log, name);
      recorded.current = { ...log.runs };
      shown.current = { config: log.config, preset: log.preset };
      dispatch({ type: 'replace', state: replayed });
    },
    [dispose],
  );

  return {
    state,
    runConfig: runConfig.current,
    start,
    run: useCallback(() => command('run'), [command]),
    pause: useCallback(() => command('pause'), [command]),
    step: useCallback((n?: number) => command('step', n), [command]),
    update,
    reset,
    exportLog,
    showLog,
    // No lab yet (before the effect) or none any more: no run, so no ESD to re-fit either.
    fitEigenvalues: useCallback<FitEigenvalues>((req, cb) => lab.current?.fitEigenvalues(req, cb), []),
  };
}
