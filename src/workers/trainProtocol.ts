/**
 * The typed message protocol of the training worker, shared by both sides.
 *
 * One training worker owns one run (a baseline or a TempBalance run); Compare mode starts two workers
 * with the same config and seed. Every message carries the `runId` the main thread gave the run, so
 * events of a run that was reset are dropped. The training worker gets its ESDs from the ESD worker
 * over a MessagePort (ESD protocol in protocol.ts), never from the main thread, and never waits for
 * the main thread: `run` trains until done or paused, posting events as it goes.
 */
import type { ExperimentConfig } from '../experiment/schema';
import type { Estimator, EsdChartData, EstimatorAlphas, LayerMetrics, TailInfo } from '../math/types';
import type { ParamSpec } from '../models/types';
import type { ActiveBackend } from '../platform/backendInit';
import type { BackendName } from '../platform/backendPolicy';
import type { EsdEvent, RunState, ScheduleLabel, StepEvent } from '../train/run';
import type { EvalResult, PdeSample } from '../train/tasks/types';

export const ToTrainerKind = {
  init: 'init',
  run: 'run',
  pause: 'pause',
  step: 'step',
  update: 'update',
  saveState: 'save-state',
  dispose: 'dispose',
} as const;

export const FromTrainerKind = {
  progress: 'progress',
  ready: 'ready',
  steps: 'steps',
  esd: 'esd',
  eval: 'eval',
  prediction: 'prediction',
  paused: 'paused',
  done: 'done',
  state: 'state',
  error: 'error',
} as const;

/**
 * Build data, model and optimiser for one run. `esdPort` is connected to the ESD worker.
 * With `resume`, continue from a saved state (e.g. after a lost GPU device, on another backend).
 */
export interface InitRequest {
  kind: typeof ToTrainerKind.init;
  runId: number;
  config: ExperimentConfig;
  label: ScheduleLabel;
  /** Forced backend, or undefined for the automatic policy. */
  backend?: BackendName;
  esdPort: MessagePort;
  resume?: RunState;
  /**
   * Absolute URL of the app's root, where `data/` lives. A worker cannot derive it when the app is
   * built with a relative base ('./'): its own location is under assets/. Undefined outside a browser.
   */
  appBase?: string;
  /** Also fit every ESD matrix with these estimators at each re-estimate (EsdEvent `alphas`; the Lab's switch). */
  estimators?: readonly Estimator[];
}
/** Train until done or paused. */
export interface RunRequest {
  kind: typeof ToTrainerKind.run;
  runId: number;
}
/** Pause after the current step (a `paused` event follows). */
export interface PauseRequest {
  kind: typeof ToTrainerKind.pause;
  runId: number;
}
/** While paused: take `n` steps (default 1), then pause again. */
export interface StepRequest {
  kind: typeof ToTrainerKind.step;
  runId: number;
  n?: number;
}
/**
 * Change learning-rate-type settings mid-run (lr, schedule, warm-up, TempBalance options, fit method).
 * Settings that need new data or a new model (task, model, size, ratio, seed, batch) are rejected with
 * an error: they need a reset.
 */
export interface UpdateRequest {
  kind: typeof ToTrainerKind.update;
  runId: number;
  patch: Partial<ExperimentConfig>;
}
/** Ask for the run's state (weights, optimiser moments, ratios): answered by `state`. */
export interface SaveStateRequest {
  kind: typeof ToTrainerKind.saveState;
  runId: number;
}
/** Free every tensor; the worker can then be terminated. */
export interface DisposeRequest {
  kind: typeof ToTrainerKind.dispose;
  runId: number;
}

export type ToTrainer = InitRequest | RunRequest | PauseRequest | StepRequest | UpdateRequest | SaveStateRequest | DisposeRequest;

/** Settings that can change mid-run without a reset. */
export const LIVE_KEYS = [
  'lr', 'wd', 'momentum', 'schedule', 'warmup', 'stepEvery', 'gamma', 'assign', 'unit', 'interval', 'afterWarm',
  'minRatio', 'slope', 'sMin', 'sMax', 'expTemp', 'lrNormalize', 'fit', 'estimator', 'xminPos', 'eigsThresh', 'removeFirst', 'removeLast', 'evalEvery',
] as const satisfies readonly (keyof ExperimentConfig)[];

export type Phase = 'backend' | 'data' | 'warmup' | 'train' | 'eval';

/** Work that takes time, with how far it is. `total` 0 means unknown (show an indeterminate bar). */
export interface ProgressEvent {
  kind: typeof FromTrainerKind.progress;
  runId: number;
  phase: Phase;
  done: number;
  total: number;
  message: string;
}
/** The run is built and waits for `run` or `step`. */
export interface ReadyEvent {
  kind: typeof FromTrainerKind.ready;
  runId: number;
  backend: ActiveBackend;
  task: string;
  params: ParamSpec[];
  stepsPerEpoch: number;
  totalSteps: number;
  /** Step the run starts at (non-zero when resumed). */
  step: number;
}
/** Training steps since the last `steps` event (batched: at most a few events per second). */
export interface StepsEvent {
  kind: typeof FromTrainerKind.steps;
  runId: number;
  points: StepEvent[];
  /** Mean wall time per step over the batch, ms. */
  msPerStep: number;
}
/**
 * A re-estimate as the worker posts it: the engine's event (train/run.ts `EsdEvent`) with its
 * per-layer records spread into parallel arrays (the form run logs keep), plus the run id and the
 * global rate at that step. Built by `esdEventMessage`.
 */
