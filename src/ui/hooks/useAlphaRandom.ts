/**
 * α of a random Gaussian matrix of each given shape under a fit (the "still random" marker of the α
 * bars, and the shape correction of the spread charts), computed in the reference worker. Returns a
 * map keyed by `shapeKey`; shapes whose reference has not arrived yet are missing from it.
 */
import { useEffect, useState } from 'react';
import { referenceClient, type ReferenceFit } from '../../workers/referenceClient';

/** Key of a shape in the returned map. */
export const shapeKey = (shape: readonly number[]): string => shape.join('x');

export function useAlphaRandom(shapes: readonly (readonly number[])[], fit: ReferenceFit | null): ReadonlyMap<string, number> {
  const [refs, setRefs] = useState<{ key: string; map: ReadonlyMap<string, number> }>({ key: '', map: new Map() });
  const keys = [...new Set(shapes.map(shapeKey))].sort();
  const key = fit ? `${keys.join(',')}|${fit.estimator ?? 'hill'}|${fit.fit}|${fit.xminPos}|${fit.filterZeros}|${fit.evalsThresh}` : '';
  useEffect(() => {
    if (!fit || keys.length === 0) return;
    let live = true;
    for (const k of keys) {
      const shape = k.split('x').map(Number);
      void referenceClient.alpha(shape, fit).then((alpha) => {
        if (!live) return;
        setRefs((r) => {
          const map = new Map(r.key === key ? r.map : []);
          map.set(k, alpha);
          return { key, map };
        });
      });
    }
    return () => {
      live = false;
    };
    // `key` stands for `keys` and `fit`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return refs.key === key ? refs.map : EMPTY;
}

const EMPTY: ReadonlyMap<string, number> = new Map();
