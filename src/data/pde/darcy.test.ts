/**
 * Darcy finite-volume solver: second-order convergence on a manufactured solution, a symmetric
 * positive definite operator, agreement with scipy's direct solve of the same system
 * (scripts/ref/make_darcy_fixtures.py → test/fixtures/pde/darcy_scipy_n32.json), the random
 * coefficient recipe, and bad input.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/random';
import { applyDarcy, darcyOperator, solveDarcy } from './darcy';
import { gaussianRandomField, thresholdField } from './grf';

/** u = sin πx sin πy, a = 1 + ½ sin πx cos 2πy; f = −∇·(a∇u) = 2π²a u − a_x u_x − a_y u_y. */
function manufactured(n: number): { a: Float64Array; f: Float64Array; exact: Float64Array } {
  const a = new Float64Array(n * n);
  const f = new Float64Array(n * n);
  const exact = new Float64Array(n * n);
  const pi = Math.PI;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const x = (i + 0.5) / n;
      const y = (j + 0.5) / n;
      const k = j * n + i;
      const u = Math.sin(pi * x) * Math.sin(pi * y);
      const ak = 1 + 0.5 * Math.sin(pi * x) * Math.cos(2 * pi * y);
      const ax = 0.5 * pi * Math.cos(pi * x) * Math.cos(2 * pi * y);
      const ay = -pi * Math.sin(pi * x) * Math.sin(2 * pi * y);
      const ux = pi * Math.cos(pi * x) * Math.sin(pi * y);
      const uy = pi * Math.sin(pi * x) * Math.cos(pi * y);
      a[k] = ak;
      exact[k] = u;
      f[k] = 2 * pi * pi * ak * u - ax * ux - ay * uy;
    }
  }
  return { a, f, exact };
}

function maxError(u: Float64Array, exact: Float64Array): number {
  let m = 0;
  for (let k = 0; k < u.length; k++) m = Math.max(m, Math.abs(u[k] - exact[k]));
  return m;
}

/** Dense matrix of the operator, column by column (small n only). */
function denseMatrix(a: Float64Array): Float64Array[] {
  const op = darcyOperator(a);
  const N = op.n * op.n;
  const cols: Float64Array[] = [];
  const e = new Float64Array(N);
  for (let c = 0; c < N; c++) {
    e.fill(0);
    e[c] = 1;
    const col = new Float64Array(N);
    applyDarcy(op, e, col);
    cols.push(col);
  }
  return cols;
}

