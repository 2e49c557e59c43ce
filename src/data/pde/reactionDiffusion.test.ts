import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/random';
import { cellCentres, randomInitialCondition, scaleToUnitInterval } from './initial';
import { logisticStep, solveReactionDiffusion } from './reactionDiffusion';

/** Exact logistic solution u(t) = u₀e^{ρt} / (1 − u₀ + u₀e^{ρt}). */
function logisticExact(u0: number, rho: number, t: number): number {
  const e = Math.exp(rho * t);
  return (u0 * e) / (1 - u0 + u0 * e);
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('logisticStep', () => {
  it('keeps 0 and 1 fixed exactly and clamps values outside [0, 1] instead of blowing up', () => {
    const u = Float64Array.of(0, 1, -1e-3, 1 + 1e-3, -5, 0.25);
    logisticStep(u, 10, 1);
    expect(Array.from(u.subarray(0, 5))).toEqual([0, 1, 0, 1, 0]);
    expect(u[5]).toBeCloseTo(logisticExact(0.25, 10, 1), 14);
    const w = Float64Array.of(0.3);
    logisticStep(w, 0, 1);
    expect(w[0]).toBe(0.3);
  });
});

describe('solveReactionDiffusion', () => {
  it('is the exact pointwise logistic solution when ν = 0', () => {
    const n = 64;
    const rng = createRng(11);
    const u0 = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 0 : i === 1 ? 1 : rng.next()));
    const times = [0, 0.13, 0.5, 1];
    const frames = solveReactionDiffusion(u0, 0, 5, times);
    times.forEach((t, f) => {
      const exact = Float64Array.from(u0, (v) => logisticExact(v, 5, t));
      expect(maxDiff(frames.subarray(f * n, (f + 1) * n), exact)).toBeLessThan(1e-13);
    });
  });

  it('is the heat equation, exact for Fourier modes, when ρ = 0', () => {
    const n = 128;
    const x = cellCentres(n);
    const nu = 0.7;
    const t = 0.04;
    const u0 = Float64Array.from(x, (y) => 0.5 + 0.3 * Math.sin(2 * Math.PI * y + 0.2) + 0.1 * Math.cos(6 * Math.PI * y));
    const frames = solveReactionDiffusion(u0, nu, 0, [t]);
    const d1 = Math.exp(-nu * 4 * Math.PI ** 2 * t);
    const d3 = Math.exp(-nu * 36 * Math.PI ** 2 * t);
    const exact = Float64Array.from(x, (y) => 0.5 + 0.3 * d1 * Math.sin(2 * Math.PI * y + 0.2) + 0.1 * d3 * Math.cos(6 * Math.PI * y));
    expect(maxDiff(frames, exact)).toBeLessThan(1e-13);
  });

  it('stays in [0, 1] (and finite) on sharp windowed random data at the largest PDEBench ν and ρ', () => {
    const n = 256;
    const x = cellCentres(n);
    const rng = createRng(5);
    for (const [nu, rho] of [[0.5, 10], [5, 10], [5, 1]]) {
      const u0 = randomInitialCondition(rng.fork(`${nu}-${rho}`), x, { pWindow: 1 }).u;
      scaleToUnitInterval(u0);
      const frames = solveReactionDiffusion(u0, nu, rho, [0, 0.01, 0.1, 1]);
      for (const v of frames) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      // Diffusion keeps the mean and the logistic step raises every value, so the mean grows.
      const mean = (f: number): number => frames.subarray(f * n, (f + 1) * n).reduce((a, v) => a + v, 0) / n;
      for (let f = 1; f < 4; f++) expect(mean(f)).toBeGreaterThan(mean(f - 1));
    }
  });

  it('converges at second order in Δt (Strang splitting), by self-refinement', () => {
    const n = 64;
    const x = cellCentres(n);
    const u0 = Float64Array.from(x, (y) => 0.5 + 0.3 * Math.sin(2 * Math.PI * y) + 0.15 * Math.cos(6 * Math.PI * y));
    const runs = [0.05, 0.025, 0.0125, 0.00625].map((dt) => solveReactionDiffusion(u0, 0.02, 5, [0.5], { maxDt: dt }));
    const diffs = [0, 1, 2].map((k) => maxDiff(runs[k], runs[k + 1]));
    for (const k of [0, 1]) expect(Math.log2(diffs[k] / diffs[k + 1])).toBeGreaterThan(1.8);
    expect(diffs[0]).toBeGreaterThan(1e-6); // the splitting error is really there to be measured
  });
});
