/**
 * Fourier Neural Operator, 2-D (Li et al., ICLR 2021; PDEBench's FNO2d layout), multi-channel:
 *
 *   x [batch, cIn, n, n]   (channel-major input: Darcy's coefficient, or k frames × C channels of CFD)
 *   → channels last, append the grid (x, y) at the cell centres       [batch, n, n, cIn + 2]
 *   → lift (dense)                                                   [batch, n, n, width]
 *   → optional zero padding by `pad` cells on the high side of both axes (non-periodic problems)
 *   → K × { v = SpectralConv2d(v) + W_l v + b_l ; GELU except after the last layer }
 *   → crop, proj.fc1 (dense, GELU) → proj.fc2 (dense)                [batch, n, n, cOut]
 *   → channels first                                                 [batch, cOut, n, n]
 *
 * SpectralConv2d: real DFT along x truncated to `modes` (ops.ts matrices), complex DFT along y keeping
 * ky ∈ {0..modes−1} ∪ {n−modes..n−1} (ops2d.ts), per-mode complex channel mixing with weights
 * [2·modes·modes, width, width] (PDEBench's weights1 and weights2 side by side), and the inverse
 * transforms, all as matMuls. Same parameter names, ESD choices and blocks as the 1-D FNO (fno.ts):
 * lift and the head proj.fc2 are dense layers outside every block; the 1×1 convs `blocks.l.w` are conv
 * kernels [1, width, width] with ESD; the complex spectral weights have no ESD and keep the global rate
 * in layer mode (as in the authors' scheduler); proj.fc1 is block `layers`.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../math/random';
import { dense, dftTensors, disposeDft, gelu, truncatedIrfft, truncatedRfft, type DftTensors } from './ops';
import { complexDftMatrices } from './ops2d';
import { ParamRegistry, addDense, torchDefault } from './params';
import type { FnoModel } from './fno';
import type { ModelParam } from './types';

/** Shape of the 2-D FNO. */
export interface Fno2dConfig {
  /** Cells per side of the square grid. */
  n: number;
  inChannels: number;
  outChannels: number;
  /** Fourier modes kept per axis (≤ (n + pad)/2). */
  modes: number;
  width: number;
  layers: number;
  projHidden: number;
  /** Zero padding (cells) added on the high side of both axes for non-periodic problems (PDEBench: 2). */
  pad: number;
}

/** PDEBench FNO2d defaults scaled to the lab's 32×32 grids (PDEBench: modes 12, width 20 at 128×128). */
export const DEFAULT_FNO2D_CONFIG: Fno2dConfig = { n: 32, inChannels: 1, outChannels: 1, modes: 8, width: 20, layers: 4, projHidden: 128, pad: 0 };

/** Constant tensors of the 2-D spectral convolution (made once per model). */
export interface Dft2dTensors {
  x: DftTensors;
  yFwdCos: tf.Tensor2D;
  yFwdSin: tf.Tensor2D;
  yInvCos: tf.Tensor2D;
  yInvSin: tf.Tensor2D;
  modes: number;
}

/** The DFT matrices of a 2-D spectral convolution on an n×n grid keeping `modes` per axis. */
export function dft2dTensors(n: number, modes: number): Dft2dTensors {
  const y = complexDftMatrices(n, modes);
  const K = y.freqs.length;
  return {
    x: dftTensors(n, modes),
    yFwdCos: tf.tensor2d(y.fwdCos, [n, K]),
    yFwdSin: tf.tensor2d(y.fwdSin, [n, K]),
    yInvCos: tf.tensor2d(y.invCos, [K, n]),
    yInvSin: tf.tensor2d(y.invSin, [K, n]),
    modes,
  };
}

export function disposeDft2d(d: Dft2dTensors): void {
  disposeDft(d.x);
  tf.dispose([d.yFwdCos, d.yFwdSin, d.yInvCos, d.yInvSin]);
}

/**
 * Spectral convolution on [batch, n, n, cIn] (rows y, columns x) with complex weights {re, im}
 * [2m·m, cIn, cOut], mode index (ky-column)·m + kx → [batch, n, n, cOut].
 */
