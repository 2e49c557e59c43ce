/**
 * The training worker: one TrainingRun, driven by messages (trainProtocol.ts).
 * Deliberately thin (STYLE.md habit 8): all logic lives in trainHandler.ts, which vitest runs directly;
 * this file only supplies the browser's backend initialisation and data loaders.
 */
import { configureWasm } from '../platform/wasm';
import { initBackend } from '../platform/backendInit';
import { browserLoaders } from './browserLoaders';
import { createTrainHandler, defaultTrainDeps } from './trainHandler';
import { trainerTransferables, type FromTrainer, type TrainWorkerInbox } from './trainProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const handler = createTrainHandler(
  (msg: FromTrainer) => scope.postMessage(msg, trainerTransferables(msg)),
  defaultTrainDeps({
    initBackend: (requested) => {
      // Binary paths and the thread decision must be set before any backend initialises (wasm.ts).
      configureWasm({ threads: true });
      return initBackend(requested);
    },
    createLoaders: (report, init) => browserLoaders(report, { baseUrl: init.appBase ?? new URL(import.meta.env.BASE_URL, location.href).href }),
  }),
);

scope.onmessage = (event: MessageEvent<TrainWorkerInbox>) => {
  // Not awaited: `run` resolves only when the loop stops, and pause/update must get in meanwhile.
  void handler.handle(event.data);
};
