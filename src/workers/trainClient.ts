/**
 * Main-thread side of the training workers: a small API over trainProtocol.ts for the lab UI.
 *
 * ```ts
 * const lab = createLab();                       // one per page; owns one shared ESD worker
 * const cmp = lab.startCompare(config, { backend, onEvent: (label, ev) => … });   // two workers
 * cmp.run(); cmp.pause(); cmp.step(5); cmp.update({ lr: 3e-4 }); cmp.dispose();
 * const one = lab.startRun(config, 'tempbalance', { backend, onEvent: (ev) => … }); // one worker
 * one.run(); one.pause(); one.step(n); one.update(patch); await one.saveState(); one.dispose();
 * lab.fitEigenvalues(req, { onResult, onError });       // re-fit an ESD the page holds, in the same ESD worker
 * lab.dispose();                                  // terminates every worker
 * ```
 * - A run starts initialising at once (backend → data → model): expect `progress` events, then
 *   `ready`. `run()`/`step()` may be called before `ready`; the worker starts when it is built.
 * - `onEvent` receives only the current run's messages (FromTrainer, trainProtocol.ts) plus the
 *   client's own `recovered` event. Every run of a compare pair uses the same config and seed.
 * - `update(patch)`: LIVE_KEYS only (trainProtocol.ts); anything else comes back as an `error` event
 *   with reason 'rejected' and the run goes on. Accepted patches are remembered for a recovery.
 * - GPU device lost: the worker posts `error` 'device-lost' with the state saved at the last
 *   evaluation. The client does not pass that error on; it restarts the run in a fresh worker on the
 *   next backend of the policy order (backendPolicy.ts), resumes from that state, emits
 *   `{ kind: 'recovered', from, to, step }` and keeps running if it was running. Events for steps
 *   after `step` will be sent again: drop points with a larger step when you see `recovered`.
 *   Without a next backend the error is passed on as 'fatal'.
 */
import { defaultConfig, type ExperimentConfig } from '../experiment/schema';
import type { BackendName, BackendProbe } from '../platform/backendPolicy';
import { backendOrder } from '../platform/backendPolicy';
import type { RunState, ScheduleLabel } from '../train/run';
import type { Estimator } from '../math/types';
import { createEsdClient, type EsdClient, type FitEigenvaluesInput, type RefitCallbacks, type WorkerPort } from './esdClient';
import {
  DEBUG_LOSE_DEVICE,
  FromTrainerKind,
  isLivePatch,
  ToTrainerKind,
  trainerTransferables,
  type FromTrainer,
  type ToTrainer,
  type TrainWorkerInbox,
} from './trainProtocol';

/** The client's own event: the run moved to another backend after a lost GPU device. */
export interface RecoveredEvent {
  kind: 'recovered';
  runId: number;
  from: BackendName;
  to: BackendName;
  /** The step the run resumed from (the last evaluation before the loss; 0 if none). */
  step: number;
  message: string;
}

export type RunEvent = FromTrainer | RecoveredEvent;

export interface RunOptions {
  /** Forced backend; undefined for the automatic policy. */
  backend?: BackendName;
  /** Also fit α with these estimators at every re-estimate (EsdEvent `alphas`): the Lab's Hill/FARMS switch. */
  estimators?: readonly Estimator[];
  onEvent(event: RunEvent): void;
}

/** One training run in its own worker. */
export interface RunHandle {
  readonly label: ScheduleLabel;
  /** The config with every accepted live update applied. */
  readonly config: ExperimentConfig;
  run(): void;
  pause(): void;
  step(n?: number): void;
  update(patch: Partial<ExperimentConfig>): void;
  /** Weights, optimiser moments and ratios (also delivered to onEvent as a `state` event). */
  saveState(): Promise<RunState>;
  /** Free the worker's tensors and terminate it. */
  dispose(): void;
  /** Test hook: destroy the worker's WebGPU device (no-op on other backends) to exercise recovery. */
  debugLoseDevice(): void;
}

/** A baseline and a TempBalance run of the same config and seed, driven together. */
export interface CompareHandle {
  readonly runs: Readonly<Record<ScheduleLabel, RunHandle>>;
  run(): void;
  pause(): void;
  step(n?: number): void;
  update(patch: Partial<ExperimentConfig>): void;
  dispose(): void;
}

