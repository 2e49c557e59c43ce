/**
 * 1D compressible Navier–Stokes on a periodic interval (PDEBench's "CFD" problem, docs/METHOD.md §5):
 *   ∂ₜρ + ∂ₓ(ρv) = 0
 *   ∂ₜ(ρv) + ∂ₓ(ρv² + p) = ∂ₓσ,              σ = μ ∂ₓv,  μ = 4η/3 + ζ
 *   ∂ₜE + ∂ₓ((E + p)v) = ∂ₓ(vσ),             E = p/(Γ − 1) + ρv²/2,  Γ = 5/3.
 *
 * Strang splitting u ← V(Δ/2) H(Δ) V(Δ/2):
 * - H (Euler equations): finite volumes, MC-limited reconstruction of the primitive variables
 *   (ρ, v, p) (falls back to the cell value at a face where the reconstruction is not positive),
 *   HLL flux with Davis wave-speed bounds, SSP-RK2, Δ = CFL·Δx / max(|v| + c).
 * - V (viscous part, ρ frozen): Crank–Nicolson for ρ ∂ₜv = μ∂ₓₓv, a cyclic tridiagonal solve,
 *   so the step is not limited by Δt ≤ ρΔx²/(2μ) (at η = ζ = 0.1 on 128 cells that limit is ~20×
 *   smaller than the CFL step). Momentum and energy change by differences of the interface fluxes
 *   σ̄ and v̄σ̄ built from v̄ = (v + v_new)/2, so ∫ρv and ∫E are conserved to round-off.
 * Frames are stored as primitive channels (ρ, v, p), like PDEBench (density, Vx, pressure).
 */
import { mcSlope, nextStep } from './finiteVolume';
import { createCyclicWork, solveCyclicTridiagonal } from './cyclicTridiagonal';

/** Ratio of specific heats (monatomic gas, PDEBench's Γ). */
export const GAMMA = 5 / 3;

/** Primitive fields, each of length nx. */
export interface CfdState {
  rho: Float64Array;
  v: Float64Array;
  p: Float64Array;
}

/** Options of {@link solveCfd}. */
export interface CfdOptions {
  /** Domain length (default 2: PDEBench's [−1, 1]). */
  length?: number;
  /** Courant number max(|v| + c)Δt/Δx (default 0.4). */
  cfl?: number;
}

/**
 * Solves compressible Navier–Stokes with shear viscosity η and bulk viscosity ζ from the primitive
 * state s0 and returns frames [times.length, 3, nx] with channels (ρ, v, p).
 * @throws if density or pressure stop being positive and finite (the run is unusable).
 */
export function solveCfd(
  s0: CfdState,
  eta: number,
  zeta: number,
  times: ArrayLike<number>,
  options: CfdOptions = {},
): Float64Array {
  const n = s0.rho.length;
  const length = options.length ?? 2;
  const cfl = options.cfl ?? 0.4;
  if (!(eta >= 0 && zeta >= 0)) throw new Error(`viscosities must be ≥ 0, got η=${eta}, ζ=${zeta}`);
  const mu = (4 * eta) / 3 + zeta;
  const dx = length / n;
  const st = createStepper(n, dx, mu);
  // Conservative state U = (ρ, m = ρv, E).
  const U = [Float64Array.from(s0.rho), new Float64Array(n), new Float64Array(n)];
  for (let i = 0; i < n; i++) {
    U[1][i] = s0.rho[i] * s0.v[i];
    U[2][i] = s0.p[i] / (GAMMA - 1) + 0.5 * s0.rho[i] * s0.v[i] * s0.v[i];
  }
  const out = new Float64Array(times.length * 3 * n);
  let t = 0;
  for (let f = 0; f < times.length; f++) {
    const target = times[f];
    if (!(target >= t)) throw new Error(`frame times must be ascending and ≥ 0, got ${target} after ${t}`);
    while (t < target) {
      const dt = nextStep(target - t, (cfl * dx) / st.maxSpeed(U));
      st.viscous(U, 0.5 * dt);
      st.hyperbolic(U, dt);
      st.viscous(U, 0.5 * dt);
      st.check(U, t);
      t = dt === target - t ? target : t + dt;
    }
    const off = f * 3 * n;
    for (let i = 0; i < n; i++) {
      const r = U[0][i];
      const v = U[1][i] / r;
      out[off + i] = r;
      out[off + n + i] = v;
      out[off + 2 * n + i] = (GAMMA - 1) * (U[2][i] - 0.5 * U[1][i] * v);
    }
  }
  return out;
}

