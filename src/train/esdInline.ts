/**
 * ESD provider that analyses weights on the calling thread. Used in Node (headless experiments, tests)
 * and inside the browser's ESD worker; never on the browser's main thread.
 */
import { analyzeTensor } from '../math/analyze';
import type { EsdProvider } from './run';

export const inlineEsd: EsdProvider = async (weights, fit) => weights.map((w) => analyzeTensor(w, fit).metrics);
