/**
 * 2-D building blocks of FNO2d and UNet2d, written with matMul, slice, concat, reshape and transpose
 * only (ranks ≤ 5), so they train on every tfjs backend including wasm (which has no
 * Conv2DBackpropFilter) and give the same numbers everywhere. Layout: channels last, [batch, ny, nx, c].
 */
import * as tf from '@tensorflow/tfjs';
import type { ConvPadding } from './ops';

/** Pad [batch, ny, nx, c] by p on every side of both spatial axes: zeros ('same') or periodically ('circular'). */
function pad2d(x: tf.Tensor4D, p: number, padding: ConvPadding): tf.Tensor4D {
  if (p === 0 || padding === 'valid') return x;
  if (padding === 'same') return tf.pad(x, [[0, 0], [p, p], [p, p], [0, 0]]);
  const [b, ny, nx, c] = x.shape;
  if (p > ny || p > nx) throw new Error('conv2dIm2col: circular padding wider than the field');
  const rows = tf.concat([tf.slice(x, [0, ny - p, 0, 0], [b, p, nx, c]), x, tf.slice(x, [0, 0, 0, 0], [b, p, nx, c])], 1);
  const ny2 = ny + 2 * p;
  return tf.concat([tf.slice(rows, [0, 0, nx - p, 0], [b, ny2, p, c]), rows, tf.slice(rows, [0, 0, 0, 0], [b, ny2, p, c])], 2);
}

/**
 * 2-D convolution (cross-correlation, stride 1, odd square kernel) as im2col + one matMul:
 * x [batch, ny, nx, cIn], kernel [k·k, cIn, cOut] (tap t = dy·k + dx) → [batch, nyOut, nxOut, cOut].
 * The kernel is stored with its taps flattened so it is a 3-D conv kernel to the ESD code (k² slices
 * cIn × cOut, exactly the slices of a [k, k, cIn, cOut] kernel).
 */
export function conv2dIm2col(x: tf.Tensor4D, kernel: tf.Tensor3D, padding: ConvPadding = 'same'): tf.Tensor4D {
  const [b, , , cIn] = x.shape;
  const [taps, kIn, cOut] = kernel.shape;
  const k = Math.round(Math.sqrt(taps));
  if (k * k !== taps || k % 2 === 0) throw new Error(`conv2dIm2col: kernel taps ${taps} is not an odd square`);
  if (kIn !== cIn) throw new Error(`conv2dIm2col: input has ${cIn} channels, kernel expects ${kIn}`);
  const xp = pad2d(x, (k - 1) / 2, padding);
  const nyOut = xp.shape[1] - (k - 1);
  const nxOut = xp.shape[2] - (k - 1);
  if (nyOut <= 0 || nxOut <= 0) throw new Error('conv2dIm2col: kernel larger than the (padded) field');
  const cols: tf.Tensor4D[] = [];
  for (let dy = 0; dy < k; dy++) for (let dx = 0; dx < k; dx++) cols.push(tf.slice(xp, [0, dy, dx, 0], [b, nyOut, nxOut, cIn]));
  const patches = taps === 1 ? cols[0] : tf.concat(cols, 3); // [b, nyOut, nxOut, k²·cIn]
  const y = tf.matMul(tf.reshape(patches, [b * nyOut * nxOut, taps * cIn]), tf.reshape(kernel, [taps * cIn, cOut]));
  return tf.reshape(y, [b, nyOut, nxOut, cOut]);
}

/** 2×2 average pooling: [batch, ny, nx, c] (even sides) → [batch, ny/2, nx/2, c]. */
export function avgPool2d(x: tf.Tensor4D): tf.Tensor4D {
  const [b, ny, nx, c] = x.shape;
  if (ny % 2 !== 0 || nx % 2 !== 0) throw new Error('avgPool2d: sides must be even');
  const alongX = tf.mean(tf.reshape(x, [b, ny, nx / 2, 2, c]), 3); // [b, ny, nx/2, c]
  return tf.reshape(tf.mean(tf.reshape(alongX, [b, ny / 2, 2, (nx / 2) * c]), 2), [b, ny / 2, nx / 2, c]);
}

/**
 * Transposed convolution with a 2×2 kernel and stride 2: output (2i + r, 2j + s) = x(i, j) · kernel[r·2 + s].
 * x [batch, ny, nx, cIn], kernel [4, cIn, cOut] → [batch, 2ny, 2nx, cOut]. One matMul per output row parity r.
 */
export function upConv2d(x: tf.Tensor4D, kernel: tf.Tensor3D): tf.Tensor4D {
  const [b, ny, nx, cIn] = x.shape;
  const cOut = kernel.shape[2];
  const flat = tf.reshape(x, [b * ny * nx, cIn]);
  const rows: tf.Tensor4D[] = [];
  for (let r = 0; r < 2; r++) {
    // [cIn, 2·cOut] with column s·cOut + o = kernel[2r + s, c, o].
    const w = tf.reshape(tf.transpose(tf.slice(kernel, [2 * r, 0, 0], [2, cIn, cOut]), [1, 0, 2]), [cIn, 2 * cOut]);
    rows.push(tf.reshape(tf.matMul(flat, w), [b, ny, 2 * nx, cOut])); // s interleaves along x
  }
  return tf.reshape(tf.stack(rows, 2), [b, 2 * ny, 2 * nx, cOut]); // [b, ny, 2, 2nx, cOut] → rows 2i + r
}

/**
 * Cos/sin matrices of the complex DFT along one axis, restricted to the frequencies kept by a 2-D FNO:
 * ky = 0..m−1 and n−m..n−1 (the lowest |ky| of both signs, K = 2m columns, as PDEBench's FNO2d keeps
 * `weights1` and `weights2`). fwdCos/fwdSin [n, K] give X = x·(C − iS); invCos/invSin [K, n] include 1/n.
 */
export function complexDftMatrices(n: number, m: number): { freqs: number[]; fwdCos: Float32Array; fwdSin: Float32Array; invCos: Float32Array; invSin: Float32Array } {
  if (!(Number.isInteger(m) && m >= 1 && 2 * m <= n)) throw new Error(`complexDftMatrices: need 1 ≤ modes ≤ ${n / 2}, got ${m}`);
  const freqs: number[] = [];
  for (let k = 0; k < m; k++) freqs.push(k);
  for (let k = n - m; k < n; k++) freqs.push(k);
  const K = freqs.length;
  const fwdCos = new Float32Array(n * K);
  const fwdSin = new Float32Array(n * K);
  const invCos = new Float32Array(K * n);
  const invSin = new Float32Array(K * n);
  freqs.forEach((k, col) => {
    for (let j = 0; j < n; j++) {
      const theta = (2 * Math.PI * ((j * k) % n)) / n;
      fwdCos[j * K + col] = Math.cos(theta);
      fwdSin[j * K + col] = Math.sin(theta);
      invCos[col * n + j] = Math.cos(theta) / n;
      invSin[col * n + j] = Math.sin(theta) / n;
    }
  });
  return { freqs, fwdCos, fwdSin, invCos, invSin };
}
