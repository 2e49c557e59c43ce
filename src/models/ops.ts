/**
 * Portable tensor ops: every op here has forward and gradient kernels on all four tfjs backends
 * (cpu, wasm, webgl, webgpu). See docs/BACKENDS.md "Op support that bites":
 * - wasm has no gradient for tf.gather ⇒ embeddings are one-hot × matMul;
 * - wasm has no Conv2DBackpropFilter ⇒ conv1d is im2col (pad + shifted slices + concat + matMul);
 * - tf.spectral.rfft/irfft have no gradient anywhere ⇒ the truncated real DFT is a matMul against
 *   precomputed cos/sin matrices (cheap for the few modes an FNO keeps).
 * Functions are pure (no tf.tidy inside); callers wrap a whole forward pass in one tidy.
 */
import * as tf from '@tensorflow/tfjs';

/** Dense layer on the last axis: x [..., dIn] · w [dIn, dOut] (+ b [dOut]) → [..., dOut]. */
export function dense(x: tf.Tensor, w: tf.Tensor2D, b: tf.Tensor | null = null): tf.Tensor {
  const dIn = w.shape[0];
  const dOut = w.shape[1];
  const lead = x.shape.slice(0, -1);
  // matMul wants rank 2: fold all leading axes into rows.
  let y: tf.Tensor = tf.matMul(tf.reshape(x, [-1, dIn]), w);
  if (b) y = tf.add(y, b);
  return tf.reshape(y, [...lead, dOut]);
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * GELU, tanh approximation (Hendrycks & Gimpel 2016, eq. for "GELU ≈ 0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))").
 * The exact form needs erf, which has no wasm kernel; the two differ by < 1e-3 everywhere.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}

/** LayerNorm over the last axis (Ba et al. 2016): (x − mean)/√(var + eps) · gamma + beta. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps = 1e-5): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(normed, gamma), beta);
}

/**
 * Embedding lookup as one-hot × table: ids int32 [batch, seq], table [vocab, d] → [batch, seq, d].
 * Cost: the one-hot is batch·seq·vocab floats and the backward pass a [vocab, batch·seq]·[batch·seq, d]
 * product, so keep the vocabulary small (a few thousand). `oneHot(...).toFloat()` rather than the
 * dtype argument: the latter returns garbage on wasm (docs/BACKENDS.md).
 */
export function oneHotEmbed(ids: tf.Tensor, table: tf.Tensor2D): tf.Tensor3D {
  const [batch, seq] = ids.shape;
  const [vocab, d] = table.shape;
  const hot = tf.oneHot(tf.reshape(ids, [-1]) as tf.Tensor1D, vocab).toFloat(); // [batch·seq, vocab]
  return tf.reshape(tf.matMul(hot, table), [batch, seq, d]);
}

/** Padding of conv1dIm2col: zero 'same' / 'valid' as tf.conv1d, or periodic 'circular' (same length). */
export type ConvPadding = 'same' | 'valid' | 'circular';

/**
 * 1-D convolution (cross-correlation, stride 1) as im2col + one matMul, same layout as tf.conv1d:
 * x [batch, n, cIn], kernel [k, cIn, cOut] → [batch, nOut, cOut].
 * y[b, i, o] = Σ_t Σ_c xpad[b, i + t·dilation, c] · kernel[t, c, o].
 * 'same' pads (k−1)·dilation zeros, the smaller half on the left, exactly like TF; 'circular' wraps
 * around instead (periodic PDE domains).
 */
export function conv1dIm2col(x: tf.Tensor3D, kernel: tf.Tensor3D, padding: ConvPadding = 'same', dilation = 1): tf.Tensor3D {
  const [batch, n, cIn] = x.shape;
  const [k, kIn, cOut] = kernel.shape;
  if (kIn !== cIn) throw new Error(`conv1dIm2col: input has ${cIn} channels, kernel expects ${kIn}`);
  const span = (k - 1) * dilation;
  const padLeft = padding === 'valid' ? 0 : Math.floor(span / 2);
  const padRight = padding === 'valid' ? 0 : span - padLeft;
  let xp: tf.Tensor3D = x;
  if (padding === 'same' && span > 0) {
    xp = tf.pad(x, [[0, 0], [padLeft, padRight], [0, 0]]);
  } else if (padding === 'circular' && span > 0) {
    if (span > n) throw new Error('conv1dIm2col: circular padding wider than the signal');
    const parts: tf.Tensor3D[] = [];
    if (padLeft > 0) parts.push(tf.slice(x, [0, n - padLeft, 0], [batch, padLeft, cIn]));
    parts.push(x);
    if (padRight > 0) parts.push(tf.slice(x, [0, 0, 0], [batch, padRight, cIn]));
    xp = tf.concat(parts, 1);
  }
  const nOut = xp.shape[1] - span;
  if (nOut <= 0) throw new Error('conv1dIm2col: kernel longer than the (padded) signal');
  // Column t·cIn + c of the patch matrix is tap t, channel c: the row order of kernel reshaped to [k·cIn, cOut].
  const taps: tf.Tensor3D[] = [];
  for (let t = 0; t < k; t++) taps.push(tf.slice(xp, [0, t * dilation, 0], [batch, nOut, cIn]));
  const patches = k === 1 ? taps[0] : tf.concat(taps, 2); // [batch, nOut, k·cIn]
  const y = tf.matMul(tf.reshape(patches, [batch * nOut, k * cIn]), tf.reshape(kernel, [k * cIn, cOut]));
  return tf.reshape(y, [batch, nOut, cOut]);
}

