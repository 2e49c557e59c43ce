/**
 * Eigenvalues (only) of a real symmetric matrix: Householder tridiagonalisation (tred) followed by the
 * implicit-shift QL iteration (tql1). Classic algorithm of EISPACK tred1/tql1 (Wilkinson & Reinsch,
 * Handbook for Automatic Computation II, 1971; also Numerical Recipes §11.2–11.3), written here from the
 * formulas with loops reordered for row-major storage:
 *  - the symmetric mat-vec p = A u reads only the lower triangle, row by row (each a[j][k] is used for
 *    both p[j] and p[k]), so every inner loop walks contiguous memory;
 *  - no eigenvectors are accumulated (the ESD needs eigenvalues only), which halves the work.
 * Cost: 4/3·n³ flops for tred, O(n²) for tql1.
 *
 * Why this and not ml-matrix's EVD/SVD: see docs/BENCHMARKS.md "ESD + fit". ml-matrix stores matrices
 * as arrays of JS arrays, its symmetric EVD always accumulates eigenvectors (tred2/tql2), and its SVD is
 * a full Golub–Kahan SVD: measured 6–10× slower than this path at 768² and ~10× less accurate.
 */

/** Tridiagonal form: diagonal d (length n) and sub-diagonal e (e[0..n-2]; e[n-1] = 0). */
export interface Tridiagonal {
  d: Float64Array;
  e: Float64Array;
}

/**
 * Householder vector of row i (columns 0..i−1) into u, sub-diagonal e[i]. Returns h = ½‖u‖² (scaled), or
 * 0 when no reflection is needed (i = 1, or the row is already zero left of the sub-diagonal).
 * The row is scaled by the sum of its magnitudes first (EISPACK) so the sum of squares cannot
 * under/overflow; the scale cancels in H = I − u uᵀ / h, only e[i] carries it.
 */
function house(a: Float64Array, n: number, i: number, u: Float64Array, e: Float64Array): number {
  const l = i - 1;
  const ri = i * n;
  if (l === 0) {
    e[i] = a[ri];
    return 0;
  }
  let scale = 0;
  for (let k = 0; k <= l; k++) scale += Math.abs(a[ri + k]);
  if (scale === 0) {
    e[i] = a[ri + l];
    return 0;
  }
  let h = 0;
  for (let k = 0; k <= l; k++) {
    const v = a[ri + k] / scale;
    u[k] = v;
    h += v * v;
  }
  const f = u[l];
  const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
  e[i] = scale * g;
  h -= f * g;
  u[l] = f - g;
  return h;
}

/**
 * Row j of the fused tred pass: a[j][k] −= u_j q_k + q_j u_k for k ≤ j, then the updated row's share of
 * p' = A w (p'_j += Σ_k a_jk w_k, p'_k += a_jk w_j for k < j). Unrolled by 4 with 4 partial sums: the
 * single running sum was a loop-carried add chain; measured 1.4× faster (CPU time, 768²).
 */
function fusedRow(
  a: Float64Array,
  rj: number,
  j: number,
  u: Float64Array,
  q: Float64Array,
  w: Float64Array,
  p: Float64Array,
): void {
  const uj = u[j];
  const qj = q[j];
  const wj = w[j];
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  let k = 0;
  for (; k + 3 < j; k += 4) {
    const o = rj + k;
    const v0 = a[o] - (uj * q[k] + qj * u[k]);
    const v1 = a[o + 1] - (uj * q[k + 1] + qj * u[k + 1]);
    const v2 = a[o + 2] - (uj * q[k + 2] + qj * u[k + 2]);
    const v3 = a[o + 3] - (uj * q[k + 3] + qj * u[k + 3]);
    a[o] = v0;
    a[o + 1] = v1;
    a[o + 2] = v2;
    a[o + 3] = v3;
    p0 += v0 * w[k];
    p1 += v1 * w[k + 1];
    p2 += v2 * w[k + 2];
    p3 += v3 * w[k + 3];
    p[k] += v0 * wj;
    p[k + 1] += v1 * wj;
    p[k + 2] += v2 * wj;
    p[k + 3] += v3 * wj;
  }
  for (; k < j; k++) {
    const v = a[rj + k] - (uj * q[k] + qj * u[k]);
    a[rj + k] = v;
    p0 += v * w[k];
    p[k] += v * wj;
  }
  const v = a[rj + j] - (uj * q[j] + qj * u[j]);
  a[rj + j] = v;
  p[j] += p0 + p1 + (p2 + p3) + v * wj;
}

/**
 * Householder reduction of a symmetric n × n row-major matrix to tridiagonal form. Reads and destroys
 * the lower triangle of `a` (the upper triangle is ignored).
 *
 * Step i reflects row/column i with H = I − u uᵀ/h: p = A u / h, q = p − (uᵀp / 2h) u, A ← A − u qᵀ − q uᵀ.
 * The rank-2 update of step i and the mat-vec p' = A u' of step i−1 are fused into one pass over the
 * lower triangle (row i−1, the source of u', is updated first): this halves the memory traffic, which
 * matters once the matrix outgrows L2 (768² doubles = 4.7 MB). Measured 1.2× faster
 * than the two-pass EISPACK order at 768².
 */
