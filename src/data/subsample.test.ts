import { describe, expect, it } from 'vitest';
import { stratifiedNestedSubset, stratifiedSubsetSize, subsetClassSize } from './subsample';
import { createRng } from '../math/random';

/** Seeded label vectors with unbalanced classes, including a singleton class and non-contiguous ids. */
function makeLabels(seed: number, n: number): Int32Array {
  const rng = createRng(seed);
  const labels = Int32Array.from({ length: n }, () => (rng.next() < 0.7 ? 0 : rng.next() < 0.8 ? 1 : 4));
  labels[n - 1] = 9; // a class with a single member
  return labels;
}

const RATIOS = [0.0002, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.333, 0.5, 0.75, 0.999, 1];
const SEEDS = [0, 1, 2, 3, 17, 123456];

describe('stratifiedNestedSubset', () => {
  it('is nested: a smaller ratio gives a subset of a larger one (every seed, every pair of ratios)', () => {
    for (const seed of SEEDS) {
      const labels = makeLabels(seed, 997);
      const subsets = RATIOS.map((r) => new Set(stratifiedNestedSubset(labels, r, seed)));
      for (let a = 0; a < RATIOS.length; a++) {
        for (let b = a + 1; b < RATIOS.length; b++) {
          for (const i of subsets[a]) expect(subsets[b].has(i)).toBe(true);
        }
      }
    }
  });

  it('keeps max(1, round(ratio·n_c)) of each class (counted independently), sorted and unique', () => {
    for (const seed of SEEDS) {
      const labels = makeLabels(seed + 100, 501);
      const classes = [...new Set(labels)];
      for (const r of RATIOS) {
        const idx = stratifiedNestedSubset(labels, r, seed);
        for (let k = 1; k < idx.length; k++) expect(idx[k]).toBeGreaterThan(idx[k - 1]);
        expect(idx[0]).toBeGreaterThanOrEqual(0);
        expect(idx[idx.length - 1]).toBeLessThan(labels.length);
        for (const c of classes) {
          const nC = labels.filter((y) => y === c).length;
          const got = Array.from(idx).filter((i) => labels[i] === c).length;
          expect(got).toBe(Math.max(1, Math.round(r * nC)));
          expect(Math.abs(got - r * nC)).toBeLessThanOrEqual(1); // proportion kept (or the 1-member floor)
        }
        expect(idx.length).toBe(stratifiedSubsetSize(labels, r));
      }
    }
  });

  it('ratio 1 is everything; different seeds give different subsets; same seed the same one', () => {
    const labels = makeLabels(5, 300);
    expect(Array.from(stratifiedNestedSubset(labels, 1, 9))).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(stratifiedNestedSubset(labels, 0.1, 9)).toEqual(stratifiedNestedSubset(labels, 0.1, 9));
    expect(stratifiedNestedSubset(labels, 0.1, 9)).not.toEqual(stratifiedNestedSubset(labels, 0.1, 10));
  });

  it('with all labels equal it is plain nested subsampling, and roughly uniform over seeds', () => {
    const labels = new Int32Array(20);
    const hits = new Array(20).fill(0);
    for (let seed = 0; seed < 400; seed++) {
      const idx = stratifiedNestedSubset(labels, 0.25, seed);
      expect(idx.length).toBe(5);
      for (const i of idx) hits[i]++;
    }
    // Each index is expected 100 times in 400 draws (sd ≈ 8.7); seeded, so this is not flaky.
    for (const h of hits) expect(Math.abs(h - 100)).toBeLessThan(40);
  });

  it('does not depend on the values of other classes (per-class streams)', () => {
    const labels = makeLabels(8, 400);
    const relabelled = labels.map((y) => (y === 1 ? 7 : y));
    const keep = (idx: Int32Array): number[] => Array.from(idx).filter((i) => labels[i] === 0);
    expect(keep(stratifiedNestedSubset(relabelled, 0.3, 4))).toEqual(keep(stratifiedNestedSubset(labels, 0.3, 4)));
  });

  it('validates ratio, seed and labels', () => {
    const labels = [0, 1, 0, 1];
    for (const bad of [0, -0.1, 1.0001, NaN, Infinity]) expect(() => stratifiedNestedSubset(labels, bad, 0)).toThrow();
    expect(() => stratifiedNestedSubset(labels, 0.5, 0.5)).toThrow();
    expect(() => stratifiedNestedSubset([0, 0.5], 0.5, 0)).toThrow();
    expect(stratifiedNestedSubset([], 0.5, 0).length).toBe(0);
  });

  it('subsetClassSize floors at one member and never exceeds the class', () => {
    expect(subsetClassSize(0, 0.5)).toBe(0);
    expect(subsetClassSize(10, 0.0001)).toBe(1);
    expect(subsetClassSize(10, 0.25)).toBe(3); // round(2.5) = 3 (half up)
    expect(subsetClassSize(10, 1)).toBe(10);
  });
});
