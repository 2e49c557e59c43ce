import { describe, expect, it } from 'vitest';
import { alphaSpread, imbalanceOf, populationStd } from './imbalance';
import { createRng } from './random';
import { randomAlpha } from './reference';
import { DEFAULT_FIT_OPTIONS } from './types';

const fit = { ...DEFAULT_FIT_OPTIONS, fit: 'median' as const, xminPos: 2, filterZeros: false };

/** A rows × cols matrix U·diag(s)·Vᵀ-like: Gaussian columns scaled so the squared singular values follow a power law. */
function heavyTailed(rows: number, cols: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(rows * cols);
  // Row scales with a Pareto tail make WᵀW's spectrum heavy-tailed (a few rows dominate).
  for (let i = 0; i < rows; i++) {
    const scale = Math.pow(1 - rng.next(), -1 / 1.5);
    for (let j = 0; j < cols; j++) out[i * cols + j] = scale * rng.normal();
  }
  return out;
}

describe('imbalanceOf', () => {
  it('population std is numpy.std (ddof 0) of the finite values', () => {
    expect(populationStd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(populationStd([1, NaN, 3])).toBeCloseTo(1, 15);
    expect(Number.isNaN(populationStd([1]))).toBe(true);
  });

  it('a Gaussian matrix sits at its random reference; a heavy-tailed one falls well below it', () => {
    const rng = createRng(7);
    const gauss = Float32Array.from({ length: 64 * 128 }, () => rng.normal());
    const res = imbalanceOf(
      [
        { name: 'random', shape: [64, 128], data: gauss },
        { name: 'heavy', shape: [64, 128], data: heavyTailed(64, 128, 3) },
      ],
      fit,
    );
    const [r, h] = res.layers;
    expect(r.alphaRandom).toBe(h.alphaRandom); // same shape, same reference
    expect(Math.abs(r.diff)).toBeLessThan(0.3); // one draw: within its sampling noise of the reference mean
    expect(r.alphaRandomSe).toBeLessThanOrEqual(0.02);
    expect(h.diff).toBeLessThan(-0.5);
    expect(res.farFromRandom).toBe(1);
    expect(res.spread).toBeCloseTo(Math.abs(r.diff - h.diff) / 2, 12);
  });

  it('alphaSpread: as fitted vs shape-corrected (two shapes at their random α spread as fitted, not corrected)', () => {
    const a = randomAlpha([64, 64], fit).alpha;
    const b = randomAlpha([64, 256], fit).alpha;
    const s = alphaSpread([{ shape: [64, 64], alpha: a }, { shape: [64, 256], alpha: b }, { shape: [64, 64], alpha: NaN }], fit);
    expect(s.layers).toBe(2);
    expect(s.fitted).toBeCloseTo(Math.abs(a - b) / 2, 12);
    expect(s.corrected).toBeCloseTo(0, 12);
  });
});
