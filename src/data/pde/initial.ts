/**
 * Random initial conditions the way PDEBench draws them for 1D problems (docs/METHOD.md §5,
 * "Random initial conditions"), written from that description:
 *
 *   u₀(x) = Σ_{n=1..k_tot} A_n sin(2π n s_n x / L + φ_n),  A_n ~ U(0,1), φ_n ~ U(0, 2π),
 *
 * where s_n ∈ {0,1,2} counts how often n came up in two draws from {1..k_tot} with replacement
 * (undrawn modes add the constant A_n sin φ_n). Then, with probability pAbs, u ← |u| followed by a
 * random sign; with probability pWindow, u is multiplied by the smooth box
 * ½[tanh((x − x_L)/0.01) − tanh((x − x_R)/0.01)], x_L ~ U(0.1, 0.45), x_R ~ U(0.55, 0.9).
 *
 * Every draw is made whether or not its branch is taken, in a fixed order, so the stream position
 * never depends on earlier outcomes (easier to reason about and to reproduce).
 */
import type { Rng } from '../../math/random';

/** Options of {@link randomInitialCondition}; defaults are PDEBench's 1D scalar settings. */
export interface InitialConditionOptions {
  /** Highest mode index k_tot (4 for scalar equations, 3 for CFD). */
  kTot: number;
  /** Probability of taking |u| (then a random sign). */
  pAbs: number;
  /** Probability of the tanh window (0.1 scalar, 0.5 CFD). */
  pWindow: number;
  /** Left end x₀ of the domain [x₀, x₀ + L]. */
  x0: number;
  /** Domain length L. */
  length: number;
  /** Width of the tanh edges in the same units as x (PDEBench: 0.01 on the unit interval). */
  edgeWidth: number;
}

export const DEFAULT_IC_OPTIONS: InitialConditionOptions = {
  kTot: 4,
  pAbs: 0.1,
  pWindow: 0.1,
  x0: 0,
  length: 1,
  edgeWidth: 0.01,
};

/** What was drawn, for tests, plots and debugging. */
export interface InitialConditionDraw {
  /** Field values at the cell centres. */
  u: Float64Array;
  /** s_n for n = 1..k_tot (index n − 1). */
  counts: number[];
  amplitudes: number[];
  phases: number[];
  absApplied: boolean;
  /** ±1 sign applied after |u| (1 when absApplied is false). */
  sign: number;
  /** Window edges, or null when no window was applied. */
  window: { xL: number; xR: number } | null;
}

/** n cell centres x_i = x₀ + (i + ½)L/n of a uniform grid on [x₀, x₀ + L]. */
export function cellCentres(n: number, x0 = 0, length = 1): Float64Array {
  const x = new Float64Array(n);
  const dx = length / n;
  for (let i = 0; i < n; i++) x[i] = x0 + (i + 0.5) * dx;
  return x;
}

/**
 * Draws one random initial condition on the points x.
 *
 * Draw order: two mode indices; for each n = 1..k_tot an amplitude then a phase; the |u| coin;
 * the sign; the window coin; x_L; x_R. Window edges are given as fractions of the domain, so on
 * [−1, 1] (CFD) they become x₀ + L·U(0.1, 0.45) etc.
 * The sign is applied only together with |u| (a random sign on a plain sine sum would not change
 * its distribution, since the phases are uniform).
 */
