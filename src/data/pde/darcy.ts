/**
 * Steady Darcy flow on the unit square (PDEBench's 2-D Darcy problem):
 *   −∇·(a(x)∇u(x)) = f(x)  in (0,1)²,   u = 0 on the boundary,
 * with a(x) a random two-valued coefficient (a thresholded Gaussian random field) and f = β.
 *
 * Discretisation: cell-centred finite volumes on n×n cells of size h = 1/n. The flux through the face
 * between cells P and Q is T_PQ (u_P − u_Q) with T_PQ = harmonic mean 2 a_P a_Q / (a_P + a_Q): the
 * exact flux of a 1-D layered medium, so jumps of a are handled without smearing. A boundary face
 * sits h/2 from the cell centre, giving T = 2 a_P (u_P − 0) / (h/2) · h/h² = 2 a_P / h² per unit.
 * Dividing by the cell area h², row P of the matrix is
 *   (A u)_P = Σ_faces T_f (u_P − u_nb) / h²     (u_nb = 0 across a boundary face, T_f = 2 a_P),
 * symmetric (T_PQ = T_QP) and positive definite (a weighted graph Laplacian plus a positive diagonal
 * from the boundary faces). Error O(h²) for smooth a (the manufactured test checks the order).
 *
 * Solver: conjugate gradients preconditioned by the incomplete Cholesky factorisation IC(0) of A
 * (no fill-in on the 5-point pattern), to a relative residual tolerance.
 * Storage: row-major, index j·n + i for the cell at x = (i+½)h, y = (j+½)h.
 */

/** The 5-point finite-volume operator: diagonal and the couplings to the east and north neighbours. */
export interface DarcyOperator {
  n: number;
  /** Diagonal A_PP, length n². */
  diag: Float64Array;
  /** −A_{P,P+1} (coupling to the east neighbour; 0 in the last column), length n². */
  east: Float64Array;
  /** −A_{P,P+n} (coupling to the north neighbour; 0 in the last row), length n². */
  north: Float64Array;
}

/** Options of {@link solveDarcy}. */
export interface DarcyOptions {
  /** Relative residual ‖r‖₂/‖f‖₂ at which PCG stops (default 1e-10). */
  tol?: number;
  /** Iteration cap (default 10·n + 200). */
  maxIter?: number;
}

/** Result of {@link solveDarcy}. */
export interface DarcySolution {
  /** Pressure u at the cell centres, row-major [n, n]. */
  u: Float64Array;
  iterations: number;
  /** Final relative residual ‖f − A u‖₂ / ‖f‖₂. */
  residual: number;
}

/**
 * Assembles the operator of −∇·(a∇u) with zero Dirichlet boundaries from cell values a (row-major [n, n]).
 * @throws if a is not positive and finite or its length is not a square.
 */
export function darcyOperator(a: ArrayLike<number>): DarcyOperator {
  const n = Math.round(Math.sqrt(a.length));
  if (n < 1 || n * n !== a.length) throw new Error(`Darcy coefficient must be an n×n field, got ${a.length} values`);
  for (let k = 0; k < a.length; k++) {
    if (!(a[k] > 0 && Number.isFinite(a[k]))) throw new Error(`Darcy coefficient must be positive and finite, got a[${k}] = ${a[k]}`);
  }
  const invH2 = n * n;
  const diag = new Float64Array(n * n);
  const east = new Float64Array(n * n);
  const north = new Float64Array(n * n);
  const harmonic = (p: number, q: number): number => (2 * p * q) / (p + q);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const k = j * n + i;
      const ak = a[k];
      // East face: neighbour or boundary (the west face of cell k is the east face of cell k−1).
      if (i < n - 1) {
        const t = harmonic(ak, a[k + 1]) * invH2;
        east[k] = t;
        diag[k] += t;
        diag[k + 1] += t;
      } else diag[k] += 2 * ak * invH2;
      if (i === 0) diag[k] += 2 * ak * invH2;
      if (j < n - 1) {
        const t = harmonic(ak, a[k + n]) * invH2;
        north[k] = t;
        diag[k] += t;
        diag[k + n] += t;
      } else diag[k] += 2 * ak * invH2;
      if (j === 0) diag[k] += 2 * ak * invH2;
    }
  }
  return { n, diag, east, north };
}

