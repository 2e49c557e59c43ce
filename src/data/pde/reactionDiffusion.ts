/**
 * Reaction–diffusion ∂ₜu = ν∂ₓₓu + ρu(1 − u) (Fisher–KPP) on a periodic interval, by Strang
 * splitting of two exactly solvable parts:  u ← D(Δ/2) R(Δ) D(Δ/2).
 * - D: exact Fourier heat step exp(Δ ν∂ₓₓ) (heat.ts): no stiffness at ν = 5.
 * - R: exact pointwise logistic flow. Written as u ← uE / (1 + u(E − 1)), E = e^{ρΔ}, which is
 *   algebraically the same as docs/METHOD.md §5's 1 / (1 + e^{−ρΔ}(1 − u)/u) but never divides by u, so u = 0
 *   and u = 1 are exact fixed points and need no special case.
 * Splitting error is O(Δ²) globally (Strang); Δ ≤ maxDt, shortened to land on output times. As in
 * burgers.ts the trailing D(Δ/2) is merged with the next leading one, so a step costs one FFT pair.
 *
 * Values outside [0, 1]: the PDE keeps [0, 1] invariant (maximum principle) and the exact flows of
 * both parts do too, but the discrete spectral heat step can undershoot slightly next to the sharp
 * tanh window edges (the truncated periodic heat kernel is not positive). For u < 0 the logistic ODE
 * blows up in finite time (at ρt = ln(1 − 1/u)), so a small undershoot could become a NaN. We
 * therefore project onto [0, 1] (clamp) after every diffusion step; on fields already inside
 * [0, 1] this is the identity, so the exact-solution tests are unaffected.
 */
import { nextStep, recordFrames } from './finiteVolume';
import { createHeatStep } from './heat';

/** Options of {@link solveReactionDiffusion}. */
export interface ReactionDiffusionOptions {
  /** Domain length L (default 1). */
  length?: number;
  /** Largest splitting step Δ (default 2.5e-3, i.e. 400 steps over PDEBench's t ∈ [0, 1]). */
  maxDt?: number;
}

/**
 * Exact logistic flow of du/dt = ρu(1 − u) over time dt, in place, after clamping u to [0, 1]
 * (see the module comment for why). E = e^{ρ·dt} is computed once for the whole field.
 */
export function logisticStep(u: Float64Array, rho: number, dt: number): void {
  const e = Math.exp(rho * dt);
  const em1 = Math.expm1(rho * dt); // E − 1 without cancellation for small ρΔ
  for (let i = 0; i < u.length; i++) {
    const v = u[i] < 0 ? 0 : u[i] > 1 ? 1 : u[i];
    const den = 1 + v * em1;
    // Same value, two roundings: near 0 the first keeps relative precision of small u; near 1 the
    // second, 1 − (1 − u)/den, keeps 1 − u accurate and maps u = 1 to exactly 1.
    u[i] = v < 0.5 ? (v * e) / den : 1 - (1 - v) / den;
  }
}

/** Clamps every value to [0, 1] in place. */
function clampUnit(u: Float64Array): void {
  for (let i = 0; i < u.length; i++) {
    if (u[i] < 0) u[i] = 0;
    else if (u[i] > 1) u[i] = 1;
  }
}

/**
 * Solves reaction–diffusion from cell values u0 (expected in [0, 1]; see scaleToUnitInterval in
 * initial.ts) and returns the fields at the ascending output times as a flat array [times.length, nx].
 * nx must be a power of two (Fourier diffusion step).
 */
export function solveReactionDiffusion(
  u0: Float64Array,
  nu: number,
  rho: number,
  times: ArrayLike<number>,
  options: ReactionDiffusionOptions = {},
): Float64Array {
  const n = u0.length;
  const length = options.length ?? 1;
  const maxDt = options.maxDt ?? 2.5e-3;
  if (!(nu >= 0)) throw new Error(`nu must be ≥ 0, got ${nu}`);
  if (!Number.isFinite(rho)) throw new Error(`rho must be finite, got ${rho}`);
  if (!(maxDt > 0)) throw new Error(`maxDt must be > 0, got ${maxDt}`);
  const heat = createHeatStep(n, length);
  const diffuse = (u: Float64Array, time: number): void => {
    heat.apply(u, nu * time);
    clampUnit(u);
  };

  return recordFrames(u0, times, (u, t0, t1) => {
    let t = t0;
    let pending = 0; // diffusion time not yet applied (merged half steps)
    while (t < t1) {
      const dt = nextStep(t1 - t, maxDt);
      diffuse(u, pending + 0.5 * dt);
      logisticStep(u, rho, dt);
      pending = 0.5 * dt;
      t = dt === t1 - t ? t1 : t + dt;
    }
    diffuse(u, pending);
  });
}
