/**
 * The Lab's run state as a pure reducer: (state, action) → state. Events from the training workers
 * (trainProtocol.ts) are folded in as `{ runLabel, event }`; the UI never depends on when they come.
 * The same reducer replays an imported run log, so a saved run redraws exactly as it was seen.
 *
 * Stale events are dropped by run id: after a reset the old workers may still
 * post a few messages, and they must not leak into the new run's charts.
 *
 * Only what the charts need is kept: every step's loss and η_t, one α / ratio snapshot per ESD
 * re-estimate, the first and the latest per-layer metrics and ESD charts (with the latest ESDs
 * themselves, for re-fits), the evaluations and the latest PDE prediction.
 */
import type { EsdChartData, EstimatorAlphas, LayerMetrics, TailInfo } from '../../math/types';
import type { ParamSpec } from '../../models/types';
import type { ActiveBackend } from '../../platform/backendInit';
import type { ScheduleLabel, StepEvent } from '../../train/run';
import type { EvalResult, PdeSample } from '../../train/tasks/types';
import type { UnitReport } from '../../train/tempbalance';
import type { RunEvent } from '../../workers/trainClient';
import { FromTrainerKind, type Phase } from '../../workers/trainProtocol';

export type RunLabel = ScheduleLabel;
export const RUN_LABELS: readonly RunLabel[] = ['baseline', 'tempbalance'];

export type RunStatus = 'preparing' | 'ready' | 'running' | 'paused' | 'done' | 'error';

/** Work in progress, with when its phase started (for the time-left estimate). */
export interface ProgressInfo {
  phase: Phase;
  done: number;
  total: number;
  message: string;
  /** Time (ms, caller's clock) the phase started and of the latest update. */
  startedAt: number;
  at: number;
}

/** One ESD re-estimate, reduced to what the time charts need. */
export interface AlphaSnapshot {
  step: number;
  /** α per ESD matrix name (NaN when the fit failed). */
  alphas: Record<string, number>;
  /** ηₗ/η_t per ESD matrix name. */
  ratios: Record<string, number>;
  units: UnitReport[];
  globalLr: number;
  applied: boolean;
}

export interface RunView {
  label: RunLabel;
  /** Display name: "Baseline" / "TempBalance", or "<method>" / "<method> + TB" (experiment/method.ts). */
  name: string;
  /** The worker run id this view follows; null until the first event names it. */
  runId: number | null;
  status: RunStatus;
  progress: ProgressInfo | null;
  backend: ActiveBackend | null;
  task: string;
  params: ParamSpec[];
  stepsPerEpoch: number;
  totalSteps: number;
  /** Optimiser steps done (a StepEvent's `step` counts the step it reports: 1 for the first). */
  step: number;
  msPerStep: number | null;
  losses: StepEvent[];
  snapshots: AlphaSnapshot[];
  initialLayers: LayerMetrics[];
  layers: LayerMetrics[];
  /**
   * Each layer's α under every estimator (Hill, FARMS) at the first and the latest re-estimate, same
   * order as `initialLayers` / `layers`, for the α bars' estimator switch; empty when the events did not
   * carry them (runs not started by the Lab, run logs saved before they existed).
   */
  initialEstimates: (EstimatorAlphas | null)[];
  estimates: (EstimatorAlphas | null)[];
  charts: (EsdChartData | null)[];
  /**
   * The latest re-estimate's ESD (ascending) and fitted-tail start per layer, same order as `layers`;
   * null where there is none (no fit, or a replayed run log, which does not store them).
   */
  spectra: (Float64Array | null)[];
  tails: (TailInfo | null)[];
  evaluations: { step: number; result: EvalResult }[];
  prediction: { step: number; sample: PdeSample } | null;
  final: { val: EvalResult; test: EvalResult } | null;
  error: { reason: string; message: string; step: number } | null;
  /** A rejected request (e.g. an update that needs a reset): the run goes on. */
  notice: string | null;
}

export interface LabState {
  runs: Partial<Record<RunLabel, RunView>>;
  /** 'imported' while showing a loaded run log (no workers behind it). */
  source: 'live' | 'imported';
  importedName: string | null;
}

