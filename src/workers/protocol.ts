/**
 * The typed message protocol of the ESD worker, shared by both sides.
 *
 * Every message carries the `runId` of the analysis it belongs to. A newer `analyze-*` request
 * supersedes the previous one: the worker stops the old run between layers, and the client drops any
 * message whose runId is not the current one (the same idea as a generation counter).
 *
 * `refit` messages re-fit one layer of the current run from its cached eigenvalues (another xmin or
 * another fit method) without recomputing the ESD. They carry a `seq` so the client can drop replies
 * that a later drag of the xmin slider has already overtaken. `fit-eigenvalues` does the same for
 * eigenvalues the caller already holds (the Lab's latest re-estimate, which came from another
 * handler): the request carries the ESD, so it needs no run and no cache, and is answered by the same
 * `refit-result`.
 *
 * Big buffers (files, weight tensors) are transferred, never copied: use `transferablesOf`.
 */
import type { Estimator, EstimatorAlphas, EsdChartData, FitMethod, FitOptions, LayerMetrics, NamedTensor, TailInfo } from '../math/types';

/** Discriminants of the messages sent to the worker. */
export const ToWorkerKind = {
  analyzeFile: 'analyze-file',
  analyzeTensors: 'analyze-tensors',
  refit: 'refit',
  fitEigenvalues: 'fit-eigenvalues',
  cancel: 'cancel',
} as const;

/** Discriminants of the messages sent by the worker. */
export const FromWorkerKind = {
  layer: 'layer',
  refitResult: 'refit-result',
  done: 'done',
  error: 'error',
} as const;

/** Options of one analysis: the engine's type (src/math/analyze.ts), carried as is. */
export type { AnalyzeOptions } from '../math/analyze';
import type { AnalyzeOptions } from '../math/analyze';

/** Analyse every tensor of a `.safetensors` / `.npy` file. A Blob is read lazily, slice by slice. */
export interface AnalyzeFileRequest {
  kind: typeof ToWorkerKind.analyzeFile;
  runId: number;
  fileName: string;
  file: Blob | ArrayBuffer;
  options: AnalyzeOptions;
}

/** Analyse tensors already in memory (a training worker's weight snapshot, for instance). */
export interface AnalyzeTensorsRequest {
  kind: typeof ToWorkerKind.analyzeTensors;
  runId: number;
  /** `data.buffer` of each is transferred to the worker (transferablesOf). */
  tensors: NamedTensor[];
  options: AnalyzeOptions;
  /** Also send each charted layer's ESD in its `layer` message (for `fit-eigenvalues` later). */
  withEigenvalues?: boolean;
  /**
   * Also fit α with each of these estimators (the options' own one included) and send them in each
   * `layer` message's `alphas`: the Lab shows Hill or FARMS α whatever the scheduler uses. Costs one
   * more analysis per layer and estimator (docs/BENCHMARKS.md "Lab estimator switch").
   */
  estimators?: readonly Estimator[];
}

/** How a refit chooses the new tail: an explicit index into the fitted ESD, an xmin value, or a method. */
export type RefitTarget =
  | { by: 'index'; xminIndex: number }
  | { by: 'value'; xmin: number }
  | { by: 'method'; fit: FitMethod; xminPos?: number };

/** Re-fit layer `layer` (its index in the run) of run `runId` from the worker's cached eigenvalues. */
export interface RefitRequest {
  kind: typeof ToWorkerKind.refit;
  runId: number;
  /** Increases with every refit the client sends; replies echo it. */
  seq: number;
  layer: number;
  target: RefitTarget;
}

/**
 * Fit a power law to an ESD the caller sends along (not one of the worker's cached runs). `metrics`
 * are the layer's metrics from its analysis (everything but the fit is copied into the reply) and
 * `options` the fit options that analysis used (they decide which eigenvalues the fit sees).
 */
export interface FitEigenvaluesRequest {
  kind: typeof ToWorkerKind.fitEigenvalues;
  /** Echoed in the reply; not a run of this worker. */
  runId: number;
  seq: number;
  layer: number;
  metrics: LayerMetrics;
  /** The full ESD, ascending (a LayerMessage's `eigenvalues`). Copied, not transferred: the caller keeps it. */
  eigenvalues: Float64Array;
  options: FitOptions;
  target: RefitTarget;
}

