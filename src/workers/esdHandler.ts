/**
 * The ESD worker's logic as a plain function of messages (no Worker, no DOM), so vitest can drive it.
 * esd.worker.ts only wires `self.onmessage` to `createEsdHandler(...).handle`.
 *
 * Run model: one run at a time. A new `analyze-*` request becomes the current run at once; the older
 * run notices between layers (after awaiting a macrotask, which lets the newer message in) and stops
 * without posting anything more. Eigenvalues of the current run's layers stay cached so a `refit`
 * (dragged xmin, other fit method) costs O(N) or O(N²) on the cached ESD instead of a new SVD.
 * `fit-eigenvalues` fits an ESD sent along with the request, with the same code as `refit`.
 *
 * Files on every core: given layer analysers (deps.analyzers, one dedicated worker each, see
 * layerAnalyzers.ts), a file's layers are read lazily and analysed on all of them at once, largest
 * first within a memory bound (src/io/layerPool.ts); layer messages are still posted in file order.
 */
import { analyzeTensor } from '../math/analyze';
import { esdChartData } from '../math/chart';
import { layerEsdOf } from '../math/layerEsd';
import { fitSet, fitStatus } from '../math/metrics';
import { fitAtIndex, fitPowerLaw, indexOfXmin } from '../math/powerlaw';
import type { Estimator, EstimatorAlphas, EsdChartData, FitOptions, LayerMetrics, NamedTensor, PowerLawFit } from '../math/types';
import { fromBlob, fromBytes, type ByteSource } from '../io/source';
import { errorMessage } from '../io/errors';
import { macrotask } from './macrotask';
import { inOrder, layerBudget, runLayerPool } from '../io/layerPool';
import { inspectWeights, readLayer, readWeights, type TensorInfo, type WeightsInfo } from '../io/weights';
import type { LayerAnalyzer } from './layerAnalyzers';
import {
  FromWorkerKind,
  ToWorkerKind,
  type AnalyzeOptions,
  type FitEigenvaluesRequest,
  type FromWorker,
  type RefitRequest,
  type RefitTarget,
  type ToWorker,
} from './protocol';

/** The numerics and parsers the handler uses; injectable so tests can provoke failures. */
export interface EsdDeps {
  analyzeTensor: (t: NamedTensor, opts: AnalyzeOptions) => { metrics: LayerMetrics; evals: Float64Array };
  esdChartData: (evals: Float64Array, fit: { alpha: number; xmin: number }) => EsdChartData;
  fitAtIndex: (sorted: Float64Array, i: number) => { alpha: number; D: number };
  indexOfXmin: (sorted: Float64Array, x: number) => number;
  fitPowerLaw: (sorted: Float64Array, opts: FitOptions) => PowerLawFit;
  /** Header only: lets the run announce its layer count before the first (slow) layer. */
  inspectWeights: (fileName: string, src: ByteSource) => Promise<WeightsInfo>;
  readWeights: (fileName: string, src: ByteSource, info?: WeightsInfo) => AsyncIterable<NamedTensor>;
  /** One layer of a file (the pool reads layers out of file order). */
  readLayer: (info: TensorInfo, src: ByteSource) => Promise<NamedTensor>;
  /**
   * Layer analysers to spread a file's layers over (created on first use, kept for later runs);
   * absent, or fewer than two, means every layer is analysed here, one after the other.
   */
  analyzers?: () => LayerAnalyzer[];
}

/** The real modules of src/math and src/io. */
export const defaultEsdDeps: EsdDeps = {
  analyzeTensor,
  esdChartData,
  fitAtIndex,
  indexOfXmin,
  fitPowerLaw,
  inspectWeights,
  readWeights,
  readLayer,
};

/** Sends one message out of the worker (postMessage in the worker, a spy in tests). */
export type Post = (msg: FromWorker) => void;