/** Average pooling by 2 along the length: x [batch, n, c] (n even) → [batch, n/2, c]. */
export function avgPool2(x: tf.Tensor3D): tf.Tensor3D {
  const [batch, n, c] = x.shape;
  if (n % 2 !== 0) throw new Error('avgPool2: length must be even');
  return tf.mean(tf.reshape(x, [batch, n / 2, 2, c]), 2) as tf.Tensor3D;
}

/**
 * Transposed convolution with kernel 2 and stride 2 (PDEBench UNet's up-sampling), written as one
 * matMul: output position 2j + r is x_j · kernel[r]. x [batch, n, cIn], kernel [2, cIn, cOut] → [batch, 2n, cOut].
 */
export function upConv2(x: tf.Tensor3D, kernel: tf.Tensor3D): tf.Tensor3D {
  const [batch, n, cIn] = x.shape;
  const cOut = kernel.shape[2];
  // [cIn, 2·cOut] with column r·cOut + o = kernel[r, c, o]: transpose to [cIn, 2, cOut] first.
  const w = tf.reshape(tf.transpose(kernel, [1, 0, 2]), [cIn, 2 * cOut]);
  const y = tf.matMul(tf.reshape(x, [batch * n, cIn]), w); // [batch·n, 2·cOut]
  return tf.reshape(y, [batch, 2 * n, cOut]);
}

/** Real cos/sin matrices of the truncated real DFT and its inverse (plain arrays, row-major). */
export interface DftMatrices {
  nx: number;
  modes: number;
  /** [nx, modes]: cos(2π jk/nx). Re X_k = Σ_j x_j cos. */
  fwdCos: Float32Array;
  /** [nx, modes]: −sin(2π jk/nx). Im X_k = Σ_j x_j (−sin). */
  fwdSin: Float32Array;
  /** [modes, nx]: c_k cos(2π jk/nx)/nx, c_0 = 1, c_k = 2 (1 at the Nyquist mode). */
  invCos: Float32Array;
  /** [modes, nx]: −c_k sin(2π jk/nx)/nx. */
  invSin: Float32Array;
}

/**
 * Matrices such that, for a real signal x of length nx and modes ≤ ⌊nx/2⌋ + 1,
 *   [Re X_k, Im X_k] = [x·fwdCos, x·fwdSin]    equals numpy/torch rfft(x)[:modes], and
 *   Re·invCos + Im·invSin                      equals irfft of the spectrum zero-filled above `modes`
 * (irfft ignores the imaginary part of the DC and Nyquist bins; their sine rows vanish, matching it).
 * Angles are built from (j·k mod nx) in float64 so large nx keeps full precision before the float32 cast.
 */
export function dftMatrices(nx: number, modes: number): DftMatrices {
  if (!Number.isInteger(modes) || modes < 1 || modes > Math.floor(nx / 2) + 1) {
    throw new Error(`dftMatrices: need 1 ≤ modes ≤ ${Math.floor(nx / 2) + 1}, got ${modes}`);
  }
  const fwdCos = new Float32Array(nx * modes);
  const fwdSin = new Float32Array(nx * modes);
  const invCos = new Float32Array(modes * nx);
  const invSin = new Float32Array(modes * nx);
  for (let k = 0; k < modes; k++) {
    const nyquist = nx % 2 === 0 && k === nx / 2;
    const weight = k === 0 || nyquist ? 1 : 2;
    for (let j = 0; j < nx; j++) {
      const theta = (2 * Math.PI * ((j * k) % nx)) / nx;
      const c = Math.cos(theta);
      const s = Math.sin(theta);
      fwdCos[j * modes + k] = c;
      fwdSin[j * modes + k] = -s;
      invCos[k * nx + j] = (weight * c) / nx;
      invSin[k * nx + j] = (-weight * s) / nx;
    }
  }
  return { nx, modes, fwdCos, fwdSin, invCos, invSin };
}

/** The DFT matrices uploaded as tensors (created once per model, disposed with it). */
export interface DftTensors {
  fwdCos: tf.Tensor2D;
  fwdSin: tf.Tensor2D;
  invCos: tf.Tensor2D;
  invSin: tf.Tensor2D;
}

/** Upload dftMatrices(nx, modes) as constant (non-trainable) tensors. */
export function dftTensors(nx: number, modes: number): DftTensors {
  const m = dftMatrices(nx, modes);
  return {
    fwdCos: tf.tensor2d(m.fwdCos, [nx, modes]),
    fwdSin: tf.tensor2d(m.fwdSin, [nx, modes]),
    invCos: tf.tensor2d(m.invCos, [modes, nx]),
    invSin: tf.tensor2d(m.invSin, [modes, nx]),
  };
}

/** Truncated real DFT along the last axis: x [..., nx] → {re, im} [..., modes]. */
export function truncatedRfft(x: tf.Tensor, dft: DftTensors): { re: tf.Tensor; im: tf.Tensor } {
  return { re: dense(x, dft.fwdCos), im: dense(x, dft.fwdSin) };
}

/** Inverse of truncatedRfft (modes above the kept ones are zero): {re, im} [..., modes] → [..., nx]. */
export function truncatedIrfft(re: tf.Tensor, im: tf.Tensor, dft: DftTensors): tf.Tensor {
  return tf.add(dense(re, dft.invCos), dense(im, dft.invSin));
}

/** Dispose the four DFT tensors. */
export function disposeDft(dft: DftTensors): void {
  tf.dispose([dft.fwdCos, dft.fwdSin, dft.invCos, dft.invSin]);
}
