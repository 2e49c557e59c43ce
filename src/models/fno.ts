/**
 * Fourier Neural Operator, 1-D (Li et al., ICLR 2021; PDEBench's FNO1d layout and defaults:
 * modes 12, width 20, 4 Fourier layers, projection 128), built functionally on tf.variable.
 *
 *   x [batch, inFrames, nx]  (the first `initial_step` frames; multi-channel data: stack
 *                             channel×frame along axis 1 and set outFrames = channels)
 *   → transpose, append the grid coordinate (cell centres (j+½)/nx)   [batch, nx, inFrames + 1]
 *   → lift (dense)                                                   [batch, nx, width]
 *   → K × { v = IDFT(R_l · DFT(v)) + W_l v + b_l ; GELU except after the last layer }
 *   → proj.fc1 (dense, GELU) → proj.fc2 (dense)                       [batch, nx, outFrames]
 *   → transpose                                                      [batch, outFrames, nx]
 *
 * Spectral conv R_l: truncated real DFT to `modes` as a matMul with cos/sin matrices (ops.ts: rfft has
 * no gradient in tfjs), per-mode complex channel mixing with real/imaginary weights
 * [modes, width, width], inverse real DFT as a matMul. Initial spectral weights are scale·U[0,1) for
 * both parts with scale = 1/(width·width), as in the FNO reference code; the dense/1×1 layers use
 * PyTorch's default U(±1/√fan_in) (the authors train the PyTorch model).
 *
 * ESD (follows ZihangHLiu/ModelBalancing, sciml/pdebench/models/fno/utils.py `net_esd_estimator`):
 * the authors analyse only nn.Linear / nn.Conv modules — lift (fc0), the 1×1 convs w0..w3 and the
 * projection fc1, fc2. The complex spectral weights are NOT analysed and, in their layer-wise
 * scheduler, keep the global learning rate (train.py tunes `module.parameters()` of analysed modules
 * only). We follow that: `blocks.l.spectral.{re,im}` have esd = false and `layer` = their own name
 * (no metric ⇒ the global rate in layer mode); in block mode they follow block l like everything in it.
 * The 1×1 conv `blocks.l.w` is exported as a conv kernel [1, width, width] (one width×width matrix;
 * for 1-D the authors' svdvals on the [out, in, 1] tensor would give row norms instead — the 2-D FNO of
 * the paper flattens to the width×width matrix we use).
 * Blocks: Fourier layer l ↦ block l; proj.fc1 ↦ block `layers` (scheduled by the authors: 20
 * eigenvalues > eigs_thres 12); lift and proj.fc2 (the head) ↦ null.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../math/random';
import { ParamRegistry, addDense, torchDefault } from './params';
import { dense, dftTensors, disposeDft, gelu, truncatedIrfft, truncatedRfft, type DftTensors } from './ops';
import type { ModelParam, TrainableModel } from './types';

/** Shape of the FNO. */
export interface FnoConfig {
  /** Spatial grid points (fixed: the DFT matrices are built for it). */
  nx: number;
  /** Input frames (PDEBench `initial_step`). */
  inFrames: number;
  /** Output frames (1 for autoregressive rollout). */
  outFrames: number;
  modes: number;
  width: number;
  layers: number;
  /** Hidden width of the projection (PDEBench: 128). */
  projHidden: number;
}

/** PDEBench FNO1d defaults; nx is the data's. */
export const DEFAULT_FNO_CONFIG: FnoConfig = {
  nx: 128,
  inFrames: 10,
  outFrames: 1,
  modes: 12,
  width: 20,
  layers: 4,
  projHidden: 128,
};

/** Weights of one spectral convolution: real and imaginary parts, [modes, cIn, cOut]. */
export interface SpectralWeights {
  re: tf.Tensor3D;
  im: tf.Tensor3D;
}

/**
 * Spectral convolution: x [batch, nx, c] → [batch, nx, cOut].
 * y = irfft( (X_k · W_k) for k < modes, 0 above ), X = rfft(x) along space, W_k complex [cIn, cOut]:
 * (Xr + iXi)(Wr + iWi) = (Xr·Wr − Xi·Wi) + i(Xr·Wi + Xi·Wr), batched over modes as rank-3 matMuls.
 */
export function spectralConv1d(x: tf.Tensor3D, w: SpectralWeights, dft: DftTensors): tf.Tensor3D {
  const [batch, nx] = x.shape;
  const cOut = w.re.shape[2];
  const spatialLast = tf.transpose(x, [0, 2, 1]); // [batch, c, nx]
  const { re, im } = truncatedRfft(spatialLast, dft); // [batch, c, modes]
  const modeMajor = (t: tf.Tensor): tf.Tensor3D => tf.transpose(t, [2, 0, 1]) as tf.Tensor3D; // [modes, batch, c]
  const xr = modeMajor(re);
  const xi = modeMajor(im);
  const yr = tf.sub(tf.matMul(xr, w.re), tf.matMul(xi, w.im)); // [modes, batch, cOut]
  const yi = tf.add(tf.matMul(xr, w.im), tf.matMul(xi, w.re));
  const back = (t: tf.Tensor): tf.Tensor => tf.transpose(t, [1, 2, 0]); // [batch, cOut, modes]
  const y = truncatedIrfft(back(yr), back(yi), dft); // [batch, cOut, nx]
  return tf.reshape(tf.transpose(y, [0, 2, 1]), [batch, nx, cOut]);
}

