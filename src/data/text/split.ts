/**
 * One fixed train/validation/test partition, stratified: inside every stratum (for the sentiment
 * data: source × label) the members are shuffled with a stream forked from the seed and the
 * stratum's key, then cut by the fractions. So each stratum's share of each split is within ±½ of
 * the exact fraction, and changing one stratum never moves records of another.
 */

import { createRng } from '../../math/random';

export const SPLIT_NAMES = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** Fractions of validation and test; train gets the rest. */
export interface SplitFractions {
  validation: number;
  test: number;
}

/** Sizes of one stratum's parts: test and validation rounded to nearest, train the remainder. */
export function stratumSplitSizes(n: number, fractions: SplitFractions): Record<SplitName, number> {
  const test = Math.round(fractions.test * n);
  const validation = Math.min(n - test, Math.round(fractions.validation * n));
  return { train: n - test - validation, validation, test };
}

/**
 * Assign every item to a split. `strata[i]` is item i's stratum key. Within a stratum the items
 * (in index order) are permuted by createRng(seed).fork(key); the first `test` of the permutation go
 * to test, the next `validation` to validation, the rest to train.
 */
export function stratifiedSplit(strata: readonly string[], fractions: SplitFractions, seed: number): SplitName[] {
  const { validation, test } = fractions;
  if (!(validation >= 0 && test >= 0 && validation + test < 1)) {
    throw new Error(`split fractions must be ≥ 0 with validation + test < 1, got ${validation}, ${test}`);
  }
  const members = new Map<string, number[]>();
  strata.forEach((key, i) => {
    let list = members.get(key);
    if (!list) members.set(key, (list = []));
    list.push(i);
  });
  const out = new Array<SplitName>(strata.length);
  const root = createRng(seed);
  // Sorted keys: the result must not depend on which stratum happens to appear first.
  for (const key of [...members.keys()].sort()) {
    const idx = root.fork(`split:${key}`).shuffle([...members.get(key)!]);
    const sizes = stratumSplitSizes(idx.length, fractions);
    idx.forEach((item, k) => {
      out[item] = k < sizes.test ? 'test' : k < sizes.test + sizes.validation ? 'validation' : 'train';
    });
  }
  return out;
}
