/**
 * UNet 2-D, the 2-D twin of unet.ts (PDEBench's UNet2d layout: two conv-norm-tanh per level, 2×2
 * down-sampling, 2×2 stride-2 transposed convolutions up, skip concatenation, final 1×1 conv), built
 * on the portable 2-D ops of ops2d.ts, multi-channel:
 *
 *   x [batch, cIn, n, n] → [batch, n, n, cIn]
 *   encoder level i: enc.i.conv1, enc.i.conv2 (k×k, features f·2^i), then 2×2 average pooling
 *   bottleneck: bottleneck.conv1, bottleneck.conv2 (f·2^L)
 *   decoder level i = L−1..0: dec.i.up (2×2 transposed conv), concat skip, dec.i.conv1, dec.i.conv2
 *   head: 1×1 conv → [batch, cOut, n, n]
 *
 * Same documented differences from PDEBench as the 1-D UNet (average pooling, optional per-position
 * LayerNorm instead of BatchNorm) and the same parameter names, blocks and ESD roles, so TempBalance
 * schedules both alike. Kernels are stored [k·k, cIn, cOut] (taps flattened): to the ESD code a conv
 * kernel of k² slices, exactly the slices of the [k, k, cIn, cOut] kernel. Padding: 'circular' for
 * periodic domains (CFD), 'same' (zeros) for Darcy's Dirichlet boundary.
 * Initialisation: PyTorch's default U(±1/√fan_in), fan_in = k²·c_in.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../math/random';
import { layerNorm, type ConvPadding } from './ops';
import { avgPool2d, conv2dIm2col, upConv2d } from './ops2d';
import { ParamRegistry, torchDefault } from './params';
import type { UnetModel } from './unet';
import type { ModelParam } from './types';

/** Shape of the 2-D UNet. */
export interface Unet2dConfig {
  /** Cells per side (divisible by 2^levels). */
  n: number;
  inChannels: number;
  outChannels: number;
  levels: number;
  features: number;
  /** Kernel side of the level convs (odd). */
  kernel: number;
  norm: boolean;
  padding: ConvPadding;
}

export const DEFAULT_UNET2D_CONFIG: Unet2dConfig = { n: 32, inChannels: 1, outChannels: 1, levels: 3, features: 16, kernel: 3, norm: true, padding: 'circular' };

interface ConvUnit {
  kernel: tf.Variable;
  bias: tf.Variable | null;
  gamma: tf.Variable | null;
  beta: tf.Variable | null;
}

function validate(c: Unet2dConfig): void {
  for (const key of ['n', 'inChannels', 'outChannels', 'levels', 'features', 'kernel'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 1) throw new Error(`unet2d config: bad ${key} = ${c[key]}`);
  }
  if (c.n % 2 ** c.levels !== 0) throw new Error(`unet2d config: n ${c.n} not divisible by 2^${c.levels}`);
  if (c.kernel % 2 === 0) throw new Error('unet2d config: kernel must be odd');
}

