/**
 * Exact Fourier-space step of the periodic heat equation ∂ₜu = D ∂ₓₓu.
 *
 * Each Fourier mode e^{iκx} of the grid function decays by exactly e^{−D κ² t}, κ = 2πk/L, so a
 * step of any length costs one forward and one inverse FFT and is unconditionally stable. This is
 * what makes large viscosities cheap (explicit diffusion would need Δt ≤ Δx²/(2D), i.e. ~10⁶ steps).
 * Used inside Strang splittings (Burgers, reaction–diffusion). Mode k and −k get the same real
 * factor, so a real field stays real; the Nyquist mode (k = N/2) decays with κ = πN/L.
 */
import { getRealFft, isPowerOfTwo } from './fft';

/** Applies exp(τ ∂ₓₓ) in place to a periodic real field, τ = diffusivity × time. */
export interface HeatStep {
  readonly n: number;
  /** u ← exp(τ ∂ₓₓ) u (in place). τ = 0 is a no-op; τ < 0 is rejected (ill-posed). */
  apply(u: Float64Array, tau: number): void;
}

/**
 * A heat-step operator for n cells on a periodic domain of length L.
 * @throws if n is not a power of two.
 */
export function createHeatStep(n: number, domainLength: number): HeatStep {
  if (!isPowerOfTwo(n)) throw new Error(`Spectral diffusion needs a power-of-two grid, got ${n}`);
  const fft = getRealFft(n);
  const half = n >> 1;
  // Half spectrum k = 0..n/2 of the real field (X_{n−k} = conj X_k gets the same factor).
  const re = new Float64Array(half + 1);
  const im = new Float64Array(half + 1);
  const factor = new Float64Array(half + 1);
  const dk = (2 * Math.PI) / domainLength;

  return {
    n,
    apply(u, tau) {
      if (!(tau >= 0)) throw new Error(`heat step needs τ ≥ 0, got ${tau}`);
      if (tau === 0) return;
      fillFactors(factor, Math.exp(-dk * dk * tau));
      fft.forward(u, re, im);
      for (let k = 0; k <= half; k++) {
        re[k] *= factor[k];
        im[k] *= factor[k];
      }
      fft.inverse(re, im, u);
    },
  };
}

/**
 * factor[k] = q^{k²} for k = 0..n/2. Built by the recurrence q^{(k+1)²} = q^{k²} · q^{2k+1}, q^{2k+3} = q^{2k+1} · q², which needs no
 * exp per mode (one exp per call instead of n). Relative rounding grows like k·ε: harmless, and
 * small factors underflow to 0 cleanly because every factor lies in [0, 1].
 */
function fillFactors(factor: Float64Array, q: number): void {
  const q2 = q * q;
  let pk = 1; // q^{k²}
  let odd = q; // q^{2k+1}
  for (let k = 0; k < factor.length; k++) {
    factor[k] = pk;
    pk *= odd;
    odd *= q2;
  }
}
