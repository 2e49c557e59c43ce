/**
 * Solver for periodic (cyclic) tridiagonal systems, the matrices of implicit 1D diffusion on a
 * periodic grid (the Crank–Nicolson viscous step of cfd.ts):
 *
 *   a_i x_{i−1} + b_i x_i + c_i x_{i+1} = d_i,  indices mod n  (so a_0 and c_{n−1} are the corners).
 *
 * Method: Sherman–Morrison on top of the Thomas algorithm. Write A = T + u vᵀ with T tridiagonal
 * (corners removed, b_0 and b_{n−1} adjusted), u = (γ, 0, …, 0, c_{n−1}), v = (1, 0, …, 0, a_0/γ),
 * γ = −b_0; then x = y − z (v·y)/(1 + v·z) with T y = d, T z = u. Two Thomas sweeps, O(n).
 * Thomas without pivoting is stable for diagonally dominant rows, which diffusion matrices
 * (1 + r on the diagonal, −r/2 off it) are.
 */

/** Reusable work arrays for systems of size n. */
export interface CyclicTridiagonalWork {
  bb: Float64Array;
  cp: Float64Array;
  y: Float64Array;
  z: Float64Array;
}

/** Work arrays for size n. */
export function createCyclicWork(n: number): CyclicTridiagonalWork {
  return { bb: new Float64Array(n), cp: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n) };
}

/** Thomas forward/back substitution of T x = d with sub-diagonal a, diagonal b, super-diagonal c. */
function thomas(a: Float64Array, b: Float64Array, c: Float64Array, d: Float64Array, x: Float64Array, cp: Float64Array): void {
  const n = d.length;
  let denom = b[0];
  cp[0] = c[0] / denom;
  x[0] = d[0] / denom;
  for (let i = 1; i < n; i++) {
    denom = b[i] - a[i] * cp[i - 1];
    cp[i] = c[i] / denom;
    x[i] = (d[i] - a[i] * x[i - 1]) / denom;
  }
  for (let i = n - 2; i >= 0; i--) x[i] -= cp[i] * x[i + 1];
}

/**
 * Solves the cyclic tridiagonal system into x (x may alias d). n ≥ 3.
 * @throws if n < 3 (the corners would coincide with the band).
 */
export function solveCyclicTridiagonal(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  d: Float64Array,
  x: Float64Array,
  work: CyclicTridiagonalWork = createCyclicWork(d.length),
): void {
  const n = d.length;
  if (n < 3) throw new Error(`cyclic tridiagonal systems need n ≥ 3, got ${n}`);
  const { bb, cp, y, z } = work;
  const gamma = -b[0];
  const alpha = c[n - 1]; // bottom-left corner A[n−1][0]
  const beta = a[0]; // top-right corner A[0][n−1]
  bb.set(b);
  bb[0] = b[0] - gamma;
  bb[n - 1] = b[n - 1] - (alpha * beta) / gamma;
  thomas(a, bb, c, d, y, cp);
  z.fill(0);
  z[0] = gamma;
  z[n - 1] = alpha;
  thomas(a, bb, c, z, z, cp);
  const factor = (y[0] + (beta * y[n - 1]) / gamma) / (1 + z[0] + (beta * z[n - 1]) / gamma);
  for (let i = 0; i < n; i++) x[i] = y[i] - factor * z[i];
}