/** An FNO model; apply(x [batch, inFrames, nx]) → [batch, outFrames, nx]. */
export interface FnoModel extends TrainableModel {
  readonly kind: 'fno';
  readonly config: FnoConfig;
}

interface FourierLayerVars {
  spectral: SpectralWeights;
  w: tf.Variable; // [1, width, width]
  b: tf.Variable; // [width]
}

function validate(c: FnoConfig): void {
  for (const key of ['nx', 'inFrames', 'outFrames', 'modes', 'width', 'layers', 'projHidden'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 1) throw new Error(`fno config: bad ${key} = ${c[key]}`);
  }
  if (c.modes > Math.floor(c.nx / 2) + 1) throw new Error(`fno config: modes ${c.modes} > nx/2 + 1`);
}

/**
 * Build an FNO 1-D. `seed` fixes the initial weights. Call apply inside tf.tidy / tf.variableGrads.
 * dispose() also frees the DFT matrices and the grid.
 */
export function buildFno(config: Partial<FnoConfig>, seed: number): FnoModel {
  const c: FnoConfig = { ...DEFAULT_FNO_CONFIG, ...config };
  validate(c);
  const reg = new ParamRegistry('fno', createRng(seed).fork('init'));
  const liftIn = c.inFrames + 1;
  const lift = addDense(reg, 'lift', null, liftIn, c.width, torchDefault(liftIn), { biasInit: torchDefault(liftIn) });
  const scale = 1 / (c.width * c.width);
  const layers: FourierLayerVars[] = [];
  for (let l = 0; l < c.layers; l++) {
    const pre = `blocks.${l}`;
    const spec = (part: 're' | 'im') =>
      ({ name: `${pre}.spectral.${part}`, block: l, layer: `${pre}.spectral.${part}`, role: 'spectral', esd: false }) as const;
    const shape = [c.modes, c.width, c.width];
    const re = reg.add(spec('re'), shape, { kind: 'uniform', lo: 0, hi: scale }) as tf.Variable<tf.Rank.R3>;
    const im = reg.add(spec('im'), shape, { kind: 'uniform', lo: 0, hi: scale }) as tf.Variable<tf.Rank.R3>;
    const w = reg.add({ name: `${pre}.w`, block: l, layer: `${pre}.w`, role: 'conv', esd: true }, [1, c.width, c.width], torchDefault(c.width));
    const b = reg.add({ name: `${pre}.w.bias`, block: l, layer: `${pre}.w`, role: 'bias', esd: false }, [c.width], torchDefault(c.width));
    layers.push({ spectral: { re, im }, w, b });
  }
  const fc1 = addDense(reg, 'proj.fc1', c.layers, c.width, c.projHidden, torchDefault(c.width), { biasInit: torchDefault(c.width) });
  const fc2 = addDense(reg, 'proj.fc2', null, c.projHidden, c.outFrames, torchDefault(c.projHidden), {
    biasInit: torchDefault(c.projHidden),
    role: 'head',
  });

  const dft = dftTensors(c.nx, c.modes);
  const gridValues = new Float32Array(c.nx);
  for (let j = 0; j < c.nx; j++) gridValues[j] = (j + 0.5) / c.nx;
  const grid = tf.tensor3d(gridValues, [1, c.nx, 1]);

  const apply = (x: tf.Tensor, _training: boolean): tf.Tensor => {
    if (x.rank !== 3 || x.shape[1] !== c.inFrames || x.shape[2] !== c.nx) {
      throw new Error(`fno expects [batch, ${c.inFrames}, ${c.nx}], got [${x.shape.join(', ')}]`);
    }
    const batch = x.shape[0];
    const frames = tf.transpose(x, [0, 2, 1]); // [batch, nx, inFrames]
    const withGrid = tf.concat([frames, tf.tile(grid, [batch, 1, 1])], 2); // [batch, nx, inFrames + 1]
    let v = dense(withGrid, lift.w as tf.Tensor2D, lift.b) as tf.Tensor3D; // [batch, nx, width]
    layers.forEach((p, l) => {
      const spectral = spectralConv1d(v, p.spectral, dft);
      const pointwise = dense(v, tf.reshape(p.w, [c.width, c.width]), p.b); // the 1×1 conv
      const sum = tf.add(spectral, pointwise) as tf.Tensor3D;
      // PDEBench: no activation after the last Fourier layer.
      v = (l < c.layers - 1 ? gelu(sum) : sum) as tf.Tensor3D;
    });
    const hidden = gelu(dense(v, fc1.w as tf.Tensor2D, fc1.b)); // [batch, nx, projHidden]
    const out = dense(hidden, fc2.w as tf.Tensor2D, fc2.b); // [batch, nx, outFrames]
    return tf.transpose(out, [0, 2, 1]); // [batch, outFrames, nx]
  };

  return {
    kind: 'fno',
    config: c,
    get params(): ModelParam[] {
      return reg.params;
    },
    apply,
    esdSnapshot: () => reg.esdSnapshot(),
    dispose: () => {
      reg.dispose();
      disposeDft(dft);
      if (!grid.isDisposed) grid.dispose();
    },
  };
}