/** Build a 2-D UNet (kind 'unet'); apply(x [batch, inChannels, n, n]) → [batch, outChannels, n, n]. */
export function buildUnet2d(config: Partial<Unet2dConfig>, seed: number): UnetModel {
  const c: Unet2dConfig = { ...DEFAULT_UNET2D_CONFIG, ...config };
  validate(c);
  const reg = new ParamRegistry('unet2d', createRng(seed).fork('init'));
  const taps = c.kernel * c.kernel;

  const convUnit = (name: string, block: number, cIn: number, cOut: number): ConvUnit => {
    const fanIn = taps * cIn;
    const kernel = reg.add({ name, block, layer: name, role: 'conv', esd: true }, [taps, cIn, cOut], torchDefault(fanIn));
    if (!c.norm) {
      const bias = reg.add({ name: `${name}.bias`, block, layer: name, role: 'bias', esd: false }, [cOut], torchDefault(fanIn));
      return { kernel, bias, gamma: null, beta: null };
    }
    const normName = name.replace(/conv(\d)$/, 'norm$1');
    const gamma = reg.add({ name: `${normName}.gamma`, block, layer: name, role: 'norm', esd: false }, [cOut], { kind: 'ones' });
    const beta = reg.add({ name: `${normName}.beta`, block, layer: name, role: 'norm', esd: false }, [cOut], { kind: 'zeros' });
    return { kernel, bias: null, gamma, beta };
  };
  const runUnit = (x: tf.Tensor4D, u: ConvUnit): tf.Tensor4D => {
    let y: tf.Tensor = conv2dIm2col(x, u.kernel as tf.Tensor3D, c.padding);
    if (u.bias) y = tf.add(y, u.bias);
    if (u.gamma && u.beta) y = layerNorm(y, u.gamma, u.beta);
    return tf.tanh(y) as tf.Tensor4D;
  };

  const feat = (i: number): number => c.features * 2 ** i;
  const L = c.levels;
  const enc: [ConvUnit, ConvUnit][] = [];
  for (let i = 0; i < L; i++) {
    const cIn = i === 0 ? c.inChannels : feat(i - 1);
    enc.push([convUnit(`enc.${i}.conv1`, i, cIn, feat(i)), convUnit(`enc.${i}.conv2`, i, feat(i), feat(i))]);
  }
  const bottleneck: [ConvUnit, ConvUnit] = [convUnit('bottleneck.conv1', L, feat(L - 1), feat(L)), convUnit('bottleneck.conv2', L, feat(L), feat(L))];
  const dec: { up: tf.Variable; upBias: tf.Variable; units: [ConvUnit, ConvUnit] }[] = [];
  for (let i = L - 1; i >= 0; i--) {
    const upName = `dec.${i}.up`;
    const fanIn = 4 * feat(i + 1);
    const up = reg.add({ name: upName, block: i, layer: upName, role: 'conv', esd: true }, [4, feat(i + 1), feat(i)], torchDefault(fanIn));
    const upBias = reg.add({ name: `${upName}.bias`, block: i, layer: upName, role: 'bias', esd: false }, [feat(i)], torchDefault(fanIn));
    dec.push({ up, upBias, units: [convUnit(`dec.${i}.conv1`, i, 2 * feat(i), feat(i)), convUnit(`dec.${i}.conv2`, i, feat(i), feat(i))] });
  }
  const head = reg.add({ name: 'head', block: null, layer: 'head', role: 'head', esd: true }, [1, c.features, c.outChannels], torchDefault(c.features));
  const headBias = reg.add({ name: 'head.bias', block: null, layer: 'head', role: 'bias', esd: false }, [c.outChannels], torchDefault(c.features));

  const apply = (x: tf.Tensor, _training: boolean): tf.Tensor => {
    if (x.rank !== 4 || x.shape[1] !== c.inChannels || x.shape[2] !== c.n || x.shape[3] !== c.n) {
      throw new Error(`unet2d expects [batch, ${c.inChannels}, ${c.n}, ${c.n}], got [${x.shape.join(', ')}]`);
    }
    let h = tf.transpose(x, [0, 2, 3, 1]) as tf.Tensor4D;
    const skips: tf.Tensor4D[] = [];
    for (const [u1, u2] of enc) {
      h = runUnit(runUnit(h, u1), u2);
      skips.push(h);
      h = avgPool2d(h);
    }
    h = runUnit(runUnit(h, bottleneck[0]), bottleneck[1]);
    dec.forEach((d, j) => {
      const up = tf.add(upConv2d(h, d.up as tf.Tensor3D), d.upBias) as tf.Tensor4D;
      h = runUnit(runUnit(tf.concat([up, skips[L - 1 - j]], 3), d.units[0]), d.units[1]);
    });
    const out = tf.add(conv2dIm2col(h, head as tf.Tensor3D, 'valid'), headBias); // [b, n, n, cOut]
    return tf.transpose(out, [0, 3, 1, 2]);
  };

  return {
    kind: 'unet',
    config: { nx: c.n, inFrames: c.inChannels, outFrames: c.outChannels, levels: c.levels, features: c.features, kernel: c.kernel, norm: c.norm, padding: c.padding },
    get params(): ModelParam[] {
      return reg.params;
    },
    apply,
    esdSnapshot: () => reg.esdSnapshot(),
    dispose: () => reg.dispose(),
  };
}
