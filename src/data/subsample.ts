/**
 * Stratified, nested subsampling of a training set: the low-data regimes of the TempBalance paper
 * (Liu et al., EMNLP 2024: GLUE at 0.02 %–5 %, PDEBench at 0.6 %–50 % of the training data).
 *
 * For each class a permutation of its members is drawn once from (seed, class); a ratio r keeps the
 * first max(1, round(r·n_c)) of that permutation. The permutation does not depend on r, and the count
 * is non-decreasing in r, so for one seed the subset at a smaller ratio is contained in the subset at
 * any larger ratio (nested): a curve over ratios compares growing data, not different data.
 * Class proportions are kept up to rounding (±½ per class), and every class keeps at least one
 * member. With all labels equal (the PDE side) this is plain nested subsampling.
 */

import { createRng } from '../math/random';

/**
 * Indices (ascending) of the subset of `labels` at `ratio` ∈ (0, 1] for `seed`.
 * Labels must be integers (any values; classes are the distinct values).
 */
export function stratifiedNestedSubset(labels: ArrayLike<number>, ratio: number, seed: number): Int32Array {
  if (!(Number.isFinite(ratio) && ratio > 0 && ratio <= 1)) throw new Error(`ratio must be in (0, 1], got ${ratio}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const byClass = classMembers(labels);
  const root = createRng(seed);
  const picked: number[] = [];
  for (const [label, members] of byClass) {
    const k = subsetClassSize(members.length, ratio);
    // Members are in index order before shuffling, so the permutation is a function of
    // (seed, label, which indices carry the label) only.
    const perm = root.fork(`subsample:class:${label}`).shuffle(members);
    for (let i = 0; i < k; i++) picked.push(perm[i]);
  }
  return Int32Array.from(picked).sort();
}

/** How many of a class of size n the subset at `ratio` keeps: max(1, round(ratio·n)), 0 if n = 0. */
export function subsetClassSize(n: number, ratio: number): number {
  if (n === 0) return 0;
  return Math.min(n, Math.max(1, Math.round(ratio * n)));
}

/** Expected subset size for the given labels and ratio (sum of subsetClassSize over classes). */
export function stratifiedSubsetSize(labels: ArrayLike<number>, ratio: number): number {
  let total = 0;
  for (const members of classMembers(labels).values()) total += subsetClassSize(members.length, ratio);
  return total;
}

/** Class → member indices in ascending order, classes in ascending label order. */
function classMembers(labels: ArrayLike<number>): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!Number.isInteger(y)) throw new Error(`label at ${i} is not an integer: ${y}`);
    let list = map.get(y);
    if (!list) map.set(y, (list = []));
    list.push(i);
  }
  return new Map([...map.entries()].sort((a, b) => a[0] - b[0]));
}