export function tred(a: Float64Array, n: number): Tridiagonal {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { d, e };
  let u = new Float64Array(n);
  let q = new Float64Array(n);
  let uNext = new Float64Array(n);
  let pNext = new Float64Array(n);
  let i = n - 1;
  let h = i > 0 ? house(a, n, i, u, e) : 0;
  if (h > 0) {
    // First step only: stand-alone symmetric mat-vec over rows 0..i−1 (lower triangle, row by row).
    for (let j = 0; j < i; j++) {
      const rj = j * n;
      const uj = u[j];
      let pj = 0;
      for (let k = 0; k < j; k++) {
        const v = a[rj + k];
        pj += v * u[k];
        q[k] += v * uj;
      }
      q[j] += pj + a[rj + j] * uj;
    }
  }
  while (i > 0) {
    const l = i - 1;
    if (h > 0) {
      let f = 0;
      for (let j = 0; j <= l; j++) {
        q[j] /= h;
        f += q[j] * u[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j <= l; j++) q[j] -= hh * u[j];
      // Row l first: it is the source of the next Householder vector.
      const rl = l * n;
      const ul = u[l];
      const ql = q[l];
      for (let k = 0; k <= l; k++) a[rl + k] -= ul * q[k] + ql * u[k];
    }
    const iN = l;
    if (iN === 0) break;
    const hN = house(a, n, iN, uNext, e);
    if (hN > 0) pNext.fill(0, 0, iN);
    // Rows 0..iN−1: finish this step's update and accumulate the next step's mat-vec in one pass.
    for (let j = 0; j < iN; j++) {
      const rj = j * n;
      if (h > 0 && hN > 0) {
        fusedRow(a, rj, j, u, q, uNext, pNext);
      } else if (h > 0) {
        const uj = u[j];
        const qj = q[j];
        for (let k = 0; k <= j; k++) a[rj + k] -= uj * q[k] + qj * u[k];
      } else if (hN > 0) {
        const wj = uNext[j];
        let pj = 0;
        for (let k = 0; k < j; k++) {
          const v = a[rj + k];
          pj += v * uNext[k];
          pNext[k] += v * wj;
        }
        pNext[j] += pj + a[rj + j] * wj;
      }
    }
    [u, uNext] = [uNext, u];
    [q, pNext] = [pNext, q];
    h = hN;
    i = iN;
  }
  for (let k = 0; k < n; k++) d[k] = a[k * n + k];
  // Shift the sub-diagonal so that e[k] couples d[k] and d[k+1].
  for (let k = 1; k < n; k++) e[k - 1] = e[k];
  e[n - 1] = 0;
  return { d, e };
}

/** Outcome of the QL iteration. */
export interface QlResult {
  /** Eigenvalues, unsorted (sorted by the caller). */
  values: Float64Array;
  /** False when some eigenvalue hit the iteration cap (values then are the current, unconverged ones). */
  converged: boolean;
}

const EPS = Math.pow(2, -52);
/** Smallest normal double: off-diagonals below it are always negligible (guards denormal loops). */
const SAFMIN = Math.pow(2, -1022);

/**
 * Eigenvalues of a symmetric tridiagonal matrix by QL with implicit Wilkinson shifts (tql1).
 * `maxIter` caps the sweeps per eigenvalue (EISPACK uses 30; convergence is normally 1–3 sweeps).
 * d and e are copied, never modified.
 */
export function tql1(tri: Tridiagonal, maxIter = 30): QlResult {
  const d = Float64Array.from(tri.d);
  const e = Float64Array.from(tri.e);
  const n = d.length;
  // ‖T‖ (max row sum): off-diagonals below ε·‖T‖ are negligible. This absolute test (besides the
  // relative one) matters for graded spectra: with eigenvalues over 30 decades the relative test alone
  // needed > 30 sweeps per tiny eigenvalue (test "graded columns"), refining values far below the
  // Gram method's noise floor (8·n·ε·λ_max, where esd.ts zeroes them anyway).
  let normT = 0;
  for (let i = 0; i < n; i++) {
    const r = Math.abs(d[i]) + Math.abs(e[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0);
    if (r > normT) normT = r;
  }
  const tiny = Math.max(EPS * normT, SAFMIN);
  let converged = true;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      // Find a negligible off-diagonal element e[m], m ≥ l (split point).
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        const em = Math.abs(e[m]);
        if (em <= EPS * dd || em <= tiny) break;
      }
      if (m === l) break;
      if (iter++ >= maxIter) {
        converged = false;
        break;
      }
      // Wilkinson shift from the leading 2×2 block. hypot here (once per sweep) guards overflow of g².
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        // The input is scaled so that |entries| ≤ ~n; f² + g² cannot overflow, so plain sqrt is safe
        // and several times faster than Math.hypot in V8 (this loop is the O(n²) part).
        r = Math.sqrt(f * f + g * g);
        e[i + 1] = r;
        if (r === 0) {
          // Recover from underflow: deflate and restart the sweep.
          d[i + 1] -= p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return { values: d, converged };
}

/** All eigenvalues of a symmetric matrix (lower triangle of `a` read and destroyed), ascending. */
export function symmetricEigenvalues(a: Float64Array, n: number, maxIter = 30): QlResult {
  const res = tql1(tred(a, n), maxIter);
  res.values.sort();
  return res;
}
