/**
 * Random matrices with a prescribed singular spectrum, for synthetic weight files
 * (scripts/make-sample.ts) and tests: W = U diag(σ) Vᵀ with U, V having orthonormal columns drawn
 * from the Haar measure — the Q factor of a Gaussian matrix, with column signs fixed so R has a
 * positive diagonal (Mezzadri, "How to generate random matrices from the classical compact
 * groups", Notices AMS 2007). The ESD of W is then exactly σ², which is how we plant a power law.
 */
import type { Rng } from '../../src/math/random';

/**
 * Householder QR of a (rows × cols, rows ≥ cols, row-major): returns the thin Q (rows × cols,
 * orthonormal columns) and the diagonal of R. Golub & Van Loan, Matrix Computations, Alg. 5.2.1.
 */
export function householderQr(a: Float64Array, rows: number, cols: number): { q: Float64Array; rDiag: Float64Array } {
  if (rows < cols || a.length !== rows * cols) throw new RangeError(`householderQr: need rows ≥ cols, got ${rows}×${cols}`);
  const r = Float64Array.from(a);
  const vs: Float64Array[] = []; // reflector k acts on rows k..rows-1, stored with v[0] at row k
  const rDiag = new Float64Array(cols);
  for (let k = 0; k < cols; k++) {
    const v = new Float64Array(rows - k);
    let norm2 = 0;
    for (let i = k; i < rows; i++) {
      v[i - k] = r[i * cols + k];
      norm2 += v[i - k] * v[i - k];
    }
    const norm = Math.sqrt(norm2);
    // Choose the sign that avoids cancellation: v = x + sign(x0)·‖x‖·e0.
    const alpha = v[0] >= 0 ? -norm : norm;
    v[0] -= alpha;
    let vnorm2 = 0;
    for (let i = 0; i < v.length; i++) vnorm2 += v[i] * v[i];
    if (vnorm2 > 0) {
      // Apply H = I − 2vvᵀ/(vᵀv) to the remaining columns of R.
      for (let j = k; j < cols; j++) {
        let dot = 0;
        for (let i = k; i < rows; i++) dot += v[i - k] * r[i * cols + j];
        const f = (2 * dot) / vnorm2;
        for (let i = k; i < rows; i++) r[i * cols + j] -= f * v[i - k];
      }
    }
    vs.push(vnorm2 > 0 ? v.map((x) => x / Math.sqrt(vnorm2)) : v);
    rDiag[k] = r[k * cols + k];
  }
  // Q = H_0 H_1 … H_{cols−1} applied to the first `cols` columns of the identity, last reflector first.
  const q = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) q[j * cols + j] = 1;
  for (let k = cols - 1; k >= 0; k--) {
    const v = vs[k];
    for (let j = 0; j < cols; j++) {
      let dot = 0;
      for (let i = k; i < rows; i++) dot += v[i - k] * q[i * cols + j];
      for (let i = k; i < rows; i++) q[i * cols + j] -= 2 * dot * v[i - k];
    }
  }
  return { q, rDiag };
}

/** A Haar-random rows × cols matrix with orthonormal columns (rows ≥ cols). */
export function randomOrthonormal(rows: number, cols: number, rng: Rng): Float64Array {
  const g = new Float64Array(rows * cols);
  for (let i = 0; i < g.length; i++) g[i] = rng.normal();
  const { q, rDiag } = householderQr(g, rows, cols);
  // Make the factorisation unique (R with positive diagonal) so Q is Haar-distributed.
  for (let j = 0; j < cols; j++) {
    if (rDiag[j] < 0) for (let i = 0; i < rows; i++) q[i * cols + j] = -q[i * cols + j];
  }
  return q;
}

/**
 * W = U diag(σ) Vᵀ of shape rows × cols (row-major), σ of length min(rows, cols): the squared
 * singular values of W — its ESD — are exactly σ².
 */
export function withSingularValues(rows: number, cols: number, sigma: ArrayLike<number>, rng: Rng): Float64Array {
  const r = Math.min(rows, cols);
  if (sigma.length !== r) throw new RangeError(`withSingularValues: need ${r} singular values, got ${sigma.length}`);
  const u = randomOrthonormal(rows, r, rng.fork('U'));
  const v = randomOrthonormal(cols, r, rng.fork('V'));
  const w = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += u[i * r + k] * sigma[k] * v[j * r + k];
      w[i * cols + j] = s;
    }
  }
  return w;
}

/**
 * n eigenvalues that follow a power law p(λ) ∝ λ^(−α), λ ≥ xmin, placed at the quantiles
 * u = (j + ½)/n of the Pareto distribution (λ = xmin · u^(−1/(α−1))) rather than sampled, so the
 * Hill estimate on them is close to α even for n = 64. Ascending.
 */
export function powerLawEigenvalues(n: number, alpha: number, xmin = 1): Float64Array {
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[n - 1 - j] = xmin * ((j + 0.5) / n) ** (-1 / (alpha - 1));
  return out;
}
