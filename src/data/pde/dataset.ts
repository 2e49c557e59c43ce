/**
 * PDEBench-style datasets generated in the lab (docs/METHOD.md §5): random
 * initial conditions (initial.ts) pushed through our own solvers, sampled at nt equally spaced
 * frames over the PDEBench time span, stored as float32 [samples, nt, nx] for training.
 *
 * Determinism and nesting: sample i is drawn from createRng(seed).fork(`sample-${i}`), a stream that
 * depends only on (seed, i). So the same spec gives identical bytes on every run and platform, and
 * the first m samples of a larger set equal a set of m samples: a cache can serve smaller requests
 * from a larger entry (which is why `datasetKey` leaves the sample count out).
 * The data are "PDEBench-style": same equations, parameters and IC recipe, our numerics, generated
 * directly at 128–256 cells; numbers are not directly comparable with published ones.
 */
import { createRng } from '../../math/random';
import { solveAdvection } from './advection';
import { solveBurgers } from './burgers';
import { solveCfd } from './cfd';
import { solveCfd2d } from './cfd2d';
import { solveDarcy } from './darcy';
import { gaussianRandomField, thresholdField } from './grf';
import { randomCfd2dInitialState } from './initial2d';
import { isPowerOfTwo } from './fft';
import { frameTimes } from './finiteVolume';
import { cellCentres, randomCfdInitialState, randomInitialCondition, scaleToUnitInterval } from './initial';
import { solveReactionDiffusion } from './reactionDiffusion';

/** Bump when a solver or the IC recipe changes, so cached datasets are regenerated. */
export const PDE_DATA_VERSION = 1;

/**
 * Which equation and its parameters (docs/METHOD.md §5 table: β; ν of Burgers' (ν/π)∂ₓₓ; ν, ρ; for CFD the
 * shear and bulk viscosities η, ζ and the initial Mach number M, see randomCfdInitialState).
 */
export type PdeEquationSpec =
  | { equation: 'advection'; params: { beta: number } }
  | { equation: 'burgers'; params: { nu: number } }
  | { equation: 'reaction-diffusion'; params: { nu: number; rho: number } }
  | { equation: 'cfd'; params: { eta: number; zeta: number; mach: number } }
  /** Steady Darcy flow −∇·(a∇u) = β on the unit square (darcy.ts); nt must be 1. */
  | { equation: 'darcy'; params: { beta: number } }
  /** 2-D compressible Euler flow on the periodic unit square (cfd2d.ts), initial Mach number M. */
  | { equation: 'cfd2d'; params: { mach: number } };

export type PdeEquation = PdeEquationSpec['equation'];

/** A dataset request. */
export type PdeDatasetSpec = PdeEquationSpec & {
  /**
   * Cells on the domain ((0,1); [−1,1] for CFD); a power of two (128 or 256 in the lab). For the 2-D
   * equations (darcy, cfd2d) the cells per side of the nx × nx grid (32 or 64).
   */
  nx: number;
  /** Frames, including t = 0 (PDEBench-style: 41). */
  nt: number;
  samples: number;
  seed: number;
  /** Last frame time; default PDE_TIME_SPAN[equation] (2 for advection/Burgers, 1 for reaction–diffusion). */
  tEnd?: number;
};

/** A generated dataset. */
export interface PdeDataset {
  /**
   * Fields, row-major [samples, nt, nx]; for CFD [samples, nt, 3, nx] with channels (ρ, v, p); for the
   * 2-D equations [samples, nt, channels, nx, nx] (rows = y): Darcy [samples, 1, 2, nx, nx] with
   * channels (a, u), 2-D CFD [samples, nt, 4, nx, nx] with channels (ρ, vx, vy, p).
   * Float32: what the models train on, half the memory.
   */
  u: Float32Array;
  /** Cell centres, length nx (along each axis in 2-D). */
  x: Float64Array;
  /** Frame times, length nt. */
  t: Float64Array;
  /** Channels per frame (1 for the scalar equations, 3 for CFD). */
  channels: number;
  spec: PdeDatasetSpec;
}

