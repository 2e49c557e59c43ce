/**
 * FARMS window rule and its purpose. The numbers against numpy are in test/farms-reference.test.ts;
 * here: window placement by hand, invariances, bad options, and the shape-bias sanity check.
 */
import { describe, expect, it } from 'vitest';
import { analyzeTensor } from './analyze';
import { denseEsd } from './esd';
import { DEFAULT_FARMS, farmsDenseEsd, farmsEsdOfTensor, windowShape, windowStarts } from './farms';
import { createRng } from './random';

function gaussian(rows: number, cols: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(rows * cols);
  for (let k = 0; k < out.length; k++) out[k] = rng.normal();
  return out;
}

function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}

describe('windowStarts', () => {
  it('spreads k windows evenly with the step floored, ends clamped', () => {
    // 128 − 20 = 108, step ⌊108/8⌋ = 13, count min(9, ⌊108/13⌋ + 1 = 9).
    expect(windowStarts(128, 20, 9)).toEqual([0, 13, 26, 39, 52, 65, 78, 91, 104]);
    // span 3 < k − 1: step 1, four windows.
    expect(windowStarts(23, 20, 9)).toEqual([0, 1, 2, 3]);
    expect(windowStarts(20, 20, 9)).toEqual([0]);
    expect(windowStarts(50, 10, 1)).toEqual([0]);
  });
  it('refuses a window longer than the dimension', () => {
    expect(() => windowStarts(10, 11, 3)).toThrow(RangeError);
  });
});

describe('farmsDenseEsd', () => {
  it('square windows of the shorter side (capped at maxSide), pooled and ascending', () => {
    expect(windowShape(20, 128, DEFAULT_FARMS)).toEqual({ h: 20, w: 20 });
    expect(windowShape(300, 500, DEFAULT_FARMS)).toEqual({ h: 100, w: 100 });
    expect(windowShape(90, 60, { ...DEFAULT_FARMS, q: 2 })).toEqual({ h: 30, w: 60 });
    const w = gaussian(20, 128, 3);
    const pooled = farmsDenseEsd(w, 20, 128);
    expect(pooled.length).toBe(9 * 20);
    for (let k = 1; k < pooled.length; k++) expect(pooled[k]).toBeGreaterThanOrEqual(pooled[k - 1]);
    // The first window is columns 0…19: its eigenvalues are all in the pool.
    const first = new Float64Array(400);
    for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) first[i * 20 + j] = w[i * 128 + j];
    for (const v of denseEsd(first, 20, 20)) expect(pooled.some((p) => Math.abs(p - v) <= 1e-12 * v)).toBe(true);
  });
  it('a matrix that is one window gives its own ESD', () => {
    const w = gaussian(30, 30, 4);
    expect(farmsDenseEsd(w, 30, 30)).toEqual(denseEsd(w, 30, 30));
  });
  it('with q = 1, transposing the matrix leaves the pooled ESD unchanged', () => {
    const w = gaussian(24, 70, 5);
    const a = farmsDenseEsd(w, 24, 70);
    const b = farmsDenseEsd(transpose(w, 24, 70), 70, 24);
    expect(b.length).toBe(a.length);
    a.forEach((v, k) => expect(Math.abs(b[k] - v)).toBeLessThanOrEqual(1e-12 * a[a.length - 1]));
  });
  it('bad options and lengths are one-line RangeErrors', () => {
    const w = gaussian(4, 4, 1);
    expect(() => farmsDenseEsd(w, 4, 4, { ...DEFAULT_FARMS, maxSide: 0 })).toThrow(/FARMS: need integer maxSide/);
    expect(() => farmsDenseEsd(w, 4, 4, { ...DEFAULT_FARMS, q: -1 })).toThrow(RangeError);
    expect(() => farmsDenseEsd(w, 4, 5)).toThrow(/data length 16 is not 4×5/);
    expect(() => farmsEsdOfTensor({ name: 'b', shape: [16], data: w })).toThrow(/need 2-D, 3-D or 4-D/);
  });
});

describe('FARMS removes the aspect-ratio bias of Hill α on random matrices', () => {
  // Measured with 10 seeded Gaussian draws per shape (median fit, xmin_pos 2):
  //   Hill α  : 20×20 2.28, 20×128 4.33, 64×256 3.60  (range 2.05)
  //   FARMS α : 20×20 2.28, 20×128 2.13, 64×256 2.11  (range 0.17)
  it('the spread of mean α across 20×20, 20×128, 64×256 shrinks from > 1 to < 0.25', () => {
    const shapes: [number, number][] = [[20, 20], [20, 128], [64, 256]];
    const means = { hill: [] as number[], farms: [] as number[] };
    shapes.forEach(([r, c], s) => {
      const sums = { hill: 0, farms: 0 };
      for (let d = 0; d < 10; d++) {
        const t = { name: 'g', shape: [r, c], data: gaussian(r, c, 1000 * s + d) };
        for (const e of ['hill', 'farms'] as const) sums[e] += analyzeTensor(t, { estimator: e }).metrics.alpha;
      }
      means.hill.push(sums.hill / 10);
      means.farms.push(sums.farms / 10);
    });
    const range = (a: number[]) => Math.max(...a) - Math.min(...a);
    expect(range(means.hill)).toBeGreaterThan(1);
    expect(range(means.farms)).toBeLessThan(0.25);
    expect(range(means.farms)).toBeLessThan(range(means.hill) / 5);
  });
});