export function randomInitialCondition(
  rng: Rng,
  x: Float64Array,
  options: Partial<InitialConditionOptions> = {},
): InitialConditionDraw {
  const o = { ...DEFAULT_IC_OPTIONS, ...options };
  if (!(Number.isInteger(o.kTot) && o.kTot >= 1)) throw new Error(`kTot must be a positive integer, got ${o.kTot}`);
  const counts = new Array<number>(o.kTot).fill(0);
  counts[rng.int(o.kTot)]++;
  counts[rng.int(o.kTot)]++;
  const amplitudes: number[] = [];
  const phases: number[] = [];
  for (let n = 0; n < o.kTot; n++) {
    amplitudes.push(rng.next());
    phases.push(rng.uniform(0, 2 * Math.PI));
  }
  const absApplied = rng.next() < o.pAbs;
  const signDraw = rng.next() < 0.5 ? -1 : 1;
  const windowApplied = rng.next() < o.pWindow;
  const xL = o.x0 + o.length * rng.uniform(0.1, 0.45);
  const xR = o.x0 + o.length * rng.uniform(0.55, 0.9);

  const u = new Float64Array(x.length);
  for (let n = 1; n <= o.kTot; n++) {
    const a = amplitudes[n - 1];
    const phi = phases[n - 1];
    const kx = (2 * Math.PI * n * counts[n - 1]) / o.length;
    for (let i = 0; i < x.length; i++) u[i] += a * Math.sin(kx * (x[i] - o.x0) + phi);
  }
  const sign = absApplied ? signDraw : 1;
  if (absApplied) for (let i = 0; i < u.length; i++) u[i] = sign * Math.abs(u[i]);
  if (windowApplied) {
    for (let i = 0; i < u.length; i++) {
      u[i] *= 0.5 * (Math.tanh((x[i] - xL) / o.edgeWidth) - Math.tanh((x[i] - xR) / o.edgeWidth));
    }
  }
  return {
    u,
    counts,
    amplitudes,
    phases,
    absApplied,
    sign,
    window: windowApplied ? { xL, xR } : null,
  };
}

/**
 * Affine map of u onto [0, 1] in place: (u − min)/(max − min), as PDEBench does for
 * reaction–diffusion. A constant field (max = min) becomes 0.5 everywhere: the map is undefined
 * there and the midpoint keeps the logistic dynamics non-trivial.
 */
export function scaleToUnitInterval(u: Float64Array): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < u.length; i++) {
    if (u[i] < lo) lo = u[i];
    if (u[i] > hi) hi = u[i];
  }
  const range = hi - lo;
  for (let i = 0; i < u.length; i++) u[i] = range > 0 ? (u[i] - lo) / range : 0.5;
}

/** Primitive CFD fields (density, velocity, pressure) on the same points. */
export interface CfdInitialState {
  rho: Float64Array;
  v: Float64Array;
  p: Float64Array;
}

/**
 * Random initial state for 1D compressible Navier–Stokes: one independent draw of the recipe above
 * per field (k_tot = 3, window probability 0.5, on the domain [x₀, x₀ + L]; streams rng.fork('rho'),
 * fork('v'), fork('p')), each divided by its max |·| to lie in [−1, 1] (a zero draw stays 0), then
 *   ρ₀ = 1 + 0.5 ũ_ρ,  p₀ = 1 + 0.5 ũ_p,  v₀ = M·√Γ·ũ_v  (√Γ = sound speed of the mean state).
 * The affine maps are our choice (docs/METHOD.md §5 gives only the sine recipe): they keep ρ and p in
 * [0.5, 1.5] and make M the largest initial Mach number relative to the mean state.
 */
export function randomCfdInitialState(
  rng: Rng,
  x: Float64Array,
  mach: number,
  domain: { x0: number; length: number } = { x0: -1, length: 2 },
  gamma = 5 / 3,
): CfdInitialState {
  const opts = { kTot: 3, pWindow: 0.5, x0: domain.x0, length: domain.length };
  const unit = (label: string): Float64Array => {
    const u = randomInitialCondition(rng.fork(label), x, opts).u;
    let m = 0;
    for (let i = 0; i < u.length; i++) m = Math.max(m, Math.abs(u[i]));
    if (m > 0) for (let i = 0; i < u.length; i++) u[i] /= m;
    return u;
  };
  const rho = unit('rho').map((w) => 1 + 0.5 * w);
  const v = unit('v').map((w) => mach * Math.sqrt(gamma) * w);
  const p = unit('p').map((w) => 1 + 0.5 * w);
  return { rho, v, p };
}
