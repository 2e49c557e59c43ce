/**
 * Pure decisions of the platform layer: whether multi-threaded wasm may be tried, and a timeout
 * wrapper that turns a hang into a rejected promise. No tfjs, no DOM: vitest runs this directly.
 *
 * Why threads need so many conditions (see docs/BACKENDS.md):
 * - Emscripten pthreads share one WebAssembly.Memory, i.e. a SharedArrayBuffer. Browsers hand out
 *   SharedArrayBuffer only to cross-origin-isolated documents and their dedicated workers
 *   (COOP: same-origin + COEP: require-corp or credentialless), so `crossOriginIsolated` must be true.
 * - tfjs only ships a threaded build with SIMD (tfjs-backend-wasm-threaded-simd.wasm); without SIMD it
 *   falls back to the plain single-threaded binary anyway.
 * - Threads only pay off with an idle core to run them on (see decideWasmThreads for the default count).
 */

/** What the JS environment reports, gathered by the caller (page or worker). */
export interface ThreadEnvironment {
  /** `globalThis.crossOriginIsolated` (undefined in old browsers ⇒ false). */
  crossOriginIsolated: boolean;
  /** `typeof SharedArrayBuffer === 'function'`. */
  sharedArrayBuffer: boolean;
  /** `navigator.hardwareConcurrency` (0 if unknown). */
  hardwareConcurrency: number;
}

/** Whether to let tfjs pick its threaded wasm binary, how many XNNPACK threads, and why. */
export interface ThreadDecision {
  threads: boolean;
  /** XNNPACK thread-pool size to request (1 when threads are off). */
  count: number;
  reason: string;
}

/** Upper bound of the default pool: more threads than that only add synchronisation cost for our small matrices. */
export const MAX_DEFAULT_THREADS = 4;

/**
 * Decide whether multi-threaded wasm may be attempted and with how many XNNPACK threads.
 *
 * Default count: half the logical cores, at most MAX_DEFAULT_THREADS, and no threads below 2. Why
 * half (docs/BACKENDS.md, docs/BENCHMARKS.md "tfjs backends"):
 * - the app already runs two busy workers (training and ESD) beside the UI thread, so on a 2-core
 *   machine there is no idle core for a pthread to use; measured here (2 vCPUs), 2 threads made a
 *   256×256 matMul ~2× slower and whole steps no faster;
 * - many CPUs report 2 logical cores per physical core (SMT); it is also tfjs's own default.
 * An explicit `count` overrides this (the e2e spec forces 2 threads on 2 cores to prove they work).
 * @param requested the caller's wish (a URL/config switch); false always wins.
 * @param count explicit pool size (≥ 1); 1 means the single-threaded binary.
 */
export function decideWasmThreads(requested: boolean, env: ThreadEnvironment, count?: number): ThreadDecision {
  const off = (reason: string): ThreadDecision => ({ threads: false, count: 1, reason });
  if (count !== undefined && !(Number.isInteger(count) && count >= 1)) throw new RangeError(`thread count must be a positive integer, got ${count}`);
  if (!requested) return off('threads disabled by option');
  if (!env.crossOriginIsolated) return off('not cross-origin isolated (needs COOP: same-origin + COEP: require-corp)');
  if (!env.sharedArrayBuffer) return off('SharedArrayBuffer is unavailable');
  if (count !== undefined) {
    return count === 1 ? off('1 thread requested') : { threads: true, count, reason: `${count} threads requested` };
  }
  // hardwareConcurrency 0 means "unknown" (some privacy settings): do not guess, stay single-threaded.
  const n = Math.min(Math.floor(env.hardwareConcurrency / 2), MAX_DEFAULT_THREADS);
  if (n < 2) {
    return off(`${env.hardwareConcurrency || 'unknown number of'} logical cores: no core to spare for wasm threads (pass a thread count to force them)`);
  }
  return { threads: true, count: n, reason: `cross-origin isolated; ${n} threads for ${env.hardwareConcurrency} logical cores` };
}

/** Thrown by {@link withTimeout} when the wrapped promise did not settle in time. */
export class TimeoutError extends Error {
  constructor(
    readonly label: string,
    readonly ms: number,
  ) {
    super(`${label} did not finish within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Race a promise against a timer. The timer is always cleared, so a settled promise leaves nothing
 * pending (a dangling timer would keep a Node test process alive).
 * The wrapped work is NOT cancelled (promises cannot be): the caller must make its late result harmless.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(label, ms)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Reads the thread-relevant facts of the current global scope (page or worker). Never throws. */
export function currentThreadEnvironment(): ThreadEnvironment {
  const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  return {
    crossOriginIsolated: g.crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    hardwareConcurrency: g.navigator?.hardwareConcurrency ?? 0,
  };
}
