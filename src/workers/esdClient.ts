/**
 * Main-thread side of the ESD worker: a small typed API over postMessage.
 *
 * The client owns the run counter. Starting a run makes every earlier run stale: its late messages
 * (the worker may still be finishing a layer) are dropped here, so callers only ever see the current
 * run. Refit replies are also dropped when a newer refit has been sent (slider drags send many).
 */
import type { NamedTensor } from '../math/types';
import {
  FromWorkerKind,
  ToWorkerKind,
  transferablesOf,
  type AnalyzeOptions,
  type DoneMessage,
  type ErrorMessage,
  type FitEigenvaluesRequest,
  type FromWorker,
  type LayerMessage,
  type RefitResultMessage,
  type RefitTarget,
  type ToWorker,
} from './protocol';

/** What the client needs of a Worker; a fake in tests. */
export interface WorkerPort {
  postMessage(msg: ToWorker, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror?: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** Callbacks of one analysis run; each is only ever called with messages of that run. */
export interface RunCallbacks {
  onLayer(msg: LayerMessage): void;
  onDone(msg: DoneMessage): void;
  /** Fatal (no `layer`) or per-layer error. */
  onError(msg: ErrorMessage): void;
}

/** A fit-eigenvalues request without the ids the client fills in. */
export type FitEigenvaluesInput = Omit<FitEigenvaluesRequest, 'kind' | 'runId' | 'seq'>;

/** Callbacks of refits of the current run. */
export interface RefitCallbacks {
  onResult(msg: RefitResultMessage): void;
  onError(msg: ErrorMessage): void;
}

export interface EsdClient {
  /** Analyse a file; returns the new run's id. The file is read inside the worker. */
  analyzeFile(fileName: string, file: Blob | ArrayBuffer, options: AnalyzeOptions, cb: RunCallbacks): number;
  /** Analyse in-memory tensors; their buffers are transferred (unusable afterwards in the caller). */
  analyzeTensors(tensors: NamedTensor[], options: AnalyzeOptions, cb: RunCallbacks): number;
  /** Re-fit one layer of the current run from the worker's cached eigenvalues. */
  refit(layer: number, target: RefitTarget, cb: RefitCallbacks): void;
  /**
   * Fit an ESD the caller holds (copied to the worker). Shares the refit sequence: only the newest
   * refit or fit-eigenvalues is answered.
   */
  fitEigenvalues(req: FitEigenvaluesInput, cb: RefitCallbacks): void;
  /** Stop the current run; its remaining messages are dropped. */
  cancel(): void;
  /** Terminate the worker. */
  dispose(): void;
}

/** Wraps any WorkerPort (a real Worker or a test double). */
export function createEsdClient(port: WorkerPort): EsdClient {
  let runId = 0;
  let seq = 0;
  let run: RunCallbacks | null = null;
  let refitCb: RefitCallbacks | null = null;

  const send = (msg: ToWorker): void => port.postMessage(msg, transferablesOf(msg));

  port.onmessage = (event) => {
    const msg = event.data;
    if (msg.runId !== runId) return; // stale run
    switch (msg.kind) {
      case FromWorkerKind.layer:
        run?.onLayer(msg);
        return;
      case FromWorkerKind.done:
        run?.onDone(msg);
        return;
      case FromWorkerKind.refitResult:
        if (msg.seq === seq) refitCb?.onResult(msg);
        return;
      case FromWorkerKind.error:
        if (msg.seq !== undefined) {
          if (msg.seq === seq) refitCb?.onError(msg);
        } else run?.onError(msg);
        return;
    }
  };
  // A crash of the worker script itself (not a handled error): report it on the current run.
  port.onerror = (event) => {
    run?.onError({ kind: FromWorkerKind.error, runId, message: `ESD worker failed: ${event.message || 'unknown error'}` });
  };

  const start = (cb: RunCallbacks): number => {
    runId += 1;
    run = cb;
    refitCb = null;
    return runId;
  };

  return {
    analyzeFile(fileName, file, options, cb) {
      const id = start(cb);
      send({ kind: ToWorkerKind.analyzeFile, runId: id, fileName, file, options });
      return id;
    },
    analyzeTensors(tensors, options, cb) {
      const id = start(cb);
      send({ kind: ToWorkerKind.analyzeTensors, runId: id, tensors, options });
      return id;
    },
    refit(layer, target, cb) {
      seq += 1;
      refitCb = cb;
      send({ kind: ToWorkerKind.refit, runId, seq, layer, target });
    },
    fitEigenvalues(req, cb) {
      seq += 1;
      refitCb = cb;
      send({ kind: ToWorkerKind.fitEigenvalues, runId, seq, ...req });
    },
    cancel() {
      send({ kind: ToWorkerKind.cancel, runId });
      run = null;
      runId += 1; // anything still in flight is now stale
    },
    dispose() {
      port.terminate();
      run = null;
      refitCb = null;
    },
  };
}

/** A client backed by a new module worker running esd.worker.ts (bundled by Vite). */
export function createBrowserEsdClient(): EsdClient {
  const worker = new Worker(new URL('./esd.worker.ts', import.meta.url), { type: 'module', name: 'esd' });
  return createEsdClient(worker as unknown as WorkerPort);
}
