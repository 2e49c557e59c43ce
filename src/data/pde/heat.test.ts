import { describe, expect, it } from 'vitest';
import { createHeatStep } from './heat';
import { cellCentres } from './initial';

describe('createHeatStep', () => {
  it('matches the exact heat-equation decay e^{−D κ² t} of Fourier modes (incl. Nyquist)', () => {
    const n = 64;
    const length = 2;
    const x = cellCentres(n, -1, length);
    const heat = createHeatStep(n, length);
    const tau = 0.013; // diffusivity × time
    for (const k of [1, 3, 17, n / 2]) {
      const kappa = (2 * Math.PI * k) / length;
      // cos at the Nyquist mode k = n/2 is the only mode representable there (sin vanishes on the grid).
      const f = (y: number): number => 0.7 + Math.cos(kappa * y + (k === n / 2 ? 0 : 0.4));
      const u = Float64Array.from(x, f);
      heat.apply(u, tau);
      const decay = Math.exp(-kappa * kappa * tau);
      for (let i = 0; i < n; i++) {
        expect(u[i]).toBeCloseTo(0.7 + decay * (f(x[i]) - 0.7), 13);
      }
    }
  });

  it('composes: two steps of τ/2 equal one of τ, and τ = 0 is the identity', () => {
    const n = 32;
    const x = cellCentres(n);
    const u0 = Float64Array.from(x, (y) => (y > 0.3 && y < 0.6 ? 1 : -0.2) + Math.sin(6 * y));
    const a = Float64Array.from(u0);
    const b = Float64Array.from(u0);
    const heat = createHeatStep(n, 1);
    heat.apply(a, 1e-3);
    heat.apply(b, 5e-4);
    heat.apply(b, 5e-4);
    for (let i = 0; i < n; i++) expect(a[i]).toBeCloseTo(b[i], 13);
    const c = Float64Array.from(u0);
    heat.apply(c, 0);
    expect(Array.from(c)).toEqual(Array.from(u0));
    expect(() => heat.apply(c, -1)).toThrow();
    expect(() => createHeatStep(48, 1)).toThrow(/power-of-two/);
  });
});