export interface EsdEventMessage extends Omit<EsdEvent, 'layers'> {
  kind: typeof FromTrainerKind.esd;
  runId: number;
  layers: LayerMetrics[];
  /** Null for layers without a fit. */
  charts: (EsdChartData | null)[];
  /**
   * Each charted layer's ESD (ascending; transferred) and where its fitted tail starts, so the Lab can
   * ask an ESD worker for another fit. Absent in run logs (and in logs saved before they existed).
   */
  eigenvalues?: (Float64Array | null)[];
  tails?: (TailInfo | null)[];
  /** Each layer's α under each estimator the run was asked for (InitRequest `estimators`); absent when none was. */
  alphas?: (EstimatorAlphas | null)[];
  /** Global rate η_t at this step. */
  globalLr: number;
}

/** The message of an engine's ESD event (its eigenvalue buffers go along: trainerTransferables). */
export function esdEventMessage(runId: number, e: EsdEvent, globalLr: number): EsdEventMessage {
  const withAlphas = e.layers.some((l) => l.alphas);
  return {
    kind: FromTrainerKind.esd,
    runId,
    step: e.step,
    layers: e.layers.map((l) => l.metrics),
    charts: e.layers.map((l) => l.chart),
    eigenvalues: e.layers.map((l) => l.eigenvalues),
    tails: e.layers.map((l) => l.tail),
    ...(withAlphas ? { alphas: e.layers.map((l) => l.alphas ?? null) } : {}),
    units: e.units,
    ratios: e.ratios,
    globalLr,
    applied: e.applied,
  };
}

export interface EvalEventMessage {
  kind: typeof FromTrainerKind.eval;
  runId: number;
  step: number;
  result: EvalResult;
}
/** PDE tasks: one test trajectory rolled out by the current model. */
export interface PredictionEvent {
  kind: typeof FromTrainerKind.prediction;
  runId: number;
  step: number;
  sample: PdeSample;
}
export interface PausedEvent {
  kind: typeof FromTrainerKind.paused;
  runId: number;
  step: number;
}
export interface DoneEvent {
  kind: typeof FromTrainerKind.done;
  runId: number;
  step: number;
  val: EvalResult;
  test: EvalResult;
  /** With select = best-val: the step of the best validation evaluation, where val and test were taken. */
  selectedStep?: number;
}
export interface StateEvent {
  kind: typeof FromTrainerKind.state;
  runId: number;
  state: RunState;
}
/**
 * Something went wrong. `reason` says what the main thread can do:
 * - 'diverged': NaN/Inf loss; the run stopped, the last finite metrics stand; reset with a lower lr.
 * - 'device-lost': the GPU device was lost; `lastState` (saved at the last evaluation) lets the run
 *   continue on the next backend with nothing trained lost beyond that point.
 * - 'rejected': a request could not be honoured (e.g. an update that needs a reset); the run goes on.
 * - 'fatal': anything else; the run is over.
 */
export interface ErrorEvent {
  kind: typeof FromTrainerKind.error;
  runId: number;
  reason: 'diverged' | 'device-lost' | 'rejected' | 'fatal';
  message: string;
  step: number;
  lastState?: RunState;
}

export type FromTrainer =
  | ProgressEvent
  | ReadyEvent
  | StepsEvent
  | EsdEventMessage
  | EvalEventMessage
  | PredictionEvent
  | PausedEvent
  | DoneEvent
  | StateEvent
  | ErrorEvent;

/** Buffers to transfer with a message (the saved state's weights, an ESD event's eigenvalues). */
export function trainerTransferables(msg: ToTrainer | FromTrainer): Transferable[] {
  const out = new Set<Transferable>();
  if (msg.kind === ToTrainerKind.init) {
    out.add(msg.esdPort);
    if (msg.resume) addStateBuffers(msg.resume, out);
  }
  if (msg.kind === FromTrainerKind.state) addStateBuffers(msg.state, out);
  if (msg.kind === FromTrainerKind.esd) for (const e of msg.eigenvalues ?? []) if (e?.buffer instanceof ArrayBuffer) out.add(e.buffer);
  if (msg.kind === FromTrainerKind.error && msg.lastState) addStateBuffers(msg.lastState, out);
  return [...out];
}

function addStateBuffers(s: RunState, out: Set<Transferable>): void {
  for (const w of Object.values(s.weights)) if (w.buffer instanceof ArrayBuffer) out.add(w.buffer);
  for (const v of s.optimizer.values) if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
}

/** True when every key of an `update` patch may change mid-run (else the whole patch is rejected). */
export function isLivePatch(patch: Partial<ExperimentConfig>): boolean {
  return Object.keys(patch).every((k) => (LIVE_KEYS as readonly string[]).includes(k));
}

/**
 * Test hook, outside the run protocol: destroy the worker's WebGPU device so the device-lost recovery
 * can be exercised end to end (a no-op on other backends). Never sent by the UI.
 */
export const DEBUG_LOSE_DEVICE = 'debug-lose-device';
export interface DebugLoseDeviceRequest {
  kind: typeof DEBUG_LOSE_DEVICE;
  runId: number;
}

/** Anything the training worker's `onmessage` can receive. */
export type TrainWorkerInbox = ToTrainer | DebugLoseDeviceRequest;