/** Stop run `runId` (a no-op if another run has already superseded it). */
export interface CancelRequest {
  kind: typeof ToWorkerKind.cancel;
  runId: number;
}

export type ToWorker = AnalyzeFileRequest | AnalyzeTensorsRequest | RefitRequest | FitEigenvaluesRequest | CancelRequest;

/** Where a layer's fitted tail starts: the engine's type (src/math/types.ts), carried as is. */
export type { TailInfo } from '../math/types';

/** One analysed layer. Layers arrive in file order; `index` counts from 0. */
export interface LayerMessage {
  kind: typeof FromWorkerKind.layer;
  runId: number;
  index: number;
  /** Known for in-memory tensors; unknown while a file is still being read. */
  total?: number;
  metrics: LayerMetrics;
  /** Null when the layer has no ESD (not-finite or degenerate). */
  chart: EsdChartData | null;
  tail: TailInfo | null;
  /** The full ESD, ascending: only with `withEigenvalues`, and only for layers with a chart. */
  eigenvalues?: Float64Array;
  /** α under each estimator of the request's `estimators` (absent without them). */
  alphas?: EstimatorAlphas;
}

/** The new fit of one layer after a refit request. */
export interface RefitResultMessage {
  kind: typeof FromWorkerKind.refitResult;
  runId: number;
  seq: number;
  layer: number;
  metrics: LayerMetrics;
  chart: EsdChartData;
  tail: TailInfo;
}

/** The run finished normally (not sent after a fatal error or when superseded). */
export interface DoneMessage {
  kind: typeof FromWorkerKind.done;
  runId: number;
  layers: number;
  /** Wall time of the whole run in milliseconds. */
  ms: number;
}

/**
 * Something went wrong. Without `layer` the error is fatal for the run (unreadable file) and no
 * `done` follows; with `layer` only that layer (or that refit) failed and the run goes on.
 */
export interface ErrorMessage {
  kind: typeof FromWorkerKind.error;
  runId: number;
  message: string;
  layer?: string;
  /** Set when the failure was a refit request. */
  seq?: number;
}

export type FromWorker = LayerMessage | RefitResultMessage | DoneMessage | ErrorMessage;

/** Buffers to put in the transfer list of a request, so big data moves instead of being copied. */
export function transferablesOf(msg: ToWorker): Transferable[] {
  switch (msg.kind) {
    case ToWorkerKind.analyzeFile:
      // A Blob is a handle (cheap to clone); an ArrayBuffer would be copied unless transferred.
      return msg.file instanceof ArrayBuffer ? [msg.file] : [];
    case ToWorkerKind.analyzeTensors: {
      // Several tensors may be views into one buffer: list each buffer once or postMessage throws.
      const buffers = new Set<ArrayBuffer>();
      for (const t of msg.tensors) {
        if (t.data.buffer instanceof ArrayBuffer) buffers.add(t.data.buffer);
      }
      return [...buffers];
    }
    case ToWorkerKind.refit:
    case ToWorkerKind.fitEigenvalues:
    case ToWorkerKind.cancel:
      return [];
  }
}

/**
 * Hand the ESD worker one end of a MessageChannel (sent on the worker itself, outside the run
 * protocol above; the port goes in the transfer list). The worker then answers requests arriving on
 * that port with this same protocol, through a handler of its own: a training worker talks to the
 * ESD worker directly, and the runs of two training workers sharing it never supersede each other.
 */
export interface ConnectPortRequest {
  kind: 'connect';
  port: MessagePort;
}

/** Anything the ESD worker's own `onmessage` can receive. */
export type EsdWorkerInbox = ToWorker | ConnectPortRequest;

/** True for the messages that start a new run (and so supersede the current one). */
export function startsRun(msg: ToWorker): msg is AnalyzeFileRequest | AnalyzeTensorsRequest {
  return msg.kind === ToWorkerKind.analyzeFile || msg.kind === ToWorkerKind.analyzeTensors;
}
