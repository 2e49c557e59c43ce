/**
 * Linear advection ∂ₜu + β∂ₓu = 0 on a periodic interval: a finite-volume solver and the exact
 * solution u₀(x − βt).
 *
 * Scheme: MUSCL reconstruction with the MC limiter (finiteVolume.ts), upwind flux
 * F_{i+½} = β·u_{i+½}^{upwind side}, SSP-RK2 in time, Δt = CFL·Δx/|β| with CFL 0.4 (< ½, the TVD
 * bound of limited MUSCL + forward Euler). Second order on smooth data away from extrema; no new
 * extrema and non-increasing total variation on discontinuous data.
 */
import { createRk2Work, musclAdvectionRhs, nextStep, recordFrames, sspRk2Step } from './finiteVolume';

/** Options of {@link solveAdvection}. */
export interface AdvectionOptions {
  /** Domain length L (default 1). */
  length?: number;
  /** Courant number |β|Δt/Δx (default 0.4; must be ≤ 0.5 for the TVD guarantee). */
  cfl?: number;
}

/**
 * Solves advection from the cell values u0 and returns the fields at the requested (ascending,
 * ≥ 0) times as one flat array [times.length, nx]. β = 0 returns copies of u0.
 */
export function solveAdvection(
  u0: Float64Array,
  beta: number,
  times: ArrayLike<number>,
  options: AdvectionOptions = {},
): Float64Array {
  const n = u0.length;
  const length = options.length ?? 1;
  const cfl = options.cfl ?? 0.4;
  if (!Number.isFinite(beta)) throw new Error(`beta must be finite, got ${beta}`);
  const dx = length / n;
  const invDx = 1 / dx;
  const work = createRk2Work(n);

  const rhs = (u: Float64Array, out: Float64Array): void => musclAdvectionRhs(u, beta, invDx, out);

  const dtMax = beta === 0 ? Infinity : (cfl * dx) / Math.abs(beta);
  return recordFrames(u0, times, (u, t0, t1) => {
    if (beta === 0) return;
    let t = t0;
    while (t < t1) {
      const dt = nextStep(t1 - t, dtMax);
      sspRk2Step(u, dt, rhs, work);
      t = dt === t1 - t ? t1 : t + dt;
    }
  });
}

/**
 * Exact solution u(x, t) = u₀(x − βt) of periodic advection at the points x, with the shifted
 * point wrapped back into [x₀, x₀ + L).
 */
export function advectionExact(
  u0: (x: number) => number,
  beta: number,
  t: number,
  x: Float64Array,
  domain: { x0: number; length: number } = { x0: 0, length: 1 },
): Float64Array {
  const out = new Float64Array(x.length);
  const { x0, length } = domain;
  for (let i = 0; i < x.length; i++) {
    const s = x[i] - beta * t - x0;
    out[i] = u0(x0 + (s - length * Math.floor(s / length)));
  }
  return out;
}
