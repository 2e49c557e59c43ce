/**
 * Activate one named tfjs backend in this page or worker and report what really runs: the one entry
 * point that the debug hook, the platform worker and the e2e tests share.
 *
 * Wasm is always configured first (binary paths, thread decision, hang guard), whatever backend is
 * asked for: src/platform/backendInit.ts may fall back to wasm, and the paths must be set before that.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, type ActiveBackend } from './backendInit';
import type { BackendName } from './backendPolicy';
import { configureWasm, wasmStatus, type WasmStatus } from './wasm';

export interface ActivateRequest {
  backend: BackendName;
  /** Multi-threaded wasm if the scope is cross-origin isolated (default true). */
  threads?: boolean;
  /** XNNPACK pool size (default: half the logical cores, at most 4, none below 2; see policy.ts). */
  threadsCount?: number;
  /** Hang guard of the threaded wasm initialisation (ms). */
  timeoutMs?: number;
}

export interface ActivationReport {
  requested: BackendName;
  /** The backend tfjs really runs (`tf.getBackend()`); may differ from `requested` after a fallback. */
  active: string;
  adapter: string;
  reason: string;
  failed: ActiveBackend['failed'];
  scope: 'page' | 'worker';
  crossOriginIsolated: boolean;
  /** Details of the wasm module when wasm is active, else null. */
  wasm: WasmStatus | null;
  /** Wall time of the initialisation (ms): wasm compile + thread start, or WebGPU adapter + device. */
  initMs: number;
}

/** Configure wasm, then activate `req.backend` (with the policy's fallbacks) and describe the result. */
export async function activateBackend(req: ActivateRequest): Promise<ActivationReport> {
  const t0 = performance.now();
  configureWasm({ threads: req.threads ?? true, threadsCount: req.threadsCount, timeoutMs: req.timeoutMs });
  const active = await initBackend(req.backend);
  const initMs = performance.now() - t0;
  return {
    requested: req.backend,
    active: tf.getBackend(),
    adapter: active.adapter,
    reason: active.reason,
    failed: active.failed,
    scope: typeof document === 'undefined' ? 'worker' : 'page',
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    wasm: active.name === 'wasm' ? await wasmStatus() : null,
    initMs,
  };
}
