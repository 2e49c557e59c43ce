/**
 * ESD provider that analyses weights on the calling thread: Node (headless experiments, tests). The
 * browser's training worker gets the same records from the ESD worker (workers/esdOverPort.ts).
 */
import { analyzeTensor } from '../math/analyze';
import { layerEsdOf } from '../math/layerEsd';
import type { EsdProvider } from './run';

export const inlineEsd: EsdProvider = async (weights, fit) =>
  weights.map((w) => {
    const { metrics, evals } = analyzeTensor(w, fit);
    return layerEsdOf(metrics, evals, fit);
  });
