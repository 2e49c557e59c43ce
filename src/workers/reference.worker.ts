/**
 * The random-reference worker: α of random Gaussian matrices of a layer's shape (src/math/reference.ts),
 * off the main thread. One reference costs 50–250 ms of eigen-decompositions (measured for 64×64 and
 * 64×256 at 8 draws), far over the 50 ms a page task may take. Thin: the math module does the work.
 */
import { randomReferenceAlpha } from '../math/reference';
import type { ReferenceReply, ReferenceRequest } from './referenceClient';
import { errorMessage } from '../io/errors';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<ReferenceRequest>) => {
  const { id, shape, fit } = event.data;
  let reply: ReferenceReply;
  try {
    reply = { id, alpha: randomReferenceAlpha(shape, fit) };
  } catch (e) {
    reply = { id, alpha: NaN, error: errorMessage(e) };
  }
  scope.postMessage(reply);
};