describe('solveDarcy', () => {
  it('converges at second order on a manufactured solution (max error, n = 16 … 128)', () => {
    const errors = [16, 32, 64, 128].map((n) => {
      const m = manufactured(n);
      return maxError(solveDarcy(m.a, m.f, { tol: 1e-12 }).u, m.exact);
    });
    for (let r = 1; r < errors.length; r++) {
      const order = Math.log2(errors[r - 1] / errors[r]);
      expect(order).toBeGreaterThan(1.85);
      expect(order).toBeLessThan(2.3);
    }
    expect(errors[3]).toBeLessThan(2e-4); // measured 1.04e-4 at n = 128
  });

  it('has a symmetric positive definite operator (dense check with Cholesky, two-valued coefficient)', () => {
    const n = 10;
    const a = thresholdField(gaussianRandomField(createRng(5), n));
    const A = denseMatrix(a);
    const N = n * n;
    let asym = 0;
    for (let r = 0; r < N; r++) for (let c = 0; c < N; c++) asym = Math.max(asym, Math.abs(A[c][r] - A[r][c]));
    expect(asym).toBe(0);
    // Cholesky succeeds (all pivots > 0) iff the symmetric matrix is positive definite.
    const L = A.map((col) => Float64Array.from(col));
    let minPivot = Infinity;
    for (let k = 0; k < N; k++) {
      let d = L[k][k];
      for (let s = 0; s < k; s++) d -= L[s][k] * L[s][k];
      minPivot = Math.min(minPivot, d);
      const root = Math.sqrt(d);
      L[k][k] = root;
      for (let r = k + 1; r < N; r++) {
        let v = L[k][r];
        for (let s = 0; s < k; s++) v -= L[s][r] * L[s][k];
        L[k][r] = v / root;
      }
    }
    expect(minPivot).toBeGreaterThan(0);
  });

  it('agrees with scipy.sparse.linalg.spsolve on the same 32×32 system', () => {
    const path = fileURLToPath(new URL('../../../test/fixtures/pde/darcy_scipy_n32.json', import.meta.url));
    const ref = JSON.parse(readFileSync(path, 'utf8')) as { n: number; beta: number; a: number[]; u: number[] };
    const sol = solveDarcy(ref.a, ref.beta, { tol: 1e-12 });
    let err = 0;
    let scale = 0;
    for (let k = 0; k < ref.u.length; k++) {
      err = Math.max(err, Math.abs(sol.u[k] - ref.u[k]));
      scale = Math.max(scale, Math.abs(ref.u[k]));
    }
    expect(err / scale).toBeLessThan(1e-9);
    expect(sol.iterations).toBeLessThan(80);
  });

  it('is linear in the source β and gives u > 0 inside for β > 0 (maximum principle)', () => {
    const a = thresholdField(gaussianRandomField(createRng(9), 24));
    const u1 = solveDarcy(a, 1, { tol: 1e-12 }).u;
    const u7 = solveDarcy(a, 7, { tol: 1e-12 }).u;
    expect(maxError(u7, u1.map((v) => 7 * v))).toBeLessThan(1e-9 * 7 * Math.max(...u1));
    expect(Math.min(...u1)).toBeGreaterThan(0);
  });

  it('rejects a non-positive or non-square coefficient and a source of the wrong size', () => {
    expect(() => solveDarcy([1, 2, 3], 1)).toThrow(/n×n/);
    expect(() => solveDarcy([1, 0, 1, 1], 1)).toThrow(/positive/);
    expect(() => solveDarcy([1, 1, 1, 1], [1, 2])).toThrow(/4 values/);
    expect(solveDarcy([1, 1, 1, 1], 0).u.every((v) => v === 0)).toBe(true);
  });
});

describe('gaussianRandomField', () => {
  it('is the same continuous field at every resolution (coarse cell centres are fine-grid averages of a smooth field)', () => {
    const coarse = gaussianRandomField(createRng(3), 16);
    const fine = gaussianRandomField(createRng(3), 32);
    // Average of the 2×2 fine cells around a coarse centre approximates it to O(h²).
    let err = 0;
    let scale = 0;
    for (let j = 0; j < 16; j++) {
      for (let i = 0; i < 16; i++) {
        const avg = (fine[2 * j * 32 + 2 * i] + fine[2 * j * 32 + 2 * i + 1] + fine[(2 * j + 1) * 32 + 2 * i] + fine[(2 * j + 1) * 32 + 2 * i + 1]) / 4;
        err = Math.max(err, Math.abs(avg - coarse[j * 16 + i]));
        scale = Math.max(scale, Math.abs(coarse[j * 16 + i]));
      }
    }
    expect(err / scale).toBeLessThan(0.05);
  });

  it('thresholds to two values with both present, zero-mean field', () => {
    const psi = gaussianRandomField(createRng(4), 64);
    const mean = psi.reduce((s, v) => s + v, 0) / psi.length;
    const a = thresholdField(psi);
    const high = a.filter((v) => v === 12).length;
    expect(high + a.filter((v) => v === 3).length).toBe(a.length);
    expect(high).toBeGreaterThan(0.1 * a.length);
    expect(high).toBeLessThan(0.9 * a.length);
    expect(Math.abs(mean)).toBeLessThan(Math.max(...psi.map(Math.abs)));
  });
});
