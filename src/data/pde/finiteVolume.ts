/**
 * Shared finite-volume machinery for the 1D periodic solvers: limited slopes (MUSCL), the two-stage
 * strong-stability-preserving Runge–Kutta step (SSP-RK2 = Heun in Shu–Osher form), step-size choice
 * that lands exactly on output times, and frame recording.
 *
 * Cells are uniform, cell-centred, periodic: cell i covers [x₀ + iΔx, x₀ + (i+1)Δx]; its left
 * neighbour of cell 0 is cell n−1. Conservation form: du_i/dt = −(F_{i+½} − F_{i−½}) / Δx.
 */

/**
 * Monotonized-central (MC) limited slope from the backward and forward differences a = u_i − u_{i−1},
 * b = u_{i+1} − u_i: minmod(2a, 2b, (a+b)/2) (van Leer 1977). Zero at extrema (a·b ≤ 0), which is
 * what keeps the reconstruction from creating new extrema. Satisfies 0 ≤ φ(r) ≤ 2, 0 ≤ φ(r)/r ≤ 2,
 * so forward Euler with MUSCL is TVD for CFL ≤ ½; SSP-RK2 keeps that bound.
 */
export function mcSlope(a: number, b: number): number {
  if (a * b <= 0) return 0;
  // Written with ternaries rather than Math.min/max: this runs ~10⁹ times per dataset.
  const c = 0.5 * (a + b);
  if (a > 0) {
    const m = a < b ? 2 * a : 2 * b;
    return c < m ? c : m;
  }
  const m = a > b ? 2 * a : 2 * b;
  return c > m ? c : m;
}

/** slopes[i] = mcSlope(u_i − u_{i−1}, u_{i+1} − u_i) with periodic neighbours (undivided slope). */
export function limitedSlopes(u: Float64Array, slopes: Float64Array): void {
  const n = u.length;
  for (let i = 0; i < n; i++) {
    const um = u[i === 0 ? n - 1 : i - 1];
    const up = u[i === n - 1 ? 0 : i + 1];
    slopes[i] = mcSlope(u[i] - um, up - u[i]);
  }
}

/**
 * MUSCL + upwind right-hand side of linear advection uₜ + βuₓ = 0 into out:
 * out_i = −(F_{i+½} − F_{i−½})/Δx with F_{i+½} = β × (face value of the upwind cell, u ± ½·slope).
 * One fused pass (the whole cost of an advection dataset): the three-cell stencil and the previous
 * face flux are carried along instead of stored. It lives next to mcSlope so the limiter call stays
 * module-local (module-namespace indirection in some transpilers doubled the run time).
 */
export function musclAdvectionRhs(u: Float64Array, beta: number, invDx: number, out: Float64Array): void {
  const n = u.length;
  if (beta >= 0) {
    // Upwind is the left cell: its reconstructed value at its right face.
    let um = u[n >= 2 ? n - 2 : 0];
    let uc = u[n - 1];
    let fPrev = beta * (uc + 0.5 * mcSlope(uc - um, u[0] - uc)); // F_{−½} = F_{n−½}
    um = uc;
    uc = u[0];
    for (let i = 0; i < n; i++) {
      const up = i === n - 1 ? u[0] : u[i + 1];
      const f = beta * (uc + 0.5 * mcSlope(uc - um, up - uc));
      out[i] = -(f - fPrev) * invDx;
      fPrev = f;
      um = uc;
      uc = up;
    }
  } else {
    // Upwind is the right cell: its reconstructed value at its left face.
    let um = u[n - 1];
    let uc = u[0];
    let up = u[n > 1 ? 1 : 0];
    let fPrev = beta * (uc - 0.5 * mcSlope(uc - um, up - uc)); // F_{−½}, from cell 0
    for (let i = 0; i < n; i++) {
      um = uc;
      uc = up;
      up = u[i + 2 < n ? i + 2 : i + 2 - n];
      const f = beta * (uc - 0.5 * mcSlope(uc - um, up - uc)); // F_{i+½}, from cell i+1
      out[i] = -(f - fPrev) * invDx;
      fPrev = f;
    }
  }
}

/**
 * Godunov flux of Burgers' f(u) = u²/2 for left/right states a, b: max(f(max(a,0)), f(min(b,0))).
 * This compact form covers shocks (a > b, the upwind side of speed (a+b)/2) and transonic
 * rarefactions (a < 0 < b, flux 0 at the sonic point).
 */