/** One worker event for one run; `at` is the receive time (ms) used for time-left estimates. */
export interface EventAction {
  type: 'event';
  runLabel: RunLabel;
  event: RunEvent;
  at?: number;
}
export type LabAction =
  | EventAction
  /** Several events at once (the hook flushes once per animation frame). */
  | { type: 'batch'; items: EventAction[] }
  /**
   * New runs were started (after a reset): forget everything, expect these run ids (null: take the
   * id of the run's first event — the client does not expose ids, and drops stale events itself).
   */
  | { type: 'start'; runs: { label: RunLabel; runId: number | null; name?: string }[] }
  /** The user asked a run to train (Run or Step). */
  | { type: 'command'; runLabel: RunLabel; command: 'run' | 'pause' | 'step' }
  | { type: 'clear' }
  | { type: 'imported'; name: string }
  /** Show a whole state at once (a replayed run log). */
  | { type: 'replace'; state: LabState };

export const initialLabState: LabState = { runs: {}, source: 'live', importedName: null };

export function emptyRun(label: RunLabel, runId: number | null, name?: string): RunView {
  return {
    label,
    name: name ?? (label === 'baseline' ? 'Baseline' : 'TempBalance'),
    runId,
    status: 'preparing',
    progress: null,
    backend: null,
    task: '',
    params: [],
    stepsPerEpoch: 0,
    totalSteps: 0,
    step: 0,
    msPerStep: null,
    losses: [],
    snapshots: [],
    initialLayers: [],
    layers: [],
    initialEstimates: [],
    estimates: [],
    charts: [],
    spectra: [],
    tails: [],
    evaluations: [],
    prediction: null,
    final: null,
    error: null,
    notice: null,
  };
}

export function labReducer(state: LabState, action: LabAction): LabState {
  switch (action.type) {
    case 'event':
      return applyEvent(state, action);
    case 'batch':
      return action.items.reduce(applyEvent, state);
    case 'start': {
      const runs: LabState['runs'] = {};
      for (const r of action.runs) runs[r.label] = emptyRun(r.label, r.runId, r.name);
      return { runs, source: 'live', importedName: null };
    }
    case 'command': {
      const run = state.runs[action.runLabel];
      if (!run || run.status === 'done' || run.status === 'error' || run.status === 'preparing') return state;
      const status: RunStatus = action.command === 'pause' ? run.status : 'running';
      return withRun(state, { ...run, status, notice: null });
    }
    case 'clear':
      return initialLabState;
    case 'imported':
      return { ...state, source: 'imported', importedName: action.name };
    case 'replace':
      return action.state;
  }
}

function withRun(state: LabState, run: RunView): LabState {
  return { ...state, runs: { ...state.runs, [run.label]: run } };
}

function applyEvent(state: LabState, { runLabel, event, at = 0 }: EventAction): LabState {
  const run = state.runs[runLabel];
  if (!run) return state;
  if (event.kind === 'recovered') return withRun(state, recovered(run, event.runId, event.step, `${event.message} Continued on ${event.to} from step ${event.step}.`));
  // Events of a run that was reset (or of a label that is not running) are stale: drop them.
  if (run.runId !== null && run.runId !== event.runId) return state;
  return withRun(state, foldEvent({ ...run, runId: event.runId }, event, at));
}

/**
 * The run moved to a fresh worker (lost GPU device) and resumes from `step`: it gets a new run id,
 * and everything recorded after `step` will be sent again, so it is dropped here.
 */
function recovered(run: RunView, runId: number, step: number, notice: string): RunView {
  return {
    ...run,
    runId,
    status: run.status === 'running' ? 'running' : 'preparing',
    step,
    losses: run.losses.filter((p) => p.step <= step),
    snapshots: run.snapshots.filter((s) => s.step <= step),
    evaluations: run.evaluations.filter((e) => e.step <= step),
    notice,
  };
}

