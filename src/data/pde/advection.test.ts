import { describe, expect, it } from 'vitest';
import { advectionExact, solveAdvection } from './advection';
import { cellCentres } from './initial';

const smooth = (x: number): number => Math.sin(2 * Math.PI * x) + 0.5 * Math.cos(4 * Math.PI * x);
const box = (x: number): number => (x >= 0.25 && x < 0.5 ? 1 : 0);

function sample(f: (x: number) => number, x: Float64Array): Float64Array {
  return Float64Array.from(x, f);
}

function meanAbsDiff(a: Float64Array, b: Float64Array, offset = 0): number {
  let s = 0;
  for (let i = 0; i < b.length; i++) s += Math.abs(a[offset + i] - b[i]);
  return s / b.length;
}

function totalVariation(u: Float64Array, offset: number, n: number): number {
  let tv = 0;
  for (let i = 0; i < n; i++) tv += Math.abs(u[offset + ((i + 1) % n)] - u[offset + i]);
  return tv;
}

describe('advectionExact', () => {
  it('shifts and wraps periodically, in both directions', () => {
    const x = Float64Array.of(0.05, 0.5, 0.95);
    // β t = 0.3: u(0.05) = u₀(−0.25) = u₀(0.75).
    const u = advectionExact((y) => y, 1.5, 0.2, x);
    expect(Array.from(u)).toEqual([0.75, 0.2, 0.65].map((v) => expect.closeTo(v, 12)));
    const v = advectionExact((y) => y, -1, 0.3, x);
    expect(Array.from(v)).toEqual([0.35, 0.8, 0.25].map((w) => expect.closeTo(w, 12)));
  });
});

describe('solveAdvection', () => {
  it('converges to the exact solution at second order on a smooth field (L1, nx 64→512)', () => {
    const errors: number[] = [];
    for (const n of [64, 128, 256, 512]) {
      const x = cellCentres(n);
      // 0.37 is not a multiple of Δt: the last step must be shortened to land on it.
      const frames = solveAdvection(sample(smooth, x), 1, [0, 0.37]);
      errors.push(meanAbsDiff(frames, advectionExact(smooth, 1, 0.37, x), n));
    }
    const orders = errors.slice(1).map((e, k) => Math.log2(errors[k] / e));
    for (const p of orders) expect(p).toBeGreaterThan(1.7);
    expect(errors[3]).toBeLessThan(3e-4);
  });

  it('treats negative β as the mirror image of positive β (exact symmetry of the scheme)', () => {
    const n = 256;
    const x = cellCentres(n);
    const u0 = sample(smooth, x);
    const mirrored = Float64Array.from(u0, (_, i) => u0[n - 1 - i]);
    const forward = solveAdvection(u0, 2, [0.5]);
    const backward = solveAdvection(mirrored, -2, [0.5]);
    for (let i = 0; i < n; i++) expect(Math.abs(backward[i] - forward[n - 1 - i])).toBeLessThan(1e-12);
    expect(meanAbsDiff(backward, advectionExact((y) => smooth(1 - y), -2, 0.5, x))).toBeLessThan(3e-3);
  });

  it('creates no new extrema and no total variation on a discontinuous field', () => {
    const n = 128;
    const x = cellCentres(n);
    const u0 = sample(box, x);
    const times = [0, 0.1, 0.25, 0.6, 1.3];
    for (const beta of [1, -0.7]) {
      const frames = solveAdvection(u0, beta, times);
      const tv0 = totalVariation(u0, 0, n);
      for (let f = 0; f < times.length; f++) {
        for (let i = 0; i < n; i++) {
          expect(frames[f * n + i]).toBeGreaterThanOrEqual(-1e-14);
          expect(frames[f * n + i]).toBeLessThanOrEqual(1 + 1e-14);
        }
        expect(totalVariation(frames, f * n, n)).toBeLessThanOrEqual(tv0 + 1e-12);
      }
      // The box is still recognisably there (the limiter is not just first-order smearing).
      const last = frames.subarray((times.length - 1) * n);
      expect(meanAbsDiff(last, advectionExact(box, beta, 1.3, x))).toBeLessThan(0.05);
    }
  });

  it('conserves the mean exactly (to round-off)', () => {
    const n = 128;
    const x = cellCentres(n);
    const u0 = sample((y) => box(y) + 0.3 * smooth(y), x);
    const frames = solveAdvection(u0, 0.4, [0, 2]);
    const mean = (off: number): number => frames.subarray(off, off + n).reduce((s, v) => s + v, 0) / n;
    expect(Math.abs(mean(n) - mean(0))).toBeLessThan(1e-13);
  });

  it('returns the initial field for β = 0 and at t = 0, and rejects unordered times', () => {
    const x = cellCentres(16);
    const u0 = sample(smooth, x);
    const frames = solveAdvection(u0, 0, [0, 1]);
    expect(Array.from(frames.subarray(16))).toEqual(Array.from(u0));
    expect(Array.from(solveAdvection(u0, 1, [0]))).toEqual(Array.from(u0));
    expect(() => solveAdvection(u0, 1, [0.5, 0.2])).toThrow(/ascending/);
  });
});