interface Stepper {
  maxSpeed(U: Float64Array[]): number;
  hyperbolic(U: Float64Array[], dt: number): void;
  viscous(U: Float64Array[], dt: number): void;
  check(U: Float64Array[], t: number): void;
}

function createStepper(n: number, dx: number, mu: number): Stepper {
  const g1 = GAMMA - 1;
  const r = new Float64Array(n);
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  const sr = new Float64Array(n);
  const sv = new Float64Array(n);
  const sp = new Float64Array(n);
  const F = [new Float64Array(n), new Float64Array(n), new Float64Array(n)]; // F[k][i] at face i+½
  const K = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const S = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const ca = new Float64Array(n);
  const cb = new Float64Array(n);
  const cc = new Float64Array(n);
  const rhsV = new Float64Array(n);
  const vNew = new Float64Array(n);
  const cyc = createCyclicWork(n);

  const primitives = (U: Float64Array[]): void => {
    for (let i = 0; i < n; i++) {
      r[i] = U[0][i];
      v[i] = U[1][i] / r[i];
      p[i] = g1 * (U[2][i] - 0.5 * U[1][i] * v[i]);
    }
  };

  const slopes = (q: Float64Array, s: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      const qm = q[i === 0 ? n - 1 : i - 1];
      const qp = q[i === n - 1 ? 0 : i + 1];
      s[i] = mcSlope(q[i] - qm, qp - q[i]);
    }
  };

  // dU/dt of the Euler equations into K.
  const rhs = (U: Float64Array[]): void => {
    primitives(U);
    slopes(r, sr);
    slopes(v, sv);
    slopes(p, sp);
    for (let i = 0; i < n; i++) {
      const j = i === n - 1 ? 0 : i + 1;
      let rL = r[i] + 0.5 * sr[i];
      let vL = v[i] + 0.5 * sv[i];
      let pL = p[i] + 0.5 * sp[i];
      if (!(rL > 0 && pL > 0)) {
        rL = r[i];
        vL = v[i];
        pL = p[i];
      }
      let rR = r[j] - 0.5 * sr[j];
      let vR = v[j] - 0.5 * sv[j];
      let pR = p[j] - 0.5 * sp[j];
      if (!(rR > 0 && pR > 0)) {
        rR = r[j];
        vR = v[j];
        pR = p[j];
      }
      hll(rL, vL, pL, rR, vR, pR, F, i);
    }
    const inv = 1 / dx;
    for (let k = 0; k < 3; k++) {
      const Fk = F[k];
      const Kk = K[k];
      Kk[0] = -(Fk[0] - Fk[n - 1]) * inv;
      for (let i = 1; i < n; i++) Kk[i] = -(Fk[i] - Fk[i - 1]) * inv;
    }
  };

  return {
    maxSpeed(U) {
      primitives(U);
      let m = 0;
      for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(v[i]) + Math.sqrt((GAMMA * p[i]) / r[i]));
      return m;
    },
    hyperbolic(U, dt) {
      // SSP-RK2 on the three conservative fields (same Shu–Osher form as finiteVolume.ts).
      rhs(U);
      for (let k = 0; k < 3; k++) for (let i = 0; i < n; i++) S[k][i] = U[k][i] + dt * K[k][i];
      rhs(S);
      for (let k = 0; k < 3; k++) for (let i = 0; i < n; i++) U[k][i] = 0.5 * U[k][i] + 0.5 * (S[k][i] + dt * K[k][i]);
    },
    viscous(U, dt) {
      if (mu === 0 || dt === 0) return;
      primitives(U);
      // Crank–Nicolson: ρ_i(v_new − v)/dt = (μ/Δx²)·½[L v_new + L v]_i, L v = v_{i+1} − 2v_i + v_{i−1}.
      for (let i = 0; i < n; i++) {
        const ri = (mu * dt) / (r[i] * dx * dx);
        const lap = v[i === n - 1 ? 0 : i + 1] - 2 * v[i] + v[i === 0 ? n - 1 : i - 1];
        ca[i] = -0.5 * ri;
        cc[i] = -0.5 * ri;
        cb[i] = 1 + ri;
        rhsV[i] = v[i] + 0.5 * ri * lap;
      }
      solveCyclicTridiagonal(ca, cb, cc, rhsV, vNew, cyc);
      // Interface stress σ̄_{i+½} = μ(v̄_{i+1} − v̄_i)/Δx and work v̄_face σ̄ from the CN average v̄.
      for (let i = 0; i < n; i++) {
        const j = i === n - 1 ? 0 : i + 1;
        const vi = 0.5 * (v[i] + vNew[i]);
        const vj = 0.5 * (v[j] + vNew[j]);
        const sigma = (mu * (vj - vi)) / dx;
        F[1][i] = sigma;
        F[2][i] = 0.5 * (vi + vj) * sigma;
      }
      const c = dt / dx;
      for (let i = 0; i < n; i++) {
        const im = i === 0 ? n - 1 : i - 1;
        U[1][i] += c * (F[1][i] - F[1][im]);
        U[2][i] += c * (F[2][i] - F[2][im]);
      }
    },
    check(U, t) {
      primitives(U);
      for (let i = 0; i < n; i++) {
        if (!(r[i] > 0 && p[i] > 0)) {
          throw new Error(`CFD solver lost positivity at t≈${t.toPrecision(4)}, cell ${i}: ρ=${r[i]}, p=${p[i]}`);
        }
      }
    },
  };
}