/** PDEBench time spans t ∈ [0, T]. */
export const PDE_TIME_SPAN: Record<PdeEquation, number> = {
  advection: 2,
  burgers: 2,
  'reaction-diffusion': 1,
  cfd: 1,
  darcy: 1, // steady: the single frame is the solution, the span is unused
  cfd2d: 1,
};

/** Spatial domain [x₀, x₀ + L] of each equation. */
export const PDE_DOMAIN: Record<PdeEquation, { x0: number; length: number }> = {
  advection: { x0: 0, length: 1 },
  burgers: { x0: 0, length: 1 },
  'reaction-diffusion': { x0: 0, length: 1 },
  cfd: { x0: -1, length: 2 },
  darcy: { x0: 0, length: 1 },
  cfd2d: { x0: 0, length: 1 },
};

/** Channels per frame of each equation (Darcy: the coefficient a and the solution u). */
export function pdeChannels(equation: PdeEquation): number {
  if (equation === 'cfd') return 3;
  if (equation === 'cfd2d') return 4;
  return equation === 'darcy' ? 2 : 1;
}

/** Spatial dimensions of an equation's grid. */
export function pdeDims(equation: PdeEquation): 1 | 2 {
  return equation === 'darcy' || equation === 'cfd2d' ? 2 : 1;
}

/** Values per channel of one frame: nx in 1-D, nx² in 2-D. */
export function cellsPerFrame(spec: Pick<PdeDatasetSpec, 'equation' | 'nx'>): number {
  return pdeDims(spec.equation) === 2 ? spec.nx * spec.nx : spec.nx;
}

/** Stable cache key from everything that determines the bytes except the sample count (see module doc). */
export function datasetKey(spec: PdeDatasetSpec): string {
  const params = Object.entries(spec.params)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
  const tEnd = spec.tEnd ?? PDE_TIME_SPAN[spec.equation];
  return `pde-v${PDE_DATA_VERSION}|${spec.equation}|${params}|nx=${spec.nx}|nt=${spec.nt}|tEnd=${tEnd}|seed=${spec.seed >>> 0}`;
}

/**
 * Checks a spec and throws a readable error for anything the solvers cannot take.
 * @throws on a bad grid, frame count, sample count, seed or parameter.
 */
export function validatePdeSpec(spec: PdeDatasetSpec): void {
  const fail = (msg: string): never => {
    throw new Error(`invalid PDE dataset spec: ${msg}`);
  };
  if (!isPowerOfTwo(spec.nx) || spec.nx < 8) fail(`nx must be a power of two ≥ 8, got ${spec.nx}`);
  if (!(Number.isInteger(spec.nt) && spec.nt >= 1)) fail(`nt must be a positive integer, got ${spec.nt}`);
  if (!(Number.isInteger(spec.samples) && spec.samples >= 0)) fail(`samples must be a non-negative integer, got ${spec.samples}`);
  if (!Number.isInteger(spec.seed)) fail(`seed must be an integer, got ${spec.seed}`);
  const tEnd = spec.tEnd ?? PDE_TIME_SPAN[spec.equation];
  if (!(tEnd > 0 && Number.isFinite(tEnd))) fail(`tEnd must be positive, got ${tEnd}`);
  switch (spec.equation) {
    case 'advection':
      if (!Number.isFinite(spec.params.beta)) fail(`beta must be finite, got ${spec.params.beta}`);
      break;
    case 'burgers':
      if (!(spec.params.nu >= 0 && Number.isFinite(spec.params.nu))) fail(`nu must be ≥ 0, got ${spec.params.nu}`);
      break;
    case 'reaction-diffusion':
      if (!(spec.params.nu >= 0 && Number.isFinite(spec.params.nu))) fail(`nu must be ≥ 0, got ${spec.params.nu}`);
      if (!Number.isFinite(spec.params.rho)) fail(`rho must be finite, got ${spec.params.rho}`);
      break;
    case 'cfd': {
      const { eta, zeta, mach } = spec.params;
      if (!(eta >= 0 && zeta >= 0 && Number.isFinite(eta + zeta))) fail(`eta and zeta must be ≥ 0, got ${eta}, ${zeta}`);
      if (!(mach >= 0 && Number.isFinite(mach))) fail(`mach must be ≥ 0, got ${mach}`);
      break;
    }
    case 'darcy':
      if (!(spec.params.beta > 0 && Number.isFinite(spec.params.beta))) fail(`beta must be positive, got ${spec.params.beta}`);
      if (spec.nt !== 1) fail(`Darcy flow is steady: nt must be 1, got ${spec.nt}`);
      break;
    case 'cfd2d':
      if (!(spec.params.mach >= 0 && Number.isFinite(spec.params.mach))) fail(`mach must be ≥ 0, got ${spec.params.mach}`);
      if (spec.nx > 256) fail(`2-D grids are at most 256 per side, got ${spec.nx}`);
      break;
    default:
      fail(`unknown equation ${(spec as { equation: string }).equation}`);
  }
}

