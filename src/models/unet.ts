/**
 * UNet 1-D (Ronneberger et al. 2015; layout of PDEBench's UNet1d: two conv-norm-tanh per level,
 * down-sampling by 2, transposed conv (k 2, stride 2) up, skip concatenation, final 1×1 conv),
 * written with the portable ops of ops.ts so it trains on wasm (no Conv2DBackpropFilter needed).
 *
 *   x [batch, inFrames, nx] → [batch, nx, inFrames]       (frames are input channels)
 *   encoder level i = 0..L−1: enc.i.conv1, enc.i.conv2 (k 3), features f·2^i, then avg-pool 2
 *   bottleneck (level L):   bottleneck.conv1, bottleneck.conv2, features f·2^L
 *   decoder level i = L−1..0: dec.i.up (transposed conv [2, 2f_i, f_i]), concat skip of enc.i,
 *                           dec.i.conv1 [3, 2f_i, f_i], dec.i.conv2 [3, f_i, f_i]
 *   head: 1×1 conv [1, f, outFrames] → [batch, outFrames, nx]
 *
 * Differences from PDEBench (documented choices): average pooling instead of max pooling (smooth
 * gradient, one reshape + mean); an optional per-position LayerNorm over channels instead of
 * BatchNorm (no running statistics, train and eval behave the same); 'circular' padding by default
 * because the lab's PDE domains are periodic.
 * Blocks: encoder and decoder of level i share block i, the bottleneck is block L, head is null.
 * A norm follows the conv it normalises; a conv bias (only without norm) follows its conv.
 * Initialisation: PyTorch's default U(±1/√fan_in), fan_in = k·c_in.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../math/random';
import { ParamRegistry, torchDefault } from './params';
import { avgPool2, conv1dIm2col, layerNorm, upConv2, type ConvPadding } from './ops';
import type { ModelParam, TrainableModel } from './types';

/** Shape of the UNet. */
export interface UnetConfig {
  nx: number;
  inFrames: number;
  outFrames: number;
  /** Down-sampling levels L (nx must be divisible by 2^L). */
  levels: number;
  /** Features at level 0 (doubling per level; PDEBench init_features = 32). */
  features: number;
  /** Kernel size of the level convs (odd). */
  kernel: number;
  /** Per-position LayerNorm over channels after each level conv. */
  norm: boolean;
  padding: ConvPadding;
}

/** Small default for the browser: 3 levels, 16 features. */
export const DEFAULT_UNET_CONFIG: UnetConfig = {
  nx: 128,
  inFrames: 10,
  outFrames: 1,
  levels: 3,
  features: 16,
  kernel: 3,
  norm: true,
  padding: 'circular',
};

interface ConvUnit {
  kernel: tf.Variable; // [k, cIn, cOut]
  bias: tf.Variable | null;
  gamma: tf.Variable | null;
  beta: tf.Variable | null;
}

/** A UNet model; apply(x [batch, inFrames, nx]) → [batch, outFrames, nx]. */
export interface UnetModel extends TrainableModel {
  readonly kind: 'unet';
  readonly config: UnetConfig;
}

function validate(c: UnetConfig): void {
  for (const key of ['nx', 'inFrames', 'outFrames', 'levels', 'features', 'kernel'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 1) throw new Error(`unet config: bad ${key} = ${c[key]}`);
  }
  if (c.nx % 2 ** c.levels !== 0) throw new Error(`unet config: nx ${c.nx} not divisible by 2^${c.levels}`);
  if (c.kernel % 2 === 0) throw new Error('unet config: kernel must be odd');
}