/** One event into one run. */
export function foldEvent(run: RunView, event: Exclude<RunEvent, { kind: 'recovered' }>, at: number): RunView {
  switch (event.kind) {
    case FromTrainerKind.progress: {
      const samePhase = run.progress?.phase === event.phase;
      const startedAt = samePhase && run.progress ? run.progress.startedAt : at;
      return { ...run, progress: { phase: event.phase, done: event.done, total: event.total, message: event.message, startedAt, at } };
    }
    case FromTrainerKind.ready:
      return {
        ...run,
        status: 'ready',
        progress: null,
        backend: event.backend,
        task: event.task,
        params: event.params,
        stepsPerEpoch: event.stepsPerEpoch,
        totalSteps: event.totalSteps,
        step: event.step,
      };
    case FromTrainerKind.steps: {
      if (event.points.length === 0) return run;
      const last = event.points[event.points.length - 1];
      // Training progress is the step count itself; drop a finished phase bar (data, warm-up).
      const progress = run.progress && run.progress.phase !== 'eval' ? null : run.progress;
      const status: RunStatus = run.status === 'ready' || run.status === 'paused' ? 'running' : run.status;
      return { ...run, status, progress, losses: run.losses.concat(event.points), step: last.step, msPerStep: event.msPerStep };
    }
    case FromTrainerKind.esd: {
      const alphas: Record<string, number> = {};
      for (const m of event.layers) alphas[m.name] = m.alpha;
      const snap: AlphaSnapshot = { step: event.step, alphas, ratios: event.ratios, units: event.units, globalLr: event.globalLr, applied: event.applied };
      // A re-estimate at a step already seen (resume after a lost device) replaces the old one.
      const snapshots = run.snapshots.filter((s) => s.step !== event.step).concat(snap);
      const first = run.initialLayers.length === 0;
      const estimates = event.alphas ?? [];
      return {
        ...run,
        snapshots,
        initialLayers: first ? event.layers : run.initialLayers,
        layers: event.layers,
        initialEstimates: first ? estimates : run.initialEstimates,
        estimates,
        charts: event.charts,
        spectra: event.eigenvalues ?? event.layers.map(() => null),
        tails: event.tails ?? event.layers.map(() => null),
      };
    }
    case FromTrainerKind.eval: {
      const progress = run.progress?.phase === 'eval' ? null : run.progress;
      return { ...run, progress, evaluations: run.evaluations.filter((e) => e.step !== event.step).concat({ step: event.step, result: event.result }) };
    }
    case FromTrainerKind.prediction:
      return { ...run, prediction: { step: event.step, sample: event.sample } };
    case FromTrainerKind.paused:
      return { ...run, status: 'paused', step: Math.max(run.step, event.step) };
    case FromTrainerKind.done:
      return { ...run, status: 'done', progress: null, step: event.step, final: { val: event.val, test: event.test } };
    case FromTrainerKind.state:
      return run;
    case FromTrainerKind.error:
      if (event.reason === 'rejected') return { ...run, notice: event.message };
      return { ...run, status: 'error', progress: null, error: { reason: event.reason, message: event.message, step: event.step } };
  }
}

/**
 * Estimated time left (ms) of what a run is doing, or null when unknown: the current phase from its
 * rate so far, or the remaining training steps at the measured time per step.
 */
export function timeLeftMs(run: RunView): number | null {
  const p = run.progress;
  if (p && p.total > 0 && p.done > 0 && p.done < p.total && p.at > p.startedAt) {
    return ((p.at - p.startedAt) / p.done) * (p.total - p.done);
  }
  if (!p && (run.status === 'running' || run.status === 'paused') && run.msPerStep !== null && run.totalSteps > 0) {
    return Math.max(0, run.totalSteps - run.step) * run.msPerStep;
  }
  return null;
}

/** Fraction done (0–1) of what a run is doing, or null for an indeterminate bar. */
export function fractionDone(run: RunView): number | null {
  const p = run.progress;
  if (p) return p.total > 0 ? Math.min(1, p.done / p.total) : null;
  if (run.totalSteps > 0) return Math.min(1, run.step / run.totalSteps);
  return null;
}

/** True while any run has work it can continue (used to enable Pause and to show "training"). */
export function anyRunning(state: LabState): boolean {
  return RUN_LABELS.some((l) => state.runs[l]?.status === 'running');
}

/** The runs present, baseline first. */
export function presentRuns(state: LabState): RunView[] {
  return RUN_LABELS.map((l) => state.runs[l]).filter((r): r is RunView => r !== undefined);
}