export interface Lab {
  startRun(config: ExperimentConfig, label: ScheduleLabel, options: RunOptions): RunHandle;
  startCompare(config: ExperimentConfig, options: { backend?: BackendName; estimators?: readonly Estimator[]; onEvent(label: ScheduleLabel, event: RunEvent): void }): CompareHandle;
  /**
   * Fit an ESD the page holds (a re-estimate's eigenvalues: the Lab chart's xmin slider and fit
   * method) in the lab's own ESD worker, over a channel of its own (opened on the first request).
   * Only the newest request is answered (EsdClient.fitEigenvalues).
   */
  fitEigenvalues(req: FitEigenvaluesInput, cb: RefitCallbacks): void;
  /** Dispose every run and terminate the ESD worker. */
  dispose(): void;
}

/** The lab's re-fit of an ESD the page holds. */
export type FitEigenvalues = Lab['fitEigenvalues'];

/** What the client needs of a training Worker; a fake in tests. */
export interface TrainWorkerPort {
  postMessage(msg: TrainWorkerInbox, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<FromTrainer>) => void) | null;
  onerror?: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** Where workers come from; injectable so vitest can run the real handlers in-process. */
export interface LabEnv {
  createTrainWorker(): TrainWorkerPort;
  /** Hand one end of a channel to the (shared) ESD worker. */
  connectEsd(port: MessagePort): void;
  /** What the browser offers, to find the next backend after a device loss. */
  probe(): Promise<BackendProbe>;
  /** Terminate the ESD worker. */
  disposeEsd(): void;
  /** Absolute URL of the app's root, passed to the workers (InitRequest.appBase). */
  appBase?: string;
}

/** Module workers bundled by Vite: one ESD worker per lab, created on first use. */
export function browserLabEnv(): LabEnv {
  let esd: Worker | null = null;
  return {
    // BASE_URL may be relative ('./'): resolve it against the page, which the workers cannot see.
    appBase: new URL(import.meta.env.BASE_URL, document.baseURI).href,
    createTrainWorker: () => new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'train' }) as unknown as TrainWorkerPort,
    connectEsd(port) {
      esd ??= new Worker(new URL('./esd.worker.ts', import.meta.url), { type: 'module', name: 'esd' });
      esd.postMessage({ kind: 'connect', port }, [port]);
    },
    // Lazy: backendInit pulls in tfjs, which the main thread needs only after a device loss.
    probe: async () => (await import('../platform/backendInit')).probeEnvironment(),
    disposeEsd() {
      esd?.terminate();
      esd = null;
    },
  };
}

/** The backend after `lost` in the policy order that started the run (undefined: none left). */
export function nextBackend(probe: BackendProbe, requested: BackendName | undefined, lost: BackendName): BackendName | undefined {
  const order = backendOrder(probe, requested).map((c) => c.name);
  const i = order.indexOf(lost);
  return i < 0 ? order[0] : order[i + 1];
}

/** An ESD client over one end of a channel whose other end the ESD worker serves (servePort). */
function esdClientOverChannel(env: LabEnv): EsdClient {
  const channel = new MessageChannel();
  env.connectEsd(channel.port1);
  const port = channel.port2;
  return createEsdClient({
    postMessage: (msg, transfer) => port.postMessage(msg, transfer),
    get onmessage() {
      return port.onmessage as WorkerPort['onmessage'];
    },
    set onmessage(f) {
      // Setting onmessage starts the port (MessagePort.start), in browsers and in Node.
      port.onmessage = f as MessagePort['onmessage'];
    },
    // Closing our end is all: the worker's end goes with it, the worker itself stays for the runs.
    terminate: () => port.close(),
  });
}

