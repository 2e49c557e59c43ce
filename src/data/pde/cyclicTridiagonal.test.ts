import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/random';
import { solveCyclicTridiagonal } from './cyclicTridiagonal';

/** (A x)_i = a_i x_{i−1} + b_i x_i + c_i x_{i+1}, indices mod n: the matrix the solver claims to invert. */
function applyCyclic(a: Float64Array, b: Float64Array, c: Float64Array, x: Float64Array): Float64Array {
  const n = x.length;
  return Float64Array.from(x, (_, i) => a[i] * x[(i + n - 1) % n] + b[i] * x[i] + c[i] * x[(i + 1) % n]);
}

describe('solveCyclicTridiagonal', () => {
  it('solves random diagonally dominant periodic systems (residual A x − d ≈ 0)', () => {
    const rng = createRng(8);
    for (const n of [3, 4, 7, 64, 257]) {
      const a = Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
      const c = Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
      const b = Float64Array.from({ length: n }, (_, i) => Math.abs(a[i]) + Math.abs(c[i]) + rng.uniform(0.1, 2));
      const d = Float64Array.from({ length: n }, () => rng.normal());
      const x = new Float64Array(n);
      solveCyclicTridiagonal(a, b, c, d, x);
      const r = applyCyclic(a, b, c, x);
      for (let i = 0; i < n; i++) expect(Math.abs(r[i] - d[i])).toBeLessThan(1e-12);
    }
  });

  it('inverts the Crank–Nicolson diffusion matrix on a Fourier mode exactly (its eigenvector)', () => {
    // (1 + r)x_i − (r/2)(x_{i−1} + x_{i+1}) on cos(2πki/n) has eigenvalue 1 + r(1 − cos(2πk/n)).
    const n = 32;
    const r = 3.7;
    const k = 5;
    const mode = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * k * i) / n));
    const x = new Float64Array(n);
    const off = new Float64Array(n).fill(-r / 2);
    solveCyclicTridiagonal(off, new Float64Array(n).fill(1 + r), off, mode, x);
    const lambda = 1 + r * (1 - Math.cos((2 * Math.PI * k) / n));
    for (let i = 0; i < n; i++) expect(x[i]).toBeCloseTo(mode[i] / lambda, 13);
    expect(() => solveCyclicTridiagonal(off.subarray(0, 2), off.subarray(0, 2), off.subarray(0, 2), x.subarray(0, 2), x.subarray(0, 2))).toThrow();
  });
});
