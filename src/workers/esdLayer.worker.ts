/**
 * A layer worker of the ESD worker's pool (layerAnalyzers.ts): analyses one tensor per request.
 * Thin on purpose: the logic is serveLayerRequests, which vitest runs directly.
 */
import { analyzeTensor } from '../math/analyze';
import { serveLayerRequests, type LayerRequest } from './layerAnalyzers';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const serve = serveLayerRequests((msg, transfer) => scope.postMessage(msg, transfer), analyzeTensor);
scope.onmessage = (event: MessageEvent<LayerRequest>) => serve(event.data);