/**
 * Sample `index` of a dataset as float64 [nt, nx] ([nt, 3, nx] for CFD), from its own seeded
 * stream, independent of the others. Useful for previews; generatePdeDataset calls it per sample.
 */
export function generatePdeSample(spec: PdeDatasetSpec, index: number): Float64Array {
  const domain = PDE_DOMAIN[spec.equation];
  const x = cellCentres(spec.nx, domain.x0, domain.length);
  const times = frameTimes(spec.nt, spec.tEnd ?? PDE_TIME_SPAN[spec.equation]);
  const rng = createRng(spec.seed).fork(`sample-${index}`);
  if (spec.equation === 'darcy') {
    // Channels (a, u): the thresholded GRF coefficient (12 / 3) and the pressure it gives.
    const a = thresholdField(gaussianRandomField(rng.fork('a'), spec.nx));
    const out = new Float64Array(2 * a.length);
    out.set(a, 0);
    out.set(solveDarcy(a, spec.params.beta).u, a.length);
    return out;
  }
  if (spec.equation === 'cfd2d') return solveCfd2d(randomCfd2dInitialState(rng, spec.nx, spec.params.mach), times);
  if (spec.equation === 'cfd') {
    const s0 = randomCfdInitialState(rng, x, spec.params.mach, domain);
    return solveCfd(s0, spec.params.eta, spec.params.zeta, times, { length: domain.length });
  }
  const u0 = randomInitialCondition(rng, x).u;
  switch (spec.equation) {
    case 'advection':
      return solveAdvection(u0, spec.params.beta, times);
    case 'burgers':
      return solveBurgers(u0, spec.params.nu, times);
    case 'reaction-diffusion':
      scaleToUnitInterval(u0);
      return solveReactionDiffusion(u0, spec.params.nu, spec.params.rho, times);
  }
}

/**
 * Generates a dataset. Calls onProgress(done, total) after each sample (a worker can post it, or
 * throw from it to abort). CPU time for 256 samples × 41 frames (`npx tsx src/data/pde/bench.ts`,
 * Node 20, shared EPYC core): Burgers ν = 0.001 at 256 cells ≈ 2.1 s, ν = 1 ≈ 1.3 s; advection
 * β = 0.4 ≈ 0.5 s, β = 4 ≈ 3.7 s (CFL: 5120 steps); reaction–diffusion ≈ 0.7 s; CFD at 128 cells ≈ 4 s.
 * 2-D data per sample: docs/BENCHMARKS.md (`npm run bench:pde`).
 * @throws if the spec is invalid (validatePdeSpec).
 */
export function generatePdeDataset(
  spec: PdeDatasetSpec,
  onProgress?: (done: number, total: number) => void,
): PdeDataset {
  validatePdeSpec(spec);
  const { nx, nt, samples } = spec;
  const channels = pdeChannels(spec.equation);
  const domain = PDE_DOMAIN[spec.equation];
  const frameSize = nt * channels * cellsPerFrame(spec);
  const u = new Float32Array(samples * frameSize);
  for (let i = 0; i < samples; i++) {
    u.set(generatePdeSample(spec, i), i * frameSize);
    onProgress?.(i + 1, samples);
  }
  return {
    u,
    x: cellCentres(nx, domain.x0, domain.length),
    t: frameTimes(nt, spec.tEnd ?? PDE_TIME_SPAN[spec.equation]),
    channels,
    spec,
  };
}