export function createLab(env: LabEnv = browserLabEnv()): Lab {
  const live = new Set<RunHandle>();
  let nextRunId = 1;
  let fits: EsdClient | null = null;

  function startRun(initial: ExperimentConfig, label: ScheduleLabel, options: RunOptions): RunHandle {
    let config: ExperimentConfig = { ...defaultConfig(), ...initial };
    let worker: TrainWorkerPort | null = null;
    let runId = 0;
    let backend: BackendName | undefined = options.backend;
    /** What the user asked for last, so a recovered run carries on the same way. */
    let wanted: 'idle' | 'running' = 'idle';
    const stateWaiters: ((s: RunState) => void)[] = [];
    let active: BackendName | null = null;

    const send = (msg: ToTrainer): void => worker?.postMessage(msg, trainerTransferables(msg));

    function boot(resume?: RunState): void {
      worker = env.createTrainWorker();
      runId = nextRunId++;
      const channel = new MessageChannel();
      env.connectEsd(channel.port1);
      const id = runId;
      worker.onmessage = (event) => onMessage(id, event.data);
      worker.onerror = (event) => {
        if (id === runId) options.onEvent({ kind: FromTrainerKind.error, runId: id, reason: 'fatal', step: 0, message: `training worker failed: ${event.message || 'unknown error'}` });
      };
      send({ kind: ToTrainerKind.init, runId, config, label, backend, esdPort: channel.port2, resume, appBase: env.appBase, ...(options.estimators ? { estimators: options.estimators } : {}) });
    }

    function onMessage(id: number, msg: FromTrainer): void {
      if (id !== runId || msg.runId !== runId) return; // a replaced worker's late message
      switch (msg.kind) {
        case FromTrainerKind.ready:
          active = msg.backend.name;
          break;
        case FromTrainerKind.state:
          stateWaiters.splice(0).forEach((w) => w(msg.state));
          break;
        case FromTrainerKind.done:
          wanted = 'idle';
          break;
        case FromTrainerKind.error:
          if (msg.reason === 'device-lost') {
            void recover(msg.message, msg.lastState);
            return;
          }
          break;
      }
      options.onEvent(msg);
    }

    async function recover(message: string, lastState: RunState | undefined): Promise<void> {
      const from = active ?? backend ?? 'webgpu';
      const lostId = runId;
      worker?.terminate();
      worker = null;
      // Without a probe (it failed to load), assume no GPU at all: wasm, then cpu.
      const probe = await env.probe().catch((): BackendProbe => ({ webgpu: null, webgl: null, wasm: true }));
      const to = nextBackend(probe, options.backend, from);
      if (lostId !== runId) return; // disposed meanwhile
      if (!to) {
        options.onEvent({ kind: FromTrainerKind.error, runId, reason: 'fatal', step: lastState?.step ?? 0, message: `${message} (no other backend to continue on)` });
        return;
      }
      backend = to;
      active = null;
      boot(lastState);
      options.onEvent({ kind: 'recovered', runId, from, to, step: lastState?.step ?? 0, message });
      if (wanted === 'running') send({ kind: ToTrainerKind.run, runId });
    }

    const handle: RunHandle = {
      label,
      get config() {
        return config;
      },
      run() {
        wanted = 'running';
        send({ kind: ToTrainerKind.run, runId });
      },
      pause() {
        wanted = 'idle';
        send({ kind: ToTrainerKind.pause, runId });
      },
      step(n = 1) {
        send({ kind: ToTrainerKind.step, runId, n });
      },
      update(patch) {
        // The worker accepts a patch exactly when every key is live (trainProtocol.ts); mirror that here.
        if (isLivePatch(patch)) config = { ...config, ...patch };
        send({ kind: ToTrainerKind.update, runId, patch });
      },
      saveState() {
        return new Promise<RunState>((resolve) => {
          stateWaiters.push(resolve);
          send({ kind: ToTrainerKind.saveState, runId });
        });
      },
      dispose() {
        if (!worker) return;
        send({ kind: ToTrainerKind.dispose, runId });
        // Terminate after the worker had a chance to free its tensors (GPU memory is per process).
        const w = worker;
        setTimeout(() => w.terminate(), 1000);
        worker = null;
        runId = -1;
        live.delete(handle);
      },
      debugLoseDevice() {
        worker?.postMessage({ kind: DEBUG_LOSE_DEVICE, runId }, []);
      },
    };
    live.add(handle);
    boot();
    return handle;
  }

  return {
    startRun,
    startCompare(config, { backend, estimators, onEvent }) {
      const runs = {
        baseline: startRun(config, 'baseline', { backend, estimators, onEvent: (e) => onEvent('baseline', e) }),
        tempbalance: startRun(config, 'tempbalance', { backend, estimators, onEvent: (e) => onEvent('tempbalance', e) }),
      };
      const both = Object.values(runs);
      return {
        runs,
        run: () => both.forEach((r) => r.run()),
        pause: () => both.forEach((r) => r.pause()),
        step: (n) => both.forEach((r) => r.step(n)),
        update: (patch) => both.forEach((r) => r.update(patch)),
        dispose: () => both.forEach((r) => r.dispose()),
      };
    },
    fitEigenvalues(req, cb) {
      fits ??= esdClientOverChannel(env);
      fits.fitEigenvalues(req, cb);
    },
    dispose() {
      [...live].forEach((r) => r.dispose());
      fits?.dispose();
      fits = null;
      env.disposeEsd();
    },
  };
}
