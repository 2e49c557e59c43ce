import { describe, expect, it } from 'vitest';
import { randomReferenceAlpha } from '../math/reference';
import { createReferenceClient, type ReferencePort, type ReferenceReply, type ReferenceRequest } from './referenceClient';

const FIT = { fit: 'median', xminPos: 2, filterZeros: false, evalsThresh: 1e-5 } as const;

/** A port that answers like the worker (same math), counting requests. */
function inlinePort(sent: ReferenceRequest[]): ReferencePort {
  const port: ReferencePort = {
    onmessage: null,
    postMessage(msg) {
      sent.push(msg);
      const reply: ReferenceReply = { id: msg.id, alpha: randomReferenceAlpha(msg.shape, msg.fit) };
      queueMicrotask(() => port.onmessage?.({ data: reply } as MessageEvent<ReferenceReply>));
    },
  };
  return port;
}

describe('referenceClient', () => {
  it('returns the math module’s reference and asks once per (shape, fit)', async () => {
    const sent: ReferenceRequest[] = [];
    const client = createReferenceClient(() => inlinePort(sent));
    const [a, b, c] = await Promise.all([client.alpha([20, 30], FIT), client.alpha([20, 30], FIT), client.alpha([30, 20], FIT)]);
    expect(a).toBe(randomReferenceAlpha([20, 30], FIT));
    expect(b).toBe(a);
    expect(c).toBe(randomReferenceAlpha([30, 20], FIT));
    expect(sent.length).toBe(2);
  });

  it('keeps Hill and FARMS references apart and sends the estimator to the worker', async () => {
    const sent: ReferenceRequest[] = [];
    const client = createReferenceClient(() => inlinePort(sent));
    const hill = await client.alpha([20, 128], FIT);
    const farms = await client.alpha([20, 128], { ...FIT, estimator: 'farms' });
    expect(sent.map((m) => m.fit.estimator)).toEqual(['hill', 'farms']);
    expect(hill).toBe(randomReferenceAlpha([20, 128], { ...FIT, estimator: 'hill' }));
    expect(farms).toBe(randomReferenceAlpha([20, 128], { ...FIT, estimator: 'farms' }));
    // FARMS windows a 20×128 matrix into 20×20 squares: its random α is a square's, far below Hill's ≈ 4.4.
    expect(hill - farms).toBeGreaterThan(1);
  });
});
