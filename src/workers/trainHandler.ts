/**
 * The training worker's logic as a plain function of messages (no Worker, no DOM), so vitest can
 * drive it: train.worker.ts only wires `self.onmessage` to `createTrainHandler(post, deps).handle`.
 * The loop is src/train/driver.ts's RunDriver, as in the headless engine (src/train/experiment.ts);
 * this file adds what a worker needs around it: messages (trainProtocol.ts), pausing and single steps,
 * live updates, state saves and GPU device loss.
 *
 * - Messages are handled in arrival order; requests other than `init` wait until the run is built.
 * - The loop yields to the event loop after every step (a macrotask), so `pause`/`update` arrive
 *   within one step. Steps, updates, state saves and dispose are serialised by a lock, so a save or
 *   an update never sees a half-applied step.
 * - Determinism: what is posted never depends on timing, except how step points are grouped into
 *   `steps` messages (≤ ~5 per second). The engine awaits each ESD before the next step.
 * - GPU backends: the state is saved at every evaluation; a lost device (or any exception from a
 *   step) ends the run with `error` 'device-lost' and that state, for the client to resume elsewhere.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../experiment/schema';
import type { TrainableModel } from '../models/types';
import type { ActiveBackend } from '../platform/backendInit';
import type { BackendName } from '../platform/backendPolicy';
import { RunDriver } from '../train/driver';
import { TrainingRun, type EsdEvent, type RunState, type ScheduleLabel, type StepEvent, type StepOutcome } from '../train/run';
import { buildModel, buildTask, runSettingsOf, type DataLoaders } from '../train/setup';
import type { Task } from '../train/tasks/types';
import type { Estimator } from '../math/types';
import { errorMessage } from '../io/errors';
import { macrotask } from './macrotask';
import { esdOverPort, type PortEsd } from './esdOverPort';
import { applyLiveUpdate } from './liveUpdate';
import { DEBUG_LOSE_DEVICE, esdEventMessage, FromTrainerKind, ToTrainerKind, type FromTrainer, type InitRequest, type Phase, type TrainWorkerInbox } from './trainProtocol';

/** Reports data-phase progress with a message (cache hit, generating, downloading). */
export type DataReport = (done: number, total: number, message: string) => void;

/** A GPU device to watch: `lost` resolves with a description when the device is gone. */
export interface DeviceWatch {
  lost: Promise<string>;
  /** Test hook: lose the device on purpose. */
  destroy(): void;
}

/** The environment of a trainer; the browser worker and the tests inject their own. */
export interface TrainDeps {
  /** Activate a backend (in the browser: configure wasm first). */
  initBackend(requested?: BackendName): Promise<ActiveBackend>;
  /** Data loaders of one init; `report` posts data-phase progress. */
  createLoaders(report: DataReport, init: InitRequest): DataLoaders;
  /** ESD analysis over the port to the ESD worker. */
  connectEsd(port: MessagePort, estimators?: readonly Estimator[]): PortEsd;
  /** Task and model of a config (tests inject a synthetic task). */
  build(cfg: ExperimentConfig, loaders: DataLoaders, onProgress: (done: number, total: number) => void): Promise<{ task: Task; model: TrainableModel }>;
  /** Null when the backend has no device that can be lost. */
  watchDevice(backend: ActiveBackend): DeviceWatch | null;
  now(): number;
  /** Let queued messages in (a macrotask). */
  yieldToEvents(): Promise<void>;
}

/** Sends one message out of the worker (postMessage with transfers in the worker, a spy in tests). */
export type TrainPost = (msg: FromTrainer) => void;

export interface TrainHandler {
  /** Handle one message; resolves when it is dealt with (a `run` resolves when the loop stops). */
  handle(msg: TrainWorkerInbox): Promise<void>;
}

/** At most this often a `steps` message (≈ 5 per second). */
export const STEPS_FLUSH_MS = 200;
/** At most this often a data `progress` message. */
const PROGRESS_MS = 100;

/** Task and model as the Node experiment builds them (experiment.ts). */
export async function buildRunParts(cfg: ExperimentConfig, loaders: DataLoaders, onProgress: (done: number, total: number) => void) {
  const task = await buildTask(cfg, loaders, onProgress);
  return { task, model: await buildModel(cfg, loaders) };
}

/** What tfjs-backend-webgpu exposes of its GPUDevice (the WebGPU typings are not in lib.dom here). */
interface GpuDeviceLike {
  lost: Promise<{ reason?: string; message: string }>;
  destroy(): void;
}

/**
 * Watch the active backend's device: WebGPU's `device.lost`. WebGL gets a watch without a signal,
 * so that its state is saved too and an exception from a step counts as a lost context.
 */
export function gpuDeviceWatch(backend: ActiveBackend): DeviceWatch | null {
  if (backend.name === 'webgl') return { lost: new Promise<string>(() => {}), destroy() {} };
  if (backend.name !== 'webgpu') return null;
  const device = (tf.backend() as unknown as { device?: GpuDeviceLike }).device;
  if (!device) return null;
  return {
    lost: device.lost.then((info) => `The GPU device was lost (${info.reason ?? 'unknown reason'}): ${info.message || 'no details'}`),
    destroy: () => device.destroy(),
  };
}


