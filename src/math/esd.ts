/**
 * Empirical spectral densities (ESDs) of layer weights: eigenvalues of WᵀW, float64, ascending.
 * Definitions: docs/METHOD.md §1. Degenerate inputs: docs/ESD.md.
 *
 * Method (measured in docs/BENCHMARKS.md "ESD + fit"): Gram matrix of the smaller side in float64
 * (gram.ts, blocked, symmetric half), then Householder tridiagonalisation + implicit QL (symeig.ts).
 * Chosen over a bidiagonal SVD because the Gram product is a cache-friendly dot-product kernel that a JS
 * engine runs near its scalar peak, and for tall layers (768 × 3072) it costs m·n² flops instead of the
 * ≈ 4·m·n² of a Golub–Kahan bidiagonalisation. The price is precision at the bottom of the spectrum:
 * absolute eigenvalue error ≈ c·n·ε·λ_max (instead of ≈ ε·σ_max·σ for an SVD), so eigenvalues below
 * `noiseFloor` are not resolved and are returned as exactly 0 (this also clamps the tiny negative values
 * that rounding produces). The power-law fit uses the top of the spectrum, where the relative error is
 * ≈ 1e-15; the fixtures test checks α, D, xmin and λ_max against numpy's SVD to 1e-6.
 * Engine: the Gram product and tridiagonalisation run in the WebAssembly SIMD kernel where available,
 * else in JavaScript (wasm/kernel.ts, chosen at run time; both tested against numpy and each other).
 */
import type { NamedTensor } from './types';
import { powerOfTwoScale, smallerGram } from './gram';
import { symmetricEigenvalues, tql1 } from './symeig';
import type { QlResult } from './symeig';
import { eigenEngine, wasmGramTridiagonal } from './wasm/kernel';

/** Default conv_norm of the authors' code: each kernel slice is scaled by √0.5 before its SVD. */
export const DEFAULT_CONV_NORM = 0.5;

/**
 * Relative noise floor of the Gram method: eigenvalues with |λ| ≤ NOISE_FACTOR · n · ε · λ_max are set
 * to 0. A backward-stable symmetric eigensolver on G = AAᵀ has error ≈ ‖G‖·ε·p(n), p modest; 8·n is a
 * safe bound (measured errors are ≈ 0.1·n·ε·λ_max, see esd.test.ts "rank-deficient").
 */
export const NOISE_FACTOR = 8;

/** The threshold below which eigenvalues of a spectrum with n values and top λ_max are set to 0. */
export function noiseFloor(n: number, lambdaMax: number): number {
  return NOISE_FACTOR * n * Math.pow(2, -52) * lambdaMax;
}

/** Set |λ| ≤ noise floor to exactly 0 (in place; `values` ascending). */
function clampNoise(values: Float64Array): void {
  const n = values.length;
  if (n === 0) return;
  const floor = noiseFloor(n, Math.max(0, values[n - 1]));
  for (let k = 0; k < n; k++) {
    if (values[k] <= floor) values[k] = 0;
    else break;
  }
}

/**
 * Eigenvalues of WᵀW for W (rows × cols, row-major), ascending, float64, length min(rows, cols).
 * Values ≤ noiseFloor(n, λ_max) (including rounding negatives) are exactly 0. All-zero W ⇒ all zeros.
 * Throws RangeError when data.length ≠ rows·cols or an entry is NaN/±∞ (analyzeTensor screens for
 * these first and reports 'not-finite'), and Error if QL fails to converge (never observed).
 */
export function denseEsd(data: Float32Array | Float64Array, rows: number, cols: number): Float64Array {
  if (!(rows >= 0 && cols >= 0) || data.length !== rows * cols) {
    throw new RangeError(`denseEsd: data length ${data.length} is not ${rows}×${cols}`);
  }
  const n = Math.min(rows, cols);
  if (n === 0) return new Float64Array(0);
  let res: QlResult;
  let log2Scale: number;
  if (eigenEngine() === 'wasm-simd') {
    log2Scale = powerOfTwoScale(data);
    res = tql1(wasmGramTridiagonal(data, rows, cols, log2Scale));
    res.values.sort();
  } else {
    const g = smallerGram(data, rows, cols);
    log2Scale = g.log2Scale;
    res = symmetricEigenvalues(g.gram, n);
  }
  const { values, converged } = res;
  if (!converged) throw new Error(`denseEsd: QL iteration did not converge for a ${rows}×${cols} matrix`);
  // Undo the power-of-two scaling exactly: λ(W) = λ(A) · 4^log2Scale. Done in two factors so that
  // 2^(2·log2Scale) cannot overflow when the product itself is representable.
  const half = Math.pow(2, log2Scale);
  for (let k = 0; k < n; k++) values[k] = values[k] * half * half;
  clampNoise(values);
  return values;
}

/**
 * Pool the ESDs of `slices` consecutive kernel slices, each cIn × cOut, scaled by √convNorm
 * (so each eigenvalue by convNorm). Layout [..., cIn, cOut] row-major ⇒ slice s starts at s·cIn·cOut.
 */
function pooledSliceEsd(
  data: Float32Array | Float64Array,
  slices: number,
  cIn: number,
  cOut: number,
  convNorm: number,
): Float64Array {
  const size = cIn * cOut;
  if (data.length !== slices * size) {
    throw new RangeError(`conv ESD: data length ${data.length} is not ${slices}×${cIn}×${cOut}`);
  }
  const per = Math.min(cIn, cOut);
  const out = new Float64Array(slices * per);
  for (let s = 0; s < slices; s++) {
    const esd = denseEsd(data.subarray(s * size, (s + 1) * size), cIn, cOut);
    for (let k = 0; k < per; k++) out[s * per + k] = esd[k] * convNorm;
  }
  out.sort();
  return out;
}

/**
 * Conv1d kernel ESD, tfjs layout [k, cIn, cOut]: k slices of cIn × cOut, each scaled by √convNorm,
 * squared singular values pooled, ascending. Length k·min(cIn, cOut). Default convNorm 0.5.
 */
export function conv1dEsd(
  data: Float32Array | Float64Array,
  k: number,
  cIn: number,
  cOut: number,
  convNorm = DEFAULT_CONV_NORM,
): Float64Array {
  return pooledSliceEsd(data, k, cIn, cOut, convNorm);
}

/** Conv2d kernel ESD, tfjs layout [kh, kw, cIn, cOut]: kh·kw slices, same rule as conv1dEsd. */
export function conv2dEsd(
  data: Float32Array | Float64Array,
  kh: number,
  kw: number,
  cIn: number,
  cOut: number,
  convNorm = DEFAULT_CONV_NORM,
): Float64Array {
  return pooledSliceEsd(data, kh * kw, cIn, cOut, convNorm);
}

/**
 * ESD of a named tensor by its shape: 2-D → dense [rows, cols]; 3-D → conv1d [k, cIn, cOut];
 * 4-D → conv2d [kh, kw, cIn, cOut]. 1-D, 0-D or > 4-D throws RangeError (biases and norms have no ESD).
 */
export function esdOfTensor(t: NamedTensor, convNorm = DEFAULT_CONV_NORM): Float64Array {
  const s = t.shape;
  switch (s.length) {
    case 2:
      return denseEsd(t.data, s[0], s[1]);
    case 3:
      return conv1dEsd(t.data, s[0], s[1], s[2], convNorm);
    case 4:
      return conv2dEsd(t.data, s[0], s[1], s[2], s[3], convNorm);
    default:
      throw new RangeError(`esdOfTensor: ${t.name} has shape [${s.join(', ')}]; need 2-D, 3-D or 4-D`);
  }
}
