/**
 * The tfjs wasm backend in the browser (page or module worker): where its binaries are, whether it may
 * use threads, and a guard so that `tf.setBackend('wasm')` can never hang.
 *
 * Call {@link configureWasm} once, before anything calls `tf.setBackend('wasm')` or `tf.ready()`.
 * After that, plain `tf.setBackend('wasm')` (e.g. from src/platform/backendInit.ts) is safe:
 * - the three .wasm binaries are served by Vite as hashed assets (`?url` imports), so the paths are
 *   right in `vite dev`, in the production build, in the page and in module workers;
 * - threads are tried only when the scope is cross-origin isolated (policy.ts);
 * - the backend factory is wrapped: if the threaded module does not come up within `timeoutMs`
 *   (a broken pthread worker never reports "loaded") or fails, the factory retries with the
 *   single-threaded SIMD binary and records why ({@link wasmStatus}).
 * The threaded pthread worker script itself only survives a minified build thanks to the Vite plugin
 * in ./build/tfjsWasmThreads.ts (see docs/BACKENDS.md for the failure it fixes).
 */
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainWasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdWasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { currentThreadEnvironment, decideWasmThreads, withTimeout, type ThreadDecision } from './policy';

/** Options of {@link configureWasm}. */
export interface WasmOptions {
  /** Try the multi-threaded binary when the environment allows it. */
  threads: boolean;
  /** XNNPACK thread-pool size; default: policy.ts (half the logical cores, at most 4, none below 2). */
  threadsCount?: number;
  /** How long the threaded module may take to initialise before we fall back (ms). Default 15 000. */
  timeoutMs?: number;
}

/** What was configured, before initialisation. */
export interface WasmConfig {
  decision: ThreadDecision;
  /** The binary URLs handed to tfjs (hashed asset URLs in a build). */
  paths: Record<WasmBinaryName, string>;
}

/** What really runs, after `tf.setBackend('wasm')` resolved. */
export interface WasmStatus {
  /** 'threaded-simd' | 'simd' | 'plain': which binary tfjs loaded. */
  binary: 'threaded-simd' | 'simd' | 'plain';
  /** XNNPACK threads (1 for the single-threaded binaries). */
  threadsCount: number;
  /** Why threads are off, or why the threaded attempt was abandoned; null when threads run. */
  fallbackReason: string | null;
  decision: ThreadDecision;
}

type WasmBinaryName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

const WASM_PRIORITY = 2; // the priority tfjs-backend-wasm registers itself with (base.js)
const DEFAULT_TIMEOUT_MS = 15_000;
const MULTITHREAD_FLAG = 'WASM_HAS_MULTITHREAD_SUPPORT';

/** Module state: one configuration per JS realm (tfjs's own wasm state is per realm too). */
let config: WasmConfig | null = null;
let fallbackReason: string | null = null;

/**
 * Configure the wasm backend for this page or worker. Idempotent: later calls return the first config
 * (tfjs refuses new paths once the backend started initialising).
 */
export function configureWasm(options: WasmOptions): WasmConfig {
  if (config) return config;
  const decision = decideWasmThreads(options.threads, currentThreadEnvironment(), options.threadsCount);
  const paths: Record<WasmBinaryName, string> = {
    'tfjs-backend-wasm.wasm': plainWasmUrl,
    'tfjs-backend-wasm-simd.wasm': simdWasmUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdWasmUrl,
  };
  setWasmPaths(paths);
  // Without isolation tfjs's own detector already says false (no transferable SharedArrayBuffer);
  // setting the flag explicitly also covers "isolated but threads not wanted".
  if (!decision.threads) tf.env().set(MULTITHREAD_FLAG, false);
  // Always explicit, so the pool is what policy.ts decided. The single-threaded binaries ignore it.
  setThreadsCount(decision.count);
  fallbackReason = decision.threads ? null : decision.reason;
  guardFactory(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, decision.count);
  config = { decision, paths };
  return config;
}

/**
 * Replace tfjs-backend-wasm's registered factory with one that cannot hang: the first attempt (maybe
 * threaded) gets `timeoutMs`; on timeout or error threads are switched off and the factory runs again.
 * The abandoned attempt cannot be cancelled; if it completes later it is disposed (its pthread workers
 * are terminated), and if it never completes its workers just stay idle.
 */
function guardFactory(timeoutMs: number, threadsCount: number): void {
  const original = tf.findBackendFactory('wasm');
  if (!original) throw new Error('tfjs-backend-wasm is not registered: import it before configureWasm()');
  if (tf.findBackend('wasm')) return; // already initialised: nothing left to guard
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      const threaded = (await tf.env().getAsync(MULTITHREAD_FLAG)) === true;
      if (!threaded) {
        fallbackReason ??= 'tfjs detected no WebAssembly thread support';
        return await original();
      }
      const restore = reportLogicalCores(2 * threadsCount);
      let attempt: Promise<tf.KernelBackend> | null = null;
      try {
        attempt = Promise.resolve(original());
        return await withTimeout(attempt, timeoutMs, 'threaded wasm initialisation');
      } catch (e) {
        restore();
        fallbackReason = `threaded wasm failed (${e instanceof Error ? e.message : String(e)}); using single-threaded SIMD`;
        // If the abandoned attempt still comes up later, free its memory and terminate its pthread workers.
        attempt?.then((late) => late.dispose()).catch(() => {});
        tf.env().set(MULTITHREAD_FLAG, false);
        return await original();
      } finally {
        restore();
      }
    },
    WASM_PRIORITY,
  );
}

/**
 * Make `navigator.hardwareConcurrency` read `n` until the returned function is called.
 *
 * Why: tfjs-backend-wasm 4.22's C++ side caps the XNNPACK pool at hardwareConcurrency / 2, read once
 * when the module starts, assuming every core is hyper-threaded; `setThreadsCount` cannot exceed that
 * cap. On a 2-vCPU machine (1 thread per core) that means 1 thread. Reporting 2·count while the module
 * starts lifts the cap to exactly the count we ask for; the own property is removed right after, so
 * the rest of the app sees the real value again.
 */
function reportLogicalCores(n: number): () => void {
  const nav = (globalThis as { navigator?: object }).navigator;
  if (!nav || Object.prototype.hasOwnProperty.call(nav, 'hardwareConcurrency')) return () => {};
  Object.defineProperty(nav, 'hardwareConcurrency', { value: n, configurable: true });
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  };
}

/**
 * What the active wasm backend really uses. Call after `tf.setBackend('wasm')` resolved true.
 * @throws if configureWasm was not called or the wasm backend never initialised.
 */
export async function wasmStatus(): Promise<WasmStatus> {
  if (!config) throw new Error('configureWasm() was not called');
  const backend = tf.findBackend('wasm') as unknown as ActiveWasmBackend | null;
  if (!backend) throw new Error('the wasm backend is not initialised');
  // Ask the active module itself: tfjs's getThreadsCount() is a module-global that an abandoned
  // threaded attempt finishing late would overwrite. Emscripten threaded modules carry `PThread`.
  const threaded = 'PThread' in backend.wasm;
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return {
    binary: threaded ? 'threaded-simd' : simd ? 'simd' : 'plain',
    threadsCount: backend.wasm.tfjs.getThreadsCount(),
    fallbackReason,
    decision: config.decision,
  };
}

/** The part of tfjs-backend-wasm's BackendWasm instance we read (its `wasm` Emscripten module). */
interface ActiveWasmBackend {
  wasm: object & { tfjs: { getThreadsCount(): number } };
}