/** A layer of the current run, kept for refits. */
interface CachedLayer {
  metrics: LayerMetrics;
  /** Full ESD, ascending, for the histogram. */
  evals: Float64Array;
  /** The ESD the fit sees (src/math fitSet: zeros filtered if asked), ascending. */
  fitted: Float64Array;
  options: AnalyzeOptions;
}

export interface EsdHandler {
  /** Handle one request. Resolves when the request (or its run) is finished, stopped or failed. */
  handle(msg: ToWorker): Promise<void>;
}


/** Creates a handler that posts its replies through `post`. */
export function createEsdHandler(post: Post, deps: EsdDeps = defaultEsdDeps): EsdHandler {
  let currentRun: number | null = null;
  let cache = new Map<number, CachedLayer>();
  const isCurrent = (runId: number): boolean => currentRun === runId;

  /** Analyse one tensor, cache it and post its layer message; a failure is reported for that layer only. */
  function analyzeOne(runId: number, index: number, t: NamedTensor, options: AnalyzeOptions, total?: number, withEigenvalues = false, estimators?: readonly Estimator[]): void {
    let result: { metrics: LayerMetrics; evals: Float64Array } | Error;
    try {
      result = deps.analyzeTensor(t, options);
    } catch (e) {
      result = e instanceof Error ? e : new Error(String(e));
    }
    const alphas = estimators && !(result instanceof Error) ? alphasOf(t, options, result.metrics, estimators) : undefined;
    publish(runId, index, t.name, result, options, total, withEigenvalues, alphas);
  }

  /** α of `t` under each estimator: the analysis' own, and one more analysis for each other (NaN if it throws). */
  function alphasOf(t: NamedTensor, options: AnalyzeOptions, own: LayerMetrics, estimators: readonly Estimator[]): EstimatorAlphas {
    const out: EstimatorAlphas = {};
    for (const e of estimators) {
      // An options object without an estimator is a Hill analysis (analyzeTensor's default).
      if (e === (options.estimator ?? 'hill')) out[e] = own.alpha;
      else {
        try {
          out[e] = deps.analyzeTensor(t, { ...options, estimator: e }).metrics.alpha;
        } catch {
          out[e] = NaN;
        }
      }
    }
    return out;
  }

  /** Cache an analysed layer and post its layer message, or its per-layer error. */
  function publish(
    runId: number,
    index: number,
    name: string,
    result: { metrics: LayerMetrics; evals: Float64Array } | Error,
    options: AnalyzeOptions,
    total?: number,
    withEigenvalues = false,
    alphas?: EstimatorAlphas,
  ): void {
    if (result instanceof Error) {
      post({ kind: FromWorkerKind.error, runId, layer: name, message: `${name}: ${result.message}` });
      return;
    }
    const { metrics, evals } = result;
    const fitted = fitSet(evals, options);
    const { chart, tail } = layerEsdOf(metrics, evals, options, fitted);
    if (chart) cache.set(index, { metrics, evals, fitted, options });
    // The ESD is also cached here, so it is copied (structured clone), never transferred.
    post({ kind: FromWorkerKind.layer, runId, index, total, metrics, chart, tail, ...(withEigenvalues && chart ? { eigenvalues: evals } : {}), ...(alphas ? { alphas } : {}) });
  }

  let pool: LayerAnalyzer[] | null = null;

  /**
   * The layers of a file on every analyser: largest first, at most layerBudget bytes read and not yet
   * analysed, results posted in file order. A superseded run reads and analyses nothing more.
   * Returns the number of layers posted.
   */
  async function analyzeOnPool(runId: number, layers: TensorInfo[], src: ByteSource, options: AnalyzeOptions, analyzers: LayerAnalyzer[]): Promise<number> {
    const total = layers.length;
    let posted = 0;
    const emit = inOrder<{ name: string; result: { metrics: LayerMetrics; evals: Float64Array } | Error } | null>((index, r) => {
      if (r && isCurrent(runId)) {
        publish(runId, index, r.name, r.result, options, total);
        posted++;
      }
    });
    const sizes = layers.map((t, index) => ({ index, bytes: t.byteLength }));
    await runLayerPool(sizes, { workers: analyzers.length, maxBytesInFlight: layerBudget(sizes) }, async (w, { index }) => {
      if (!isCurrent(runId)) return null;
      const t = await deps.readLayer(layers[index], src);
      if (!isCurrent(runId)) return null;
      try {
        return { name: t.name, result: await analyzers[w].analyze(t, options) };
      } catch (e) {
        return { name: t.name, result: e instanceof Error ? e : new Error(String(e)) };
      }
    }, (layer, r) => emit(layer.index, r));
    return posted;
  }

  async function analyzeTensors(runId: number, tensors: NamedTensor[], options: AnalyzeOptions, withEigenvalues = false, estimators?: readonly Estimator[]): Promise<void> {
    const t0 = performance.now();
    for (let i = 0; i < tensors.length; i++) {
      analyzeOne(runId, i, tensors[i], options, tensors.length, withEigenvalues, estimators);
      // A macrotask (not a microtask) lets a queued `onmessage` run before the next layer.
      await macrotask();
      if (!isCurrent(runId)) return;
    }
    post({ kind: FromWorkerKind.done, runId, layers: tensors.length, ms: performance.now() - t0 });
  }

  async function analyzeFile(runId: number, fileName: string, file: Blob | ArrayBuffer, options: AnalyzeOptions): Promise<void> {
    const t0 = performance.now();
    const src = file instanceof ArrayBuffer ? fromBytes(new Uint8Array(file)) : fromBlob(file);
    let index = 0;
    try {
      const info = await deps.inspectWeights(fileName, src);
      const layers = info.tensors.filter((t) => t.layer);
      const total = layers.length;
      pool ??= deps.analyzers?.() ?? [];
      if (pool.length > 1 && total > 1) {
        index = await analyzeOnPool(runId, layers, src, options, pool);
        if (!isCurrent(runId)) return;
        post({ kind: FromWorkerKind.done, runId, layers: index, ms: performance.now() - t0 });
        return;
      }
      // Layers are read lazily: a big file never sits in worker memory as a whole.
      for await (const t of deps.readWeights(fileName, src, info)) {
        if (!isCurrent(runId)) return;
        analyzeOne(runId, index++, t, options, total);
        await macrotask();
        if (!isCurrent(runId)) return;
      }
    } catch (e) {
      // A malformed file: one fatal, specific message; layers already posted stay valid.
      if (isCurrent(runId)) post({ kind: FromWorkerKind.error, runId, message: `${fileName}: ${errorMessage(e)}` });
      return;
    }
    post({ kind: FromWorkerKind.done, runId, layers: index, ms: performance.now() - t0 });
  }

  /**
   * The fit `target` asks for on one ESD (`evals` full, `fitted` the part the fit sees), posted as a
   * refit-result; everything in `base` that does not depend on the fit is kept.
   */
  function postFit(
    ids: { runId: number; seq: number; layer: number },
    evals: Float64Array,
    fitted: Float64Array,
    options: FitOptions,
    base: LayerMetrics,
    target: RefitTarget,
  ): void {
    const { runId, seq, layer } = ids;
    let fit: { alpha: number; D: number; xminIndex: number };
    try {
      if (target.by === 'method') {
        const opts = { ...options, fit: target.fit, xminPos: target.xminPos ?? options.xminPos };
        fit = deps.fitPowerLaw(fitted, opts);
      } else {
        const raw = target.by === 'index' ? target.xminIndex : deps.indexOfXmin(fitted, target.xmin);
        // At least two tail eigenvalues are needed for a Hill estimate.
        const xminIndex = Math.max(0, Math.min(fitted.length - 2, Math.round(raw)));
        fit = { ...deps.fitAtIndex(fitted, xminIndex), xminIndex };
      }
    } catch (e) {
      post({ kind: FromWorkerKind.error, runId, seq, layer: base.name, message: errorMessage(e) });
      return;
    }
    const xmin = fitted[fit.xminIndex];
    // alpha_weighted = α·log10 λ_max (docs/METHOD.md §2); status by the rule of the first fit (a re-fit
    // with all tail eigenvalues tied gives α = ∞: 'degenerate', not the 'ok' of the first fit); the
    // other metrics do not depend on the fit.
    const metrics: LayerMetrics = {
      ...base,
      status: fitStatus(fit.alpha, fitted.length, options.eigsThresh),
      alpha: fit.alpha,
      D: fit.D,
      xmin,
      num_pl_spikes: fitted.length - fit.xminIndex,
      alpha_weighted: Number.isFinite(fit.alpha) ? fit.alpha * Math.log10(base.lambda_max) : NaN,
    };
    const chart = deps.esdChartData(evals, { alpha: fit.alpha, xmin });
    post({ kind: FromWorkerKind.refitResult, runId, seq, layer, metrics, chart, tail: { xminIndex: fit.xminIndex, nFit: fitted.length } });
  }

  function refit(msg: RefitRequest): void {
    const { runId, seq, layer, target } = msg;
    const cached = isCurrent(runId) ? cache.get(layer) : undefined;
    if (!cached) {
      post({ kind: FromWorkerKind.error, runId, seq, layer: String(layer), message: `Layer ${layer} of run ${runId} has no cached ESD to refit.` });
      return;
    }
    postFit(msg, cached.evals, cached.fitted, cached.options, cached.metrics, target);
  }

  /** A refit of an ESD the request carries: stateless, so it never touches the current run or cache. */
  function fitEigenvalues(msg: FitEigenvaluesRequest): void {
    const fitted = fitSet(msg.eigenvalues, msg.options);
    if (fitted.length < 3) {
      post({ kind: FromWorkerKind.error, runId: msg.runId, seq: msg.seq, layer: msg.metrics.name, message: `${msg.metrics.name}: too few eigenvalues to fit.` });
      return;
    }
    postFit(msg, msg.eigenvalues, fitted, msg.options, msg.metrics, msg.target);
  }

  async function handle(msg: ToWorker): Promise<void> {
    switch (msg.kind) {
      case ToWorkerKind.analyzeFile:
      case ToWorkerKind.analyzeTensors: {
        currentRun = msg.runId;
        cache = new Map();
        // Never let a throw escape into the worker's global error handler: report it on the run.
        try {
          if (msg.kind === ToWorkerKind.analyzeFile) await analyzeFile(msg.runId, msg.fileName, msg.file, msg.options);
          else await analyzeTensors(msg.runId, msg.tensors, msg.options, msg.withEigenvalues, msg.estimators);
        } catch (e) {
          if (isCurrent(msg.runId)) post({ kind: FromWorkerKind.error, runId: msg.runId, message: errorMessage(e) });
        }
        return;
      }
      case ToWorkerKind.refit:
        refit(msg);
        return;
      case ToWorkerKind.fitEigenvalues:
        fitEigenvalues(msg);
        return;
      case ToWorkerKind.cancel:
        if (isCurrent(msg.runId)) currentRun = null;
        return;
    }
  }

  return { handle };
}

/** The part of a MessagePort that `servePort` uses (Node's and the browser's both fit). */
export interface PortLike {
  postMessage(msg: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

/**
 * Serve the ESD protocol on a port handed over by a `connect` message: one handler per port, so each
 * training worker has its own current run and its own refit cache. Replies carry no big buffers.
 */
export function servePort(port: PortLike, deps: EsdDeps = defaultEsdDeps): EsdHandler {
  const handler = createEsdHandler((msg) => port.postMessage(msg), deps);
  // Assigning onmessage also starts the port's message queue (no explicit start() needed).
  port.onmessage = (event) => void handler.handle(event.data);
  return handler;
}
