import { describe, expect, it } from 'vitest';
import { analyzeTensor } from './analyze';
import { createRng } from './random';
import { randomAlpha, randomReferenceAlpha, REFERENCE_TARGET_SE, shapeCorrectedAlphas } from './reference';
import { DEFAULT_FIT_OPTIONS } from './types';

const fit = DEFAULT_FIT_OPTIONS;

/** α of one seeded Gaussian tensor, fitted as a layer would be. */
function gaussianAlpha(shape: number[], seed: number, scale = 1): number {
  const rng = createRng(seed);
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1)).map(() => scale * rng.normal());
  return analyzeTensor({ name: 'w', shape, data }, fit).metrics.alpha;
}

describe('randomReferenceAlpha', () => {
  it('depends on shape: a wide matrix fits a much larger α than a square one (the effect it removes)', () => {
    const square = randomReferenceAlpha([64, 64], fit);
    const wide = randomReferenceAlpha([64, 512], fit);
    expect(wide - square).toBeGreaterThan(1);
  });

  it('is what independent random draws of that shape fit, on average', () => {
    for (const shape of [[64, 64], [40, 200], [1, 20, 20]]) {
      const draws = [11, 12, 13, 14, 15, 16].map((s) => gaussianAlpha(shape, s));
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1));
      // Mean of 6 independent draws vs the reference: within 3 standard errors of their difference.
      const ref = randomAlpha(shape, fit);
      expect(Math.abs(ref.alpha - mean)).toBeLessThan(3 * Math.sqrt((sd * sd) / 6 + ref.se * ref.se));
    }
  });

  it('has a standard error ≤ 0.02 on 20×128 and agrees with an independent 1000-draw mean', () => {
    const ref = randomAlpha([20, 128], fit);
    expect(ref.se).toBeLessThanOrEqual(REFERENCE_TARGET_SE);
    expect(ref.draws).toBeGreaterThan(8);
    const draws = Array.from({ length: 1000 }, (_, k) => gaussianAlpha([20, 128], 50_000 + k));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1));
    // The sample sd also checks the reference's own SE: se ≈ sd / √draws.
    expect(ref.se).toBeGreaterThan(0.7 * (sd / Math.sqrt(ref.draws)));
    expect(ref.se).toBeLessThan(1.3 * (sd / Math.sqrt(ref.draws)));
    expect(Math.abs(ref.alpha - mean)).toBeLessThan(4 * Math.sqrt(ref.se ** 2 + (sd * sd) / 1000));
  });

  it('is cached per estimator: FARMS gives the shape-free value, Hill the shape-biased one', () => {
    const hill = randomAlpha([20, 128], fit);
    const farms = randomAlpha([20, 128], { ...fit, estimator: 'farms' });
    expect(hill.alpha - farms.alpha).toBeGreaterThan(1.5);
    expect(farms.se).toBeLessThanOrEqual(REFERENCE_TARGET_SE);
    expect(randomAlpha([20, 128], { ...fit, estimator: 'farms' })).toBe(farms);
  });

  it('is invariant to the scale of the weights and deterministic', () => {
    expect(gaussianAlpha([30, 90], 5, 1e-3)).toBeCloseTo(gaussianAlpha([30, 90], 5, 1), 6);
    expect(randomReferenceAlpha([30, 90], fit)).toBe(randomReferenceAlpha([30, 90], fit));
  });

  it('follows the fit options and gives NaN where no fit exists', () => {
    const median = randomReferenceAlpha([50, 50], fit);
    const gof = randomReferenceAlpha([50, 50], { ...fit, fit: 'goodness-of-fit' });
    expect(median).not.toBe(gof);
    expect(randomReferenceAlpha([2, 5], fit)).toBeNaN();
  });
});

describe('shapeCorrectedAlphas', () => {
  it('brings random layers of different shapes to nearly the same α', () => {
    const shapes = [[64, 64], [64, 256], [256, 64], [1, 64, 64]];
    const layers = shapes.map((shape, i) => ({ name: `l${i}`, shape, alpha: gaussianAlpha(shape, 100 + i) }));
    const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    const raw = spread(layers.map((l) => l.alpha));
    const corrected = spread(shapeCorrectedAlphas(layers, fit).map((l) => l.alpha));
    expect(raw).toBeGreaterThan(1);
    expect(corrected).toBeLessThan(raw / 3);
  });

  it('keeps differences between layers of one shape, and leaves non-finite α alone', () => {
    const layers = [
      { name: 'a', shape: [32, 32], alpha: 2.5 },
      { name: 'b', shape: [32, 32], alpha: 4 },
      { name: 'c', shape: [32, 32], alpha: NaN },
    ];
    const out = shapeCorrectedAlphas(layers, fit);
    expect(out[1].alpha - out[0].alpha).toBeCloseTo(1.5, 12);
    expect(out[2].alpha).toBeNaN();
    expect(out[0].name).toBe('a');
    expect(layers[0].alpha).toBe(2.5); // inputs untouched
  });
});
