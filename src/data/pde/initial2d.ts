/**
 * Random initial state of the 2-D compressible flow data, PDEBench-style: each primitive field is a
 * sum of two plane sine waves on the periodic unit square,
 *   w(x, y) = Σ_{m=1,2} A_m sin(2π(k_m x + l_m y) + φ_m),  A_m ~ U(0, 1), φ_m ~ U(0, 2π),
 *   (k_m, l_m) uniform on {−k_tot..k_tot}² without (0, 0)  (k_tot = 3, as for the 1-D CFD data),
 * divided by its max |w| (a zero draw stays 0), then, as in the 1-D recipe (randomCfdInitialState),
 *   ρ₀ = 1 + 0.5 w_ρ,  p₀ = 1 + 0.5 w_p,  v₀ = M·√Γ·w_v per component,
 * so ρ, p ∈ [0.5, 1.5] and M is the largest initial Mach number of each velocity component relative to
 * the mean state. The affine maps and the wave count are our choice (the sine recipe is PDEBench's).
 */
import type { Rng } from '../../math/random';
import type { Cfd2dState } from './cfd2d';

/** One normalised random wave field at the n×n cell centres, row-major. */
function waveField(rng: Rng, n: number, kTot: number): Float64Array {
  const w = new Float64Array(n * n);
  for (let m = 0; m < 2; m++) {
    let k = 0;
    let l = 0;
    while (k === 0 && l === 0) {
      k = rng.int(2 * kTot + 1) - kTot;
      l = rng.int(2 * kTot + 1) - kTot;
    }
    const a = rng.next();
    const phi = 2 * Math.PI * rng.next();
    for (let j = 0; j < n; j++) {
      const y = (j + 0.5) / n;
      for (let i = 0; i < n; i++) w[j * n + i] += a * Math.sin(2 * Math.PI * (k * ((i + 0.5) / n) + l * y) + phi);
    }
  }
  let max = 0;
  for (const v of w) max = Math.max(max, Math.abs(v));
  if (max > 0) for (let i = 0; i < w.length; i++) w[i] /= max;
  return w;
}

/** Random primitive state on an n×n periodic grid (streams rng.fork('rho' | 'vx' | 'vy' | 'p')). */
export function randomCfd2dInitialState(rng: Rng, n: number, mach: number, kTot = 3, gamma = 5 / 3): Cfd2dState {
  const field = (label: string): Float64Array => waveField(rng.fork(label), n, kTot);
  return {
    rho: field('rho').map((w) => 1 + 0.5 * w),
    vx: field('vx').map((w) => mach * Math.sqrt(gamma) * w),
    vy: field('vy').map((w) => mach * Math.sqrt(gamma) * w),
    p: field('p').map((w) => 1 + 0.5 * w),
  };
}