/** The built run and what belongs to it. */
interface Session {
  runId: number;
  config: ExperimentConfig;
  label: ScheduleLabel;
  run: TrainingRun;
  driver: RunDriver;
  backend: ActiveBackend;
  esd: PortEsd;
  watch: DeviceWatch | null;
  /** Set once the device is gone. */
  lost: string | null;
  /** Saved at the last evaluation (GPU backends), or the state the run resumed from. */
  lastState?: RunState;
  /** When the step in flight started (for msPerStep). */
  stepStart: number;
  status: 'ok' | 'stopped';
  warmedUp: boolean;
}

export function createTrainHandler(post: TrainPost, deps: TrainDeps): TrainHandler {
  let current: Session | null = null;
  let currentRunId: number | null = null;
  let built: Promise<Session | null> = Promise.resolve(null);
  /** Steps the loop may still take: Infinity while running, n after `step`, 0 to pause. */
  let budget = 0;
  let looping = false;
  let lock: Promise<unknown> = Promise.resolve();
  // Step points not yet posted, and when the last batch went out.
  let points: StepEvent[] = [];
  let pointsMs = 0;
  let lastFlush = 0;

  /** Run `fn` after everything queued before it (steps, updates, saves, dispose). */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const p = lock.then(fn);
    lock = p.catch(() => undefined);
    return p;
  }

  function flush(s: Session): void {
    if (points.length) post({ kind: FromTrainerKind.steps, runId: s.runId, points, msPerStep: pointsMs / points.length });
    points = [];
    pointsMs = 0;
    lastFlush = deps.now();
  }

  function progress(runId: number, phase: Phase, done: number, total: number, message: string): void {
    post({ kind: FromTrainerKind.progress, runId, phase, done, total, message });
  }

  function postEsd(s: Session, e: EsdEvent, globalLr: number): void {
    post(esdEventMessage(s.runId, e, globalLr));
  }

  function stop(s: Session, reason: 'diverged' | 'device-lost' | 'fatal', message: string): void {
    flush(s);
    s.status = 'stopped';
    budget = 0;
    post({ kind: FromTrainerKind.error, runId: s.runId, reason, message, step: s.run.step, ...(reason === 'device-lost' ? { lastState: s.lastState } : {}) });
  }

  async function init(msg: InitRequest): Promise<Session | null> {
    const { runId, config, label } = msg;
    try {
      progress(runId, 'backend', 0, 0, `Starting the ${msg.backend ?? 'automatically chosen'} backend`);
      const backend = await deps.initBackend(msg.backend);
      progress(runId, 'backend', 1, 1, `Running on ${backend.name} (${backend.adapter}): ${backend.reason}`);
      let last = -Infinity;
      const report: DataReport = (done, total, message) => {
        const t = deps.now();
        if (done < total && t - last < PROGRESS_MS) return;
        last = t;
        progress(runId, 'data', done, total, message);
      };
      const loaders = deps.createLoaders(report, msg);
      const { task, model } = await deps.build(config, loaders, (d, t) => report(d, t, `Generating PDE data: trajectory ${d} of ${t}`));
      const esd = deps.connectEsd(msg.esdPort, msg.estimators);
      const run = new TrainingRun(task, model, runSettingsOf(config, label, task.trainSize), esd.analyze);
      // tidy: restoreState assigns from temporary tensors, which would otherwise stay allocated.
      if (msg.resume) tf.tidy(() => run.restoreState(msg.resume!));
      const watch = deps.watchDevice(backend);
      const s: Session = { runId, config, label, run, driver: null!, backend, esd, watch, lost: null, lastState: msg.resume, stepStart: 0, status: 'ok', warmedUp: false };
      s.driver = driverOf(s);
      void watch?.lost.then((m) => (s.lost = m));
      post({
        kind: FromTrainerKind.ready,
        runId,
        backend,
        task: task.description,
        params: model.params.map((p) => p.spec),
        stepsPerEpoch: run.stepsPerEpoch,
        totalSteps: run.settings.steps,
        step: run.step,
      });
      return s;
    } catch (e) {
      post({ kind: FromTrainerKind.error, runId, reason: 'fatal', message: `Could not start the run: ${errorMessage(e)}`, step: 0 });
      return null;
    }
  }

  /** The session's loop: the driver's hooks post events, its steps race a lost GPU device. */
  function driverOf(s: Session): RunDriver {
    const takeStep = async (): Promise<StepOutcome> => {
      s.stepStart = deps.now();
      // A lost device may leave a step waiting forever for a read-back: race it with the loss.
      const lost = s.watch?.lost.then((m) => Promise.reject(new Error(m)));
      const out = await (lost ? Promise.race([s.run.trainStep(), lost]) : s.run.trainStep());
      if (s.lost !== null) throw new Error(s.lost);
      return out;
    };
    return new RunDriver(
      s.run,
      {
        onEsd(e, eta) {
          flush(s);
          postEsd(s, e, eta);
        },
        onStep(e) {
          points.push(e);
          pointsMs += deps.now() - s.stepStart;
          if (deps.now() - lastFlush >= STEPS_FLUSH_MS) flush(s);
        },
        async onEval({ step, result }) {
          flush(s);
          post({ kind: FromTrainerKind.eval, runId: s.runId, step, result });
          if (s.run.task.predictionSample) post({ kind: FromTrainerKind.prediction, runId: s.runId, step, sample: await s.run.task.predictionSample(s.run.model) });
          if (s.watch) s.lastState = await s.run.saveState();
        },
      },
      { takeStep },
    );
  }

  /** One step and what follows it; false when the run cannot go on. */
  async function oneStep(s: Session): Promise<boolean> {
    const step = s.run.step + 1;
    const out = await s.driver.advance();
    if (out.ok) return true;
    if (out.reason === 'diverged') stop(s, 'diverged', out.message);
    else if (s.watch) stop(s, 'device-lost', s.lost ?? `The GPU backend failed during step ${step}: ${errorMessage(out.error)}`);
    else stop(s, 'fatal', `Step ${step} failed: ${errorMessage(out.error)}`);
    return false;
  }

  /** After the last step: final spectra (as experiment.ts), the test split, `done`. */
  async function finish(s: Session): Promise<void> {
    flush(s);
    const { step, val, test, selectedStep } = await s.driver.finish();
    s.status = 'stopped';
    post({ kind: FromTrainerKind.done, runId: s.runId, step, val, test, ...(selectedStep !== step ? { selectedStep } : {}) });
  }

  async function loop(s: Session): Promise<void> {
    if (looping) return;
    looping = true;
    try {
      if (!s.warmedUp) progress(s.runId, 'warmup', 0, 0, 'First step: compiling kernels (slow on WebGPU)');
      while (budget > 0 && s.status === 'ok' && !s.run.done) {
        const ok = await exclusive(() => (s.status === 'ok' ? oneStep(s) : Promise.resolve(false)));
        if (!s.warmedUp) {
          s.warmedUp = true;
          progress(s.runId, 'warmup', 1, 1, 'Kernels ready');
        }
        if (!ok) return;
        budget -= 1;
        await deps.yieldToEvents();
      }
      if (s.status !== 'ok') return;
      if (s.run.done) await exclusive(() => finish(s));
      else {
        flush(s);
        post({ kind: FromTrainerKind.paused, runId: s.runId, step: s.run.step });
      }
    } catch (e) {
      if (s.status === 'ok') stop(s, s.watch ? 'device-lost' : 'fatal', errorMessage(e));
    } finally {
      looping = false;
    }
  }

  function dispose(s: Session): void {
    s.status = 'stopped';
    budget = 0;
    s.esd.close();
    try {
      s.run.dispose();
    } catch {
      // A lost device cannot free its buffers; the worker is terminated next anyway.
    }
    if (current === s) current = null;
  }

  async function handle(msg: TrainWorkerInbox): Promise<void> {
    if (msg.kind === ToTrainerKind.init) {
      if (current) await exclusive(async () => dispose(current!));
      currentRunId = msg.runId;
      built = init(msg);
      current = await built;
      return;
    }
    if (msg.runId !== currentRunId) return; // a request for a run this worker no longer has
    const s = await built;
    if (!s || current !== s) return;
    switch (msg.kind) {
      case ToTrainerKind.run:
        if (s.status !== 'ok' || s.run.done) return;
        budget = Infinity;
        return loop(s);
      case ToTrainerKind.step:
        if (looping || s.status !== 'ok' || s.run.done) return;
        budget = Math.max(1, Math.floor(msg.n ?? 1));
        return loop(s);
      case ToTrainerKind.pause:
        budget = 0;
        if (!looping && s.status === 'ok') post({ kind: FromTrainerKind.paused, runId: s.runId, step: s.run.step });
        return;
      case ToTrainerKind.update:
        return exclusive(async () => {
          const r = await applyLiveUpdate(s.run, s.config, s.label, msg.patch);
          if (r.ok) s.config = r.config;
          else post({ kind: FromTrainerKind.error, runId: s.runId, reason: 'rejected', message: r.message, step: s.run.step });
        });
      case ToTrainerKind.saveState:
        return exclusive(async () => {
          if (current === s) post({ kind: FromTrainerKind.state, runId: s.runId, state: await s.run.saveState() });
        });
      case ToTrainerKind.dispose:
        budget = 0;
        return exclusive(async () => dispose(s));
      case DEBUG_LOSE_DEVICE:
        s.watch?.destroy();
        return;
    }
  }

  return { handle };
}

/** Defaults of everything but the backend and the loaders, which depend on the environment. */
export function defaultTrainDeps(env: Pick<TrainDeps, 'initBackend' | 'createLoaders'>): TrainDeps {
  return {
    ...env,
    connectEsd: (port, estimators) => esdOverPort(port, undefined, estimators),
    build: buildRunParts,
    watchDevice: gpuDeviceWatch,
    now: () => performance.now(),
    yieldToEvents: macrotask,
  };
}
