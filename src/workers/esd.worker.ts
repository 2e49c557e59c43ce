/**
 * The ESD worker: eigenvalues, power-law fits and chart data off the main thread.
 * Deliberately thin: all logic lives in esdHandler.ts, which vitest runs directly.
 */
import { createEsdHandler, defaultEsdDeps, servePort } from './esdHandler';
import { workerAnalyzer, type LayerWorkerLike } from './layerAnalyzers';
import type { EsdWorkerInbox, FromWorker } from './protocol';

// `self` typed as a dedicated worker scope; the app's tsconfig includes both DOM and WebWorker libs.
const scope = self as unknown as DedicatedWorkerGlobalScope;

/**
 * One layer worker per logical core for files (esdHandler.ts analyzeOnPool); created on the first file,
 * none on a single-core machine. Training workers' ports (servePort) keep the in-thread path: their
 * matrices are small and arrive in memory.
 */
function layerAnalyzers() {
  const cores = Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 16));
  if (cores < 2) return [];
  return Array.from({ length: cores }, (_, k) =>
    workerAnalyzer(new Worker(new URL('./esdLayer.worker.ts', import.meta.url), { type: 'module', name: `esd-layer-${k}` }) as unknown as LayerWorkerLike),
  );
}

const handler = createEsdHandler((msg: FromWorker) => scope.postMessage(msg), { ...defaultEsdDeps, analyzers: layerAnalyzers });

scope.onmessage = (event: MessageEvent<EsdWorkerInbox>) => {
  // A training worker's channel: served by a handler of its own (protocol.ts, ConnectPortRequest).
  if (event.data.kind === 'connect') {
    servePort(event.data.port);
    return;
  }
  // Not awaited on purpose: a newer request must be able to arrive while a run is in progress.
  void handler.handle(event.data);
};
