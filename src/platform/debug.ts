/**
 * `window.__lab.platform`: a small debug/diagnostics API over the platform layer, used by the e2e
 * spec and the backend benchmark (and handy in the browser console). Import this module once from the
 * app entry (`import './platform/debug';`) to install it; it costs nothing until called.
 */
import { activateBackend, type ActivateRequest, type ActivationReport } from './activate';
import { benchActiveBackend, verifyMatMul, type BenchOptions, type BenchResult, type MatMulCheck } from './bench';
import { withTimeout } from './policy';
import type { PlatformRunResult, PlatformWorkerReply, PlatformWorkerRequest } from './protocol';

export interface PlatformDebugApi {
  /** Activate a backend in this page (wasm is configured first; see activate.ts). */
  activate(req: ActivateRequest): Promise<ActivationReport>;
  /** matMul on the active backend vs a float64 reference. */
  verifyMatMul(): Promise<MatMulCheck>;
  /** The fixed benchmark workload on the active backend. */
  bench(options?: BenchOptions): Promise<BenchResult>;
  /** Same, in a fresh module worker (its own tfjs); the worker is terminated afterwards. */
  runInWorker(req: Omit<PlatformWorkerRequest, 'id'>, timeoutMs?: number): Promise<PlatformRunResult>;
}

let nextId = 1;

/** Run one request in a new platform worker and resolve with its reply. */
export async function runInWorker(req: Omit<PlatformWorkerRequest, 'id'>, timeoutMs = 120_000): Promise<PlatformRunResult> {
  const worker = new Worker(new URL('./platform.worker.ts', import.meta.url), { type: 'module', name: 'platform' });
  const id = nextId++;
  const reply = new Promise<PlatformRunResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<PlatformWorkerReply>) => {
      const msg = event.data;
      if (msg.id !== id) return;
      if (msg.kind === 'error') reject(new Error(msg.message));
      else resolve({ report: msg.report, check: msg.check, bench: msg.bench });
    };
    worker.onerror = (event) => reject(new Error(`platform worker failed: ${event.message}`));
  });
  worker.postMessage({ ...req, id } satisfies PlatformWorkerRequest);
  try {
    return await withTimeout(reply, timeoutMs, 'platform worker run');
  } finally {
    worker.terminate(); // also ends the wasm pthread workers it spawned
  }
}

export const platformDebugApi: PlatformDebugApi = {
  activate: activateBackend,
  verifyMatMul: () => verifyMatMul(),
  bench: (options) => benchActiveBackend(options),
  runInWorker,
};

/** Install the API as `globalThis.__lab.platform`, keeping whatever else `__lab` holds. */
export function installPlatformDebugHook(target: object = globalThis): void {
  const host = target as { __lab?: Record<string, unknown> };
  host.__lab = { ...(host.__lab ?? {}), platform: platformDebugApi };
}

installPlatformDebugHook();