/**
 * HLL flux of the Euler equations between primitive states L and R, written into F[k][i].
 * Davis bounds S_L = min(v_L − c_L, v_R − c_R), S_R = max(v_L + c_L, v_R + c_R) (Toro, ch. 10).
 */
function hll(rL: number, vL: number, pL: number, rR: number, vR: number, pR: number, F: Float64Array[], i: number): void {
  const g1 = GAMMA - 1;
  const cL = Math.sqrt((GAMMA * pL) / rL);
  const cR = Math.sqrt((GAMMA * pR) / rR);
  const mL = rL * vL;
  const mR = rR * vR;
  const eL = pL / g1 + 0.5 * mL * vL;
  const eR = pR / g1 + 0.5 * mR * vR;
  const f0L = mL;
  const f1L = mL * vL + pL;
  const f2L = (eL + pL) * vL;
  const f0R = mR;
  const f1R = mR * vR + pR;
  const f2R = (eR + pR) * vR;
  const sL = Math.min(vL - cL, vR - cR);
  const sR = Math.max(vL + cL, vR + cR);
  if (sL >= 0) {
    F[0][i] = f0L;
    F[1][i] = f1L;
    F[2][i] = f2L;
  } else if (sR <= 0) {
    F[0][i] = f0R;
    F[1][i] = f1R;
    F[2][i] = f2R;
  } else {
    const w = 1 / (sR - sL);
    F[0][i] = (sR * f0L - sL * f0R + sL * sR * (rR - rL)) * w;
    F[1][i] = (sR * f1L - sL * f1R + sL * sR * (mR - mL)) * w;
    F[2][i] = (sR * f2L - sL * f2R + sL * sR * (eR - eL)) * w;
  }
}
