/**
 * The ESD worker: eigenvalues, power-law fits and chart data off the main thread.
 * Deliberately thin: all logic lives in esdHandler.ts, which vitest runs directly.
 */
import { createEsdHandler, servePort } from './esdHandler';
import type { EsdWorkerInbox, FromWorker } from './protocol';

// `self` typed as a dedicated worker scope; the app's tsconfig includes both DOM and WebWorker libs.
const scope = self as unknown as DedicatedWorkerGlobalScope;

const handler = createEsdHandler((msg: FromWorker) => scope.postMessage(msg));

scope.onmessage = (event: MessageEvent<EsdWorkerInbox>) => {
  // A training worker's channel: served by a handler of its own (protocol.ts, ConnectPortRequest).
  if (event.data.kind === 'connect') {
    servePort(event.data.port);
    return;
  }
  // Not awaited on purpose: a newer request must be able to arrive while a run is in progress.
  void handler.handle(event.data);
};