/** Build a UNet 1-D. `seed` fixes the initial weights. Call apply inside tf.tidy / tf.variableGrads. */
export function buildUnet(config: Partial<UnetConfig>, seed: number): UnetModel {
  const c: UnetConfig = { ...DEFAULT_UNET_CONFIG, ...config };
  validate(c);
  const reg = new ParamRegistry('unet', createRng(seed).fork('init'));

  const convUnit = (name: string, block: number, cIn: number, cOut: number): ConvUnit => {
    const kernel = reg.add({ name, block, layer: name, role: 'conv', esd: true }, [c.kernel, cIn, cOut], torchDefault(c.kernel * cIn));
    if (!c.norm) {
      const bias = reg.add({ name: `${name}.bias`, block, layer: name, role: 'bias', esd: false }, [cOut], torchDefault(c.kernel * cIn));
      return { kernel, bias, gamma: null, beta: null };
    }
    const normName = name.replace(/conv(\d)$/, 'norm$1');
    const gamma = reg.add({ name: `${normName}.gamma`, block, layer: name, role: 'norm', esd: false }, [cOut], { kind: 'ones' });
    const beta = reg.add({ name: `${normName}.beta`, block, layer: name, role: 'norm', esd: false }, [cOut], { kind: 'zeros' });
    return { kernel, bias: null, gamma, beta };
  };
  const runUnit = (x: tf.Tensor3D, u: ConvUnit): tf.Tensor3D => {
    let y: tf.Tensor = conv1dIm2col(x, u.kernel as tf.Tensor3D, c.padding); // [batch, n, cOut]
    if (u.bias) y = tf.add(y, u.bias);
    if (u.gamma && u.beta) y = layerNorm(y, u.gamma, u.beta);
    return tf.tanh(y) as tf.Tensor3D;
  };

  const feat = (i: number): number => c.features * 2 ** i;
  const enc: [ConvUnit, ConvUnit][] = [];
  for (let i = 0; i < c.levels; i++) {
    const cIn = i === 0 ? c.inFrames : feat(i - 1);
    enc.push([convUnit(`enc.${i}.conv1`, i, cIn, feat(i)), convUnit(`enc.${i}.conv2`, i, feat(i), feat(i))]);
  }
  const L = c.levels;
  const bottleneck: [ConvUnit, ConvUnit] = [
    convUnit('bottleneck.conv1', L, feat(L - 1), feat(L)),
    convUnit('bottleneck.conv2', L, feat(L), feat(L)),
  ];
  const dec: { up: tf.Variable; upBias: tf.Variable; units: [ConvUnit, ConvUnit] }[] = [];
  for (let i = L - 1; i >= 0; i--) {
    const upName = `dec.${i}.up`;
    const up = reg.add({ name: upName, block: i, layer: upName, role: 'conv', esd: true }, [2, feat(i + 1), feat(i)], torchDefault(2 * feat(i + 1)));
    const upBias = reg.add({ name: `${upName}.bias`, block: i, layer: upName, role: 'bias', esd: false }, [feat(i)], torchDefault(2 * feat(i + 1)));
    dec.push({ up, upBias, units: [convUnit(`dec.${i}.conv1`, i, 2 * feat(i), feat(i)), convUnit(`dec.${i}.conv2`, i, feat(i), feat(i))] });
  }
  const head = reg.add({ name: 'head', block: null, layer: 'head', role: 'head', esd: true }, [1, c.features, c.outFrames], torchDefault(c.features));
  const headBias = reg.add({ name: 'head.bias', block: null, layer: 'head', role: 'bias', esd: false }, [c.outFrames], torchDefault(c.features));

  const apply = (x: tf.Tensor, _training: boolean): tf.Tensor => {
    if (x.rank !== 3 || x.shape[1] !== c.inFrames || x.shape[2] !== c.nx) {
      throw new Error(`unet expects [batch, ${c.inFrames}, ${c.nx}], got [${x.shape.join(', ')}]`);
    }
    let h = tf.transpose(x, [0, 2, 1]) as tf.Tensor3D; // [batch, nx, inFrames]
    const skips: tf.Tensor3D[] = [];
    for (const [u1, u2] of enc) {
      h = runUnit(runUnit(h, u1), u2); // [batch, n_i, f_i]
      skips.push(h);
      h = avgPool2(h); // [batch, n_i / 2, f_i]
    }
    h = runUnit(runUnit(h, bottleneck[0]), bottleneck[1]); // [batch, nx / 2^L, f_L]
    dec.forEach((d, j) => {
      const skip = skips[L - 1 - j];
      const up = tf.add(upConv2(h, d.up as tf.Tensor3D), d.upBias) as tf.Tensor3D; // [batch, n_i, f_i]
      h = runUnit(runUnit(tf.concat([up, skip], 2), d.units[0]), d.units[1]);
    });
    const out = tf.add(conv1dIm2col(h, head as tf.Tensor3D, 'valid'), headBias); // [batch, nx, outFrames]
    return tf.transpose(out, [0, 2, 1]); // [batch, outFrames, nx]
  };

  return {
    kind: 'unet',
    config: c,
    get params(): ModelParam[] {
      return reg.params;
    },
    apply,
    esdSnapshot: () => reg.esdSnapshot(),
    dispose: () => reg.dispose(),
  };
}