export function godunovBurgersFlux(a: number, b: number): number {
  const l = a > 0 ? a : 0;
  const r = b < 0 ? b : 0;
  return 0.5 * Math.max(l * l, r * r);
}

/**
 * MUSCL + Godunov right-hand side of inviscid Burgers uₜ + (u²/2)ₓ = 0 into out; slopes is a work
 * array of length n. Two passes: limited slopes, then faces and divergence fused.
 */
export function musclBurgersRhs(u: Float64Array, invDx: number, slopes: Float64Array, out: Float64Array): void {
  const n = u.length;
  limitedSlopes(u, slopes);
  // F_{−½} = F_{n−½}: between cell n−1 (left) and cell 0 (right).
  let fPrev = godunovBurgersFlux(u[n - 1] + 0.5 * slopes[n - 1], u[0] - 0.5 * slopes[0]);
  for (let i = 0; i < n; i++) {
    const j = i === n - 1 ? 0 : i + 1;
    const f = godunovBurgersFlux(u[i] + 0.5 * slopes[i], u[j] - 0.5 * slopes[j]);
    out[i] = -(f - fPrev) * invDx;
    fPrev = f;
  }
}

/** Right-hand side L(u) of the semi-discrete system du/dt = L(u); writes into out. */
export type Rhs = (u: Float64Array, out: Float64Array) => void;

/** Work arrays of one SSP-RK2 integrator (allocated once per solve, reused every step). */
export interface Rk2Work {
  stage: Float64Array;
  rhs: Float64Array;
}

/** Work arrays for n cells. */
export function createRk2Work(n: number): Rk2Work {
  return { stage: new Float64Array(n), rhs: new Float64Array(n) };
}

/**
 * One SSP-RK2 step in place (Shu & Osher 1988): u¹ = u + Δt L(u); u ← ½u + ½(u¹ + Δt L(u¹)).
 * A convex combination of forward-Euler steps, so it inherits their TVD/max-principle property
 * at the same CFL number; second order in Δt.
 */
export function sspRk2Step(u: Float64Array, dt: number, rhs: Rhs, work: Rk2Work): void {
  const n = u.length;
  const { stage, rhs: k } = work;
  rhs(u, k);
  for (let i = 0; i < n; i++) stage[i] = u[i] + dt * k[i];
  rhs(stage, k);
  for (let i = 0; i < n; i++) u[i] = 0.5 * u[i] + 0.5 * (stage[i] + dt * k[i]);
}

/**
 * Next step length towards tEnd given the largest stable step dtMax: the full dtMax, or the whole
 * remainder when it fits (the last step is shortened so we land exactly on tEnd), or half the
 * remainder when it is between one and two steps (avoids a tiny sliver step at the end).
 */
export function nextStep(remaining: number, dtMax: number): number {
  if (remaining <= dtMax) return remaining;
  if (remaining < 2 * dtMax) return 0.5 * remaining;
  return dtMax;
}

/**
 * Advances a state from t0 to t1 (in place); the solver chooses its own steps and must stop exactly at t1.
 */
export type Advance = (u: Float64Array, t0: number, t1: number) => void;

/**
 * Runs a solver through ascending output times, copying the state at each into one flat array
 * [times.length, n] (row t holds the field at times[t]). A time equal to 0 (or to the previous one)
 * records the state unchanged; the initial state is at t = 0.
 * @throws if times are negative or not ascending.
 */
export function recordFrames(u0: Float64Array, times: ArrayLike<number>, advance: Advance): Float64Array {
  const n = u0.length;
  const out = new Float64Array(times.length * n);
  const u = Float64Array.from(u0);
  let t = 0;
  for (let f = 0; f < times.length; f++) {
    const target = times[f];
    if (!(target >= t)) throw new Error(`frame times must be ascending and ≥ 0, got ${target} after ${t}`);
    if (target > t) advance(u, t, target);
    t = target;
    out.set(u, f * n);
  }
  return out;
}

/** n equally spaced frame times from 0 to tEnd inclusive (the PDEBench-style 41 frames over [0, 2]). */
export function frameTimes(n: number, tEnd: number): Float64Array {
  const times = new Float64Array(n);
  for (let f = 0; f < n; f++) times[f] = n === 1 ? 0 : (tEnd * f) / (n - 1);
  return times;
}

/** Largest |u_i|. */
export function maxAbs(u: Float64Array): number {
  let m = 0;
  for (let i = 0; i < u.length; i++) {
    const a = Math.abs(u[i]);
    if (a > m) m = a;
  }
  return m;
}
