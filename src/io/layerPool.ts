/**
 * Scheduling of a weight file's layers over several workers (threads in the CLI, Web Workers in the
 * browser) under a memory bound. Pure: no DOM, no Node APIs; the caller supplies the work.
 *
 * Order: largest layer first (by bytes), so the longest ESD starts at once instead of ending the run
 * alone on one core while the others idle. Memory: a layer is started only while the bytes of the
 * layers in flight (read and not yet analysed) stay within `maxBytesInFlight`; a layer bigger than the
 * bound runs when nothing else is in flight. The callers set the bound to the largest layer plus a
 * margin (layerBudget), which keeps peak memory near one largest tensor plus a few small ones.
 */

/** One layer to schedule: its position in the file and its size in bytes. */
export interface PoolLayer {
  index: number;
  bytes: number;
}

/** Options of runLayerPool. */
export interface LayerPoolOptions {
  /** Number of workers (≥ 1). */
  workers: number;
  /** Bound on the bytes of layers in flight at once (see the module comment). */
  maxBytesInFlight: number;
}

/** Margin over the largest layer allowed in flight: lets small layers run beside the largest. */
export const POOL_MARGIN_BYTES = 64 * 1024 * 1024;

/** The bound used by the analysers: largest layer + min(largest, POOL_MARGIN_BYTES). */
export function layerBudget(layers: readonly PoolLayer[]): number {
  const largest = layers.reduce((m, l) => Math.max(m, l.bytes), 0);
  return largest + Math.min(largest, POOL_MARGIN_BYTES);
}

/**
 * Run `work(worker, layer)` for every layer, at most `workers` at once (worker ids 0..workers−1, each
 * busy with one layer at a time), largest first, within the byte bound. `onDone` gets each result as
 * it completes (any order; see inOrder). The first failure stops new starts, waits for the layers in
 * flight and rejects with that error.
 */
export function runLayerPool<R>(
  layers: readonly PoolLayer[],
  opts: LayerPoolOptions,
  work: (worker: number, layer: PoolLayer) => Promise<R>,
  onDone: (layer: PoolLayer, result: R) => void,
): Promise<void> {
  if (!(opts.workers >= 1)) return Promise.reject(new RangeError(`runLayerPool: workers must be ≥ 1, got ${opts.workers}`));
  // Largest first; equal sizes in file order (a stable sort), so the schedule is deterministic.
  const queue = [...layers].sort((a, b) => b.bytes - a.bytes);
  const idle = Array.from({ length: opts.workers }, (_, k) => opts.workers - 1 - k);
  let inFlight = 0;
  let running = 0;
  let failure: { error: unknown } | null = null;
  return new Promise((resolve, reject) => {
    const pump = (): void => {
      while (!failure && idle.length > 0 && queue.length > 0) {
        // The largest remaining layer that fits; anything when nothing is in flight.
        const k = running === 0 ? 0 : queue.findIndex((l) => inFlight + l.bytes <= opts.maxBytesInFlight);
        if (k < 0) break;
        const [layer] = queue.splice(k, 1);
        const worker = idle.pop()!;
        inFlight += layer.bytes;
        running++;
        work(worker, layer).then(
          (r) => {
            if (!failure) {
              try {
                onDone(layer, r);
              } catch (e) {
                failure = { error: e };
              }
            }
            finish(worker, layer);
          },
          (e: unknown) => {
            failure ??= { error: e };
            finish(worker, layer);
          },
        );
      }
      if (running === 0) {
        if (failure) reject(failure.error);
        else resolve();
      }
    };
    const finish = (worker: number, layer: PoolLayer): void => {
      inFlight -= layer.bytes;
      running--;
      idle.push(worker);
      pump();
    };
    pump();
  });
}

/**
 * Re-orders results that arrive in any order: `push(index, value)` calls `emit` for every value whose
 * predecessors (indices 0..index−1) have all arrived, in index order. Indices are 0..count−1.
 */
export function inOrder<T>(emit: (index: number, value: T) => void): (index: number, value: T) => void {
  const waiting = new Map<number, T>();
  let next = 0;
  return (index, value) => {
    waiting.set(index, value);
    while (waiting.has(next)) {
      const v = waiting.get(next) as T;
      waiting.delete(next);
      emit(next, v);
      next++;
    }
  };
}
