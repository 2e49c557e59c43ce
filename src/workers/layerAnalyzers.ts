/**
 * A pool of layer analysers for the ESD worker: each wraps one dedicated worker (esdLayer.worker.ts)
 * that runs src/math/analyze.ts analyzeTensor on the tensors it is sent, so a file's layers are
 * analysed on every core (esdHandler.ts schedules them with src/io/layerPool.ts). The same call as the
 * single-threaded path: identical metrics and eigenvalues.
 */
import type { LayerMetrics, NamedTensor } from '../math/types';
import type { AnalyzeOptions } from './protocol';
import { errorMessage } from '../io/errors';

/** One layer's analysis, wherever it runs. */
export interface LayerAnalyzer {
  /** Analyse `t`; its data buffer is transferred (unusable afterwards in the caller). */
  analyze(t: NamedTensor, options: AnalyzeOptions): Promise<{ metrics: LayerMetrics; evals: Float64Array }>;
  dispose(): void;
}

/** Main side → layer worker. */
export interface LayerRequest {
  id: number;
  tensor: NamedTensor;
  options: AnalyzeOptions;
}

/** Layer worker → main side: the result, or the message of what analyzeTensor threw. */
export type LayerReply = { id: number; metrics: LayerMetrics; evals: Float64Array } | { id: number; error: string };

/** What an analyser needs of a Worker (a fake in tests). */
export interface LayerWorkerLike {
  postMessage(msg: LayerRequest, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<LayerReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** An analyser over one worker. One request at a time is what the pool sends; more are queued by id. */
export function workerAnalyzer(worker: LayerWorkerLike): LayerAnalyzer {
  let nextId = 0;
  const pending = new Map<number, { resolve: (r: { metrics: LayerMetrics; evals: Float64Array }) => void; reject: (e: Error) => void }>();
  worker.onmessage = (event) => {
    const r = event.data;
    const p = pending.get(r.id);
    pending.delete(r.id);
    if (!p) return;
    if ('error' in r) p.reject(new Error(r.error));
    else p.resolve({ metrics: r.metrics, evals: r.evals });
  };
  worker.onerror = (event) => {
    // The worker failed to load or crashed: every pending layer fails with that message.
    const e = new Error(event.message || 'layer worker failed');
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  return {
    analyze(t, options) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // Transfer when the data spans its buffer; else copy the view (posting a view clones its whole buffer).
        const whole = t.data.byteOffset === 0 && t.data.byteLength === t.data.buffer.byteLength;
        const data = whole ? t.data : t.data.slice();
        worker.postMessage({ id, tensor: { name: t.name, shape: t.shape, data }, options }, [data.buffer as ArrayBuffer]);
      });
    },
    dispose() {
      worker.terminate();
      for (const p of pending.values()) p.reject(new Error('layer worker disposed'));
      pending.clear();
    },
  };
}

/** Serve LayerRequests inside a layer worker: analyse, reply with the ESD's buffer transferred. */
export function serveLayerRequests(
  post: (msg: LayerReply, transfer: Transferable[]) => void,
  analyze: (t: NamedTensor, options: AnalyzeOptions) => { metrics: LayerMetrics; evals: Float64Array },
): (msg: LayerRequest) => void {
  return (msg) => {
    try {
      const { metrics, evals } = analyze(msg.tensor, msg.options);
      post({ id: msg.id, metrics, evals }, [evals.buffer as ArrayBuffer]);
    } catch (e) {
      post({ id: msg.id, error: errorMessage(e) }, []);
    }
  };
}
