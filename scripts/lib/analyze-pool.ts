/**
 * The CLI's worker pool: every layer of a file analysed on one of N worker threads (analyze-worker.ts),
 * largest first, with the bytes read but not yet analysed bounded by src/io/layerPool.ts layerBudget
 * (largest layer + min(largest, 64 MB)), so peak memory stays near one largest tensor plus a few small
 * ones. Layers are read on the main thread (positioned reads) and their buffers transferred, not copied.
 */
import { Worker } from 'node:worker_threads';
import { layerBudget, runLayerPool } from '../../src/io/layerPool';
import type { ByteSource } from '../../src/io/source';
import { readLayer } from '../../src/io/weights';
import type { TensorInfo } from '../../src/io/weights';
import type { AnalyzeOptions } from '../../src/math/analyze';
import type { LayerMetrics } from '../../src/math/types';

/** Main → worker: one layer in analysis layout. */
export interface PoolRequest {
  index: number;
  name: string;
  shape: number[];
  data: Float32Array | Float64Array;
  opts: AnalyzeOptions;
}

/** Worker → main: the layer's metrics, or the one-line error it threw. */
export type PoolReply = { index: number; metrics: LayerMetrics } | { index: number; error: string };

/** A JavaScript entry that registers tsx, then loads analyze-worker.ts. */
const WORKER = new URL('./analyze-worker-boot.mjs', import.meta.url);

/** Work below which one thread is faster than starting workers (≈ 0.3 s each, tsx included). */
const MIN_POOL_FLOPS = 2e9;

/** Flops of a layer's ESD: per slice, the Gram product n²·m plus the tridiagonalisation 4/3·n³. */
export function esdFlops(t: TensorInfo): number {
  const s = t.analysisShape ?? t.shape;
  const slices = s.length > 2 ? s.slice(0, -2).reduce((a, b) => a * b, 1) : 1;
  const [r, c] = s.slice(-2);
  const n = Math.min(r, c);
  return slices * (n * n * Math.max(r, c) + (4 / 3) * n ** 3);
}

/**
 * Threads for a run: `requested` if given (≥ 1), else one per core (os.availableParallelism()), but one
 * when the whole file is less work than MIN_POOL_FLOPS; never more than there are layers.
 */
export function chooseThreads(layers: readonly TensorInfo[], requested: number, cores: number): number {
  const work = layers.reduce((a, t) => a + esdFlops(t), 0);
  const want = requested >= 1 ? requested : work < MIN_POOL_FLOPS ? 1 : cores;
  return Math.max(1, Math.min(want, layers.length));
}

/**
 * Analyse `layers` (TensorInfo of the file, layers only) on `threads` worker threads. `onLayer(k, m)`
 * is called as each finishes (any order; k indexes `layers`); metrics.shape is the file's shape.
 */
export async function analyzeOnThreads(
  layers: readonly TensorInfo[],
  src: ByteSource,
  opts: AnalyzeOptions,
  threads: number,
  onLayer: (k: number, metrics: LayerMetrics) => void,
): Promise<void> {
  const workers = Array.from({ length: threads }, () => new Worker(WORKER));
  // One pending reply per worker at a time (the pool never gives a busy worker a second layer).
  const pending: ({ resolve: (m: LayerMetrics) => void; reject: (e: Error) => void } | null)[] = workers.map(() => null);
  workers.forEach((w, id) => {
    w.on('message', (r: PoolReply) => {
      const p = pending[id];
      pending[id] = null;
      if ('error' in r) p?.reject(new Error(`${layers[r.index].name}: ${r.error}`));
      else p?.resolve(r.metrics);
    });
    w.on('error', (e) => {
      pending[id]?.reject(e);
      pending[id] = null;
    });
    // A worker that exits mid-layer (killed, out of memory) must not leave the run waiting forever.
    w.on('exit', (code) => {
      pending[id]?.reject(new Error(`analysis thread exited (code ${code})`));
      pending[id] = null;
    });
  });
  try {
    const sizes = layers.map((t, index) => ({ index, bytes: t.byteLength }));
    await runLayerPool(sizes, { workers: threads, maxBytesInFlight: layerBudget(sizes) }, async (id, { index }) => {
      const t = await readLayer(layers[index], src);
      // Transfer the whole buffer when the data spans it (the file source reads fresh, exact arrays),
      // else copy just the view: posting a view clones its entire underlying buffer.
      const whole = t.data.byteOffset === 0 && t.data.byteLength === t.data.buffer.byteLength;
      const data = whole ? t.data : t.data.slice();
      const msg: PoolRequest = { index, name: t.name, shape: t.shape, data, opts };
      return new Promise<LayerMetrics>((resolve, reject) => {
        pending[id] = { resolve: (m) => resolve({ ...m, shape: t.fileShape }), reject };
        workers[id].postMessage(msg, [data.buffer as ArrayBuffer]);
      });
    }, (layer, metrics) => onLayer(layer.index, metrics));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