/** y = A x for the operator (matrix-free). */
export function applyDarcy(op: DarcyOperator, x: Float64Array, y: Float64Array): void {
  const { n, diag, east, north } = op;
  for (let k = 0; k < n * n; k++) {
    let s = diag[k] * x[k];
    const i = k % n;
    if (i < n - 1) s -= east[k] * x[k + 1];
    if (i > 0) s -= east[k - 1] * x[k - 1];
    if (k + n < n * n) s -= north[k] * x[k + n];
    if (k >= n) s -= north[k - n] * x[k - n];
    y[k] = s;
  }
}

/**
 * IC(0): A ≈ L D⁻¹ Lᵀ-type factor stored as the pivots d (the off-diagonals of L are those of A).
 * d_P = A_PP − e_{P−1}²/d_{P−1} − n_{P−n}²/d_{P−n}. Positive for this M-matrix, so it never breaks down.
 */
function incompleteCholesky(op: DarcyOperator): Float64Array {
  const { n, diag, east, north } = op;
  const d = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) {
    let v = diag[k];
    if (k % n > 0) v -= (east[k - 1] * east[k - 1]) / d[k - 1];
    if (k >= n) v -= (north[k - n] * north[k - n]) / d[k - n];
    d[k] = v;
  }
  return d;
}

/** z = M⁻¹ r with M = (D − E)ᵀ D⁻¹ (D − E)… i.e. forward then backward substitution with the IC(0) pivots. */
function applyPreconditioner(op: DarcyOperator, d: Float64Array, r: Float64Array, z: Float64Array): void {
  const { n, east, north } = op;
  const N = n * n;
  // Forward: (D + L) w = r, L the strictly lower part of A (entries −east, −north).
  for (let k = 0; k < N; k++) {
    let v = r[k];
    if (k % n > 0) v += east[k - 1] * z[k - 1];
    if (k >= n) v += north[k - n] * z[k - n];
    z[k] = v / d[k];
  }
  // Backward: (D + Lᵀ) z = D w.
  for (let k = N - 1; k >= 0; k--) {
    let v = 0;
    if (k % n < n - 1) v += east[k] * z[k + 1];
    if (k + n < N) v += north[k] * z[k + n];
    z[k] += v / d[k];
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

/**
 * Solves A u = f (A from {@link darcyOperator} of a) by IC(0)-preconditioned conjugate gradients from u = 0.
 * @param f right-hand side per cell (a number means the constant source β everywhere).
 * @throws on bad input, or if PCG does not reach the tolerance within maxIter iterations.
 */
export function solveDarcy(a: ArrayLike<number>, f: number | ArrayLike<number>, options: DarcyOptions = {}): DarcySolution {
  const op = darcyOperator(a);
  const N = op.n * op.n;
  const rhs = new Float64Array(N);
  if (typeof f === 'number') rhs.fill(f);
  else if (f.length === N) for (let k = 0; k < N; k++) rhs[k] = f[k];
  else throw new Error(`Darcy source must have ${N} values, got ${f.length}`);
  if (!rhs.every(Number.isFinite)) throw new Error('Darcy source must be finite');
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 10 * op.n + 200;
  const u = new Float64Array(N);
  const fNorm = Math.sqrt(dot(rhs, rhs));
  if (fNorm === 0) return { u, iterations: 0, residual: 0 };
  const d = incompleteCholesky(op);
  const r = Float64Array.from(rhs);
  const z = new Float64Array(N);
  const q = new Float64Array(N);
  applyPreconditioner(op, d, r, z);
  const p = Float64Array.from(z);
  let rz = dot(r, z);
  for (let it = 1; it <= maxIter; it++) {
    applyDarcy(op, p, q);
    const step = rz / dot(p, q);
    for (let k = 0; k < N; k++) {
      u[k] += step * p[k];
      r[k] -= step * q[k];
    }
    const res = Math.sqrt(dot(r, r)) / fNorm;
    if (res <= tol) return { u, iterations: it, residual: res };
    applyPreconditioner(op, d, r, z);
    const rzNew = dot(r, z);
    const beta = rzNew / rz;
    rz = rzNew;
    for (let k = 0; k < N; k++) p[k] = z[k] + beta * p[k];
  }
  throw new Error(`Darcy PCG did not reach tolerance ${tol} in ${maxIter} iterations`);
}