export function spectralConv2d(v: tf.Tensor4D, w: { re: tf.Tensor3D; im: tf.Tensor3D }, d: Dft2dTensors): tf.Tensor4D {
  const [b, ny, nx, c] = v.shape;
  const m = d.modes;
  const K = d.yFwdCos.shape[1];
  const cOut = w.re.shape[2];
  // Real DFT along x: [b, c, ny, m].
  const { re: xr, im: xi } = truncatedRfft(tf.transpose(v, [0, 3, 1, 2]), d.x);
  // Complex DFT along y of (R + iI) with e^{−iθ} = C − iS: Re = R·C + I·S, Im = I·C − R·S. → [b, c, m, K]
  const R = tf.transpose(xr, [0, 1, 3, 2]);
  const I = tf.transpose(xi, [0, 1, 3, 2]);
  const fr = tf.add(dense(R, d.yFwdCos), dense(I, d.yFwdSin));
  const fi = tf.sub(dense(I, d.yFwdCos), dense(R, d.yFwdSin));
  const modeMajor = (t: tf.Tensor): tf.Tensor3D => tf.reshape(tf.transpose(t, [3, 2, 0, 1]), [K * m, b, c]);
  const ar = modeMajor(fr);
  const ai = modeMajor(fi);
  const yr = tf.sub(tf.matMul(ar, w.re), tf.matMul(ai, w.im)); // [K·m, b, cOut]
  const yi = tf.add(tf.matMul(ar, w.im), tf.matMul(ai, w.re));
  const back = (t: tf.Tensor): tf.Tensor => tf.transpose(tf.reshape(t, [K, m, b, cOut]), [2, 3, 1, 0]); // [b, cOut, m, K]
  const br = back(yr);
  const bi = back(yi);
  // Inverse DFT along y with e^{+iθ}/n: Re = R·C − I·S, Im = R·S + I·C. → [b, cOut, m, ny]
  const gr = tf.sub(dense(br, d.yInvCos), dense(bi, d.yInvSin));
  const gi = tf.add(dense(br, d.yInvSin), dense(bi, d.yInvCos));
  // Inverse real DFT along x: [b, cOut, ny, nx].
  const out = truncatedIrfft(tf.transpose(gr, [0, 1, 3, 2]), tf.transpose(gi, [0, 1, 3, 2]), d.x);
  return tf.reshape(tf.transpose(out, [0, 2, 3, 1]), [b, ny, nx, cOut]);
}

interface LayerVars {
  re: tf.Variable;
  im: tf.Variable;
  w: tf.Variable;
  b: tf.Variable;
}

function validate(c: Fno2dConfig): void {
  for (const key of ['n', 'inChannels', 'outChannels', 'modes', 'width', 'layers', 'projHidden'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 1) throw new Error(`fno2d config: bad ${key} = ${c[key]}`);
  }
  if (!(Number.isInteger(c.pad) && c.pad >= 0)) throw new Error(`fno2d config: bad pad = ${c.pad}`);
  if (2 * c.modes > c.n + c.pad) throw new Error(`fno2d config: modes ${c.modes} > (n + pad)/2`);
}

