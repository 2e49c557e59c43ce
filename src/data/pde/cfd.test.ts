import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/random';
import { GAMMA, solveCfd } from './cfd';
import { cellCentres, randomCfdInitialState } from './initial';

const channel = (frames: Float64Array, n: number, frame: number, c: number): Float64Array =>
  frames.subarray((frame * 3 + c) * n, (frame * 3 + c + 1) * n);

describe('solveCfd', () => {
  it('moves a density wave at constant v, p exactly (a contact): v, p untouched, ρ at second order', () => {
    const errors: number[] = [];
    for (const n of [64, 128, 256, 512]) {
      const x = cellCentres(n, -1, 2);
      const rho = Float64Array.from(x, (y) => 1 + 0.2 * Math.sin(Math.PI * y));
      const frames = solveCfd({ rho, v: new Float64Array(n).fill(0.5), p: new Float64Array(n).fill(1) }, 0, 0, [0.6]);
      let e = 0;
      for (let i = 0; i < n; i++) e += Math.abs(frames[i] - (1 + 0.2 * Math.sin(Math.PI * (x[i] - 0.3))));
      errors.push(e / n);
      for (const v of channel(frames, n, 0, 1)) expect(v).toBeCloseTo(0.5, 13);
      for (const p of channel(frames, n, 0, 2)) expect(p).toBeCloseTo(1, 13);
    }
    for (let k = 1; k < 4; k++) expect(Math.log2(errors[k - 1] / errors[k])).toBeGreaterThan(1.8);
  });

  it('damps a small sound wave at the viscous rate (4η/3 + ζ)k²/2 of linear acoustics', () => {
    // Linearised about ρ = p = 1: v̂'' + μk² v̂' + c²k² v̂ = 0, v̂(0) = ε, v̂'(0) = −μk²ε, c² = Γ.
    const n = 128;
    const x = cellCentres(n, -1, 2);
    const eps = 1e-4;
    const k = Math.PI;
    const t = 0.5;
    const project = (eta: number, zeta: number): number => {
      const s0 = { rho: new Float64Array(n).fill(1), p: new Float64Array(n).fill(1), v: Float64Array.from(x, (y) => eps * Math.sin(k * y)) };
      const v = channel(solveCfd(s0, eta, zeta, [t]), n, 0, 1);
      return (2 / n) * v.reduce((s, vi, i) => s + vi * Math.sin(k * x[i]), 0);
    };
    const theory = (mu: number): number => {
      const g = (mu * k * k) / 2;
      const w = Math.sqrt(GAMMA * k * k - g * g);
      return eps * Math.exp(-g * t) * (Math.cos(w * t) - (g / w) * Math.sin(w * t));
    };
    const viscous = project(0.06, 0.02);
    expect(Math.abs(viscous - theory((4 * 0.06) / 3 + 0.02))).toBeLessThan(2e-3 * eps);
    // The coefficient matters: η + ζ instead of 4η/3 + ζ would be off by far more than the tolerance.
    expect(Math.abs(theory(0.06 + 0.02) - theory((4 * 0.06) / 3 + 0.02))).toBeGreaterThan(5e-3 * eps);
    expect(Math.abs(project(0, 0) - theory(0))).toBeLessThan(2e-3 * eps);
  });

  it('conserves mass, momentum and energy to round-off on random Mach-1 data, viscous or not', () => {
    const n = 128;
    const x = cellCentres(n, -1, 2);
    for (const eta of [1e-8, 0.1]) {
      const s0 = randomCfdInitialState(createRng(2).fork(`eta-${eta}`), x, 1);
      const frames = solveCfd(s0, eta, eta, [0, 0.5]);
      const totals = (f: number): number[] => {
        const [r, v, p] = [0, 1, 2].map((c) => channel(frames, n, f, c));
        let m = 0;
        let mv = 0;
        let e = 0;
        for (let i = 0; i < n; i++) {
          m += r[i];
          mv += r[i] * v[i];
          e += p[i] / (GAMMA - 1) + 0.5 * r[i] * v[i] * v[i];
        }
        return [m, mv, e];
      };
      const [a, b] = [totals(0), totals(1)];
      for (let q = 0; q < 3; q++) expect(Math.abs(b[q] - a[q]) / n).toBeLessThan(1e-12);
      for (const p of channel(frames, n, 1, 2)) expect(p).toBeGreaterThan(0);
    }
  });

  it('keeps a uniform state uniform and rejects negative viscosity', () => {
    const n = 16;
    const s0 = { rho: new Float64Array(n).fill(1.3), v: new Float64Array(n).fill(-0.4), p: new Float64Array(n).fill(0.8) };
    const frames = solveCfd(s0, 0.1, 0.1, [0.3]);
    for (let i = 0; i < n; i++) {
      expect(frames[i]).toBeCloseTo(1.3, 13);
      expect(frames[n + i]).toBeCloseTo(-0.4, 13);
      expect(frames[2 * n + i]).toBeCloseTo(0.8, 13);
    }
    expect(() => solveCfd(s0, -1, 0, [1])).toThrow(/viscosities/);
  });
});
