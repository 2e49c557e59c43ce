/**
 * Main-thread side of the random-reference worker: `alpha` of a shape under a fit, as a promise, each
 * (shape, fit) computed once per page. The worker is created on first use and serves requests in order.
 */
import type { FitOptions } from '../math/types';

/** The fit options that change a reference α (as src/math/reference.ts keys its cache); no estimator means Hill. */
export type ReferenceFit = Pick<FitOptions, 'fit' | 'xminPos' | 'filterZeros' | 'evalsThresh'> & Partial<Pick<FitOptions, 'estimator'>>;

export interface ReferenceRequest {
  id: number;
  shape: number[];
  fit: ReferenceFit;
}
export interface ReferenceReply {
  id: number;
  /** NaN when the shape gives no fit (or the computation failed: see `error`). */
  alpha: number;
  error?: string;
}

/** What the client needs of a Worker (a fake in tests). */
export interface ReferencePort {
  postMessage(msg: ReferenceRequest): void;
  onmessage: ((event: MessageEvent<ReferenceReply>) => void) | null;
}

export interface ReferenceClient {
  /** α of random Gaussian matrices of `shape` fitted with `fit`; NaN when there is none. */
  alpha(shape: readonly number[], fit: ReferenceFit): Promise<number>;
}

/** Cache key of a (shape, fit) pair. */
export function referenceKey(shape: readonly number[], fit: ReferenceFit): string {
  return `${shape.join('x')}|${fit.estimator ?? 'hill'}|${fit.fit}|${fit.xminPos}|${fit.filterZeros}|${fit.evalsThresh}`;
}

export function createReferenceClient(makePort: () => ReferencePort): ReferenceClient {
  let port: ReferencePort | null = null;
  let nextId = 1;
  const waiting = new Map<number, (alpha: number) => void>();
  const cache = new Map<string, Promise<number>>();
  return {
    alpha(shape, fit) {
      const key = referenceKey(shape, fit);
      const hit = cache.get(key);
      if (hit) return hit;
      if (!port) {
        port = makePort();
        port.onmessage = (event) => {
          const resolve = waiting.get(event.data.id);
          waiting.delete(event.data.id);
          resolve?.(event.data.alpha);
        };
      }
      const id = nextId++;
      const p = new Promise<number>((resolve) => waiting.set(id, resolve));
      const estimator = fit.estimator ?? 'hill';
      port.postMessage({ id, shape: [...shape], fit: { estimator, fit: fit.fit, xminPos: fit.xminPos, filterZeros: fit.filterZeros, evalsThresh: fit.evalsThresh } });
      cache.set(key, p);
      return p;
    },
  };
}

/** The page's client (one worker, created on first use). */
export const referenceClient: ReferenceClient = createReferenceClient(
  () => new Worker(new URL('./reference.worker.ts', import.meta.url), { type: 'module', name: 'alpha-reference' }) as unknown as ReferencePort,
);