/** Build a 2-D FNO (kind 'fno'); apply(x [batch, inChannels, n, n]) → [batch, outChannels, n, n]. */
export function buildFno2d(config: Partial<Fno2dConfig>, seed: number): FnoModel {
  const c: Fno2dConfig = { ...DEFAULT_FNO2D_CONFIG, ...config };
  validate(c);
  const reg = new ParamRegistry('fno2d', createRng(seed).fork('init'));
  const liftIn = c.inChannels + 2;
  const lift = addDense(reg, 'lift', null, liftIn, c.width, torchDefault(liftIn), { biasInit: torchDefault(liftIn) });
  const scale = 1 / (c.width * c.width);
  const modeCount = 2 * c.modes * c.modes;
  const layers: LayerVars[] = [];
  for (let l = 0; l < c.layers; l++) {
    const pre = `blocks.${l}`;
    const spec = (part: 're' | 'im') => ({ name: `${pre}.spectral.${part}`, block: l, layer: `${pre}.spectral.${part}`, role: 'spectral', esd: false }) as const;
    const shape = [modeCount, c.width, c.width];
    const re = reg.add(spec('re'), shape, { kind: 'uniform', lo: 0, hi: scale });
    const im = reg.add(spec('im'), shape, { kind: 'uniform', lo: 0, hi: scale });
    const w = reg.add({ name: `${pre}.w`, block: l, layer: `${pre}.w`, role: 'conv', esd: true }, [1, c.width, c.width], torchDefault(c.width));
    const b = reg.add({ name: `${pre}.w.bias`, block: l, layer: `${pre}.w`, role: 'bias', esd: false }, [c.width], torchDefault(c.width));
    layers.push({ re, im, w, b });
  }
  const fc1 = addDense(reg, 'proj.fc1', c.layers, c.width, c.projHidden, torchDefault(c.width), { biasInit: torchDefault(c.width) });
  const fc2 = addDense(reg, 'proj.fc2', null, c.projHidden, c.outChannels, torchDefault(c.projHidden), { biasInit: torchDefault(c.projHidden), role: 'head' });

  const np = c.n + c.pad;
  const dft = dft2dTensors(np, c.modes);
  const gridValues = new Float32Array(c.n * c.n * 2);
  for (let j = 0; j < c.n; j++) {
    for (let i = 0; i < c.n; i++) {
      gridValues[(j * c.n + i) * 2] = (i + 0.5) / c.n;
      gridValues[(j * c.n + i) * 2 + 1] = (j + 0.5) / c.n;
    }
  }
  const grid = tf.tensor4d(gridValues, [1, c.n, c.n, 2]);

  const apply = (x: tf.Tensor, _training: boolean): tf.Tensor => {
    if (x.rank !== 4 || x.shape[1] !== c.inChannels || x.shape[2] !== c.n || x.shape[3] !== c.n) {
      throw new Error(`fno2d expects [batch, ${c.inChannels}, ${c.n}, ${c.n}], got [${x.shape.join(', ')}]`);
    }
    const b = x.shape[0];
    const fields = tf.transpose(x, [0, 2, 3, 1]); // [b, n, n, cIn]
    let v = dense(tf.concat([fields, tf.tile(grid, [b, 1, 1, 1])], 3), lift.w as tf.Tensor2D, lift.b) as tf.Tensor4D;
    if (c.pad > 0) v = tf.pad(v, [[0, 0], [0, c.pad], [0, c.pad], [0, 0]]);
    layers.forEach((p, l) => {
      const spectral = spectralConv2d(v, { re: p.re as tf.Tensor3D, im: p.im as tf.Tensor3D }, dft);
      const pointwise = dense(v, tf.reshape(p.w, [c.width, c.width]), p.b);
      const sum = tf.add(spectral, pointwise) as tf.Tensor4D;
      v = (l < c.layers - 1 ? gelu(sum) : sum) as tf.Tensor4D;
    });
    if (c.pad > 0) v = tf.slice(v, [0, 0, 0, 0], [b, c.n, c.n, c.width]);
    const hidden = gelu(dense(v, fc1.w as tf.Tensor2D, fc1.b));
    const out = dense(hidden, fc2.w as tf.Tensor2D, fc2.b); // [b, n, n, cOut]
    return tf.transpose(out, [0, 3, 1, 2]);
  };

  return {
    kind: 'fno',
    // The 1-D config fields the rest of the engine reads (nx, frames) mapped from the 2-D shape.
    config: { nx: c.n, inFrames: c.inChannels, outFrames: c.outChannels, modes: c.modes, width: c.width, layers: c.layers, projHidden: c.projHidden },
    get params(): ModelParam[] {
      return reg.params;
    },
    apply,
    esdSnapshot: () => reg.esdSnapshot(),
    dispose: () => {
      reg.dispose();
      disposeDft2d(dft);
      if (!grid.isDisposed) grid.dispose();
    },
  };
}
