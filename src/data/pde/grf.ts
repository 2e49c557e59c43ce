/**
 * Random fields on the unit square for the 2-D PDE data.
 *
 * Gaussian random field ψ ~ N(0, (−Δ + τ²I)^{−α}) with zero Neumann boundaries (the coefficient prior
 * of the FNO paper's and PDEBench's Darcy data: α = 2, τ = 3), as its Karhunen–Loève cosine series
 *   ψ(x, y) = Σ_{k,l} ξ_kl (π²(k² + l²) + τ²)^{−α/2} cos(πkx) cos(πly),   ξ_kl ~ N(0, 1),
 * truncated to k, l < `modes` and without the constant mode (k = l = 0), like the reference sampler.
 * The modes are drawn in a fixed order that does not depend on the grid, so one seed gives the same
 * continuous field at every resolution (sampled at the cell centres). Evaluation is separable:
 * O(modes²·n + modes·n²) instead of O(modes²·n²).
 */
import type { Rng } from '../../math/random';

/** Parameters of the Gaussian random field. */
export interface GrfOptions {
  /** Smoothness exponent α (default 2). */
  alpha: number;
  /** Inverse length scale τ (default 3). */
  tau: number;
  /** Cosine modes per axis (default 32; amplitudes fall as 1/(π²k²) for α = 2). */
  modes: number;
}

export const DEFAULT_GRF: GrfOptions = { alpha: 2, tau: 3, modes: 32 };

/** A GRF sample at the n×n cell centres ((i+½)/n, (j+½)/n), row-major [j·n + i]. */
export function gaussianRandomField(rng: Rng, n: number, options: Partial<GrfOptions> = {}): Float64Array {
  const { alpha, tau, modes } = { ...DEFAULT_GRF, ...options };
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`GRF grid must be a positive integer, got ${n}`);
  if (!(Number.isInteger(modes) && modes >= 1)) throw new Error(`GRF modes must be a positive integer, got ${modes}`);
  // Coefficients c[l][k] (drawn for every (k, l), so the stream does not depend on which are kept).
  const c = new Float64Array(modes * modes);
  for (let l = 0; l < modes; l++) {
    for (let k = 0; k < modes; k++) {
      const xi = rng.normal();
      if (k === 0 && l === 0) continue;
      c[l * modes + k] = xi * Math.pow(Math.PI * Math.PI * (k * k + l * l) + tau * tau, -alpha / 2);
    }
  }
  const cosTable = new Float64Array(modes * n); // cos(πk (i+½)/n)
  for (let k = 0; k < modes; k++) for (let i = 0; i < n; i++) cosTable[k * n + i] = Math.cos((Math.PI * k * (i + 0.5)) / n);
  // B[l][i] = Σ_k c[l][k] cos(πk x_i); ψ[j][i] = Σ_l cos(πl y_j) B[l][i].
  const b = new Float64Array(modes * n);
  for (let l = 0; l < modes; l++) {
    for (let k = 0; k < modes; k++) {
      const w = c[l * modes + k];
      if (w === 0) continue;
      for (let i = 0; i < n; i++) b[l * n + i] += w * cosTable[k * n + i];
    }
  }
  const psi = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let l = 0; l < modes; l++) {
      const w = cosTable[l * n + j];
      for (let i = 0; i < n; i++) psi[j * n + i] += w * b[l * n + i];
    }
  }
  return psi;
}

/** Two-valued coefficient: `high` where ψ ≥ 0, `low` elsewhere (PDEBench / FNO Darcy: 12 and 3). */
export function thresholdField(psi: Float64Array, high = 12, low = 3): Float64Array {
  return psi.map((v) => (v >= 0 ? high : low));
}
