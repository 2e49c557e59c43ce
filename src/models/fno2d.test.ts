/**
 * FNO2d and UNet2d: the 2-D spectral convolution against a float64 reference (naive 2-D DFT → mixing
 * of the kept modes → inverse as torch.fft.irfft2 defines it), its low-pass identity, gradients against
 * finite differences, ESD parameter sets and blocks, seeding, padding and tensor leaks.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../math/random';
import { buildFno2d, dft2dTensors, disposeDft2d, spectralConv2d, type Fno2dConfig } from './fno2d';
import { buildUnet2d, type Unet2dConfig } from './unet2d';
import {
  expectGradientsMatch, expectModelGradientsMatch, expectNoPdeTrainingLeaks, expectSeededInit, maxAbs, maxAbsDiff,
  projectionLoss, randomTensor, randomVariable, useCpuBackend,
} from '../../test/support/modelTestkit';

useCpuBackend();

const SMALL: Partial<Fno2dConfig> = { n: 8, inChannels: 3, outChannels: 2, modes: 3, width: 5, layers: 2, projHidden: 6 };
const SMALL_UNET: Partial<Unet2dConfig> = { n: 8, inChannels: 3, outChannels: 2, levels: 2, features: 3 };

/** Float64 reference: X = DFT2(x) per channel, Y[ky,kx] = Σ_c X_c W[mode] for kept modes, irfft2-style inverse. */
function referenceSpectral(x: Float32Array, wr: Float32Array, wi: Float32Array, n: number, cIn: number, cOut: number, m: number): Float64Array {
  const ky = [...Array(m).keys(), ...Array.from({ length: m }, (_, i) => n - m + i)];
  const out = new Float64Array(n * n * cOut);
  for (let o = 0; o < cOut; o++) {
    // Spectrum of output channel o on kept modes.
    const Yr = new Float64Array(ky.length * m);
    const Yi = new Float64Array(ky.length * m);
    ky.forEach((kyv, col) => {
      for (let kx = 0; kx < m; kx++) {
        for (let c = 0; c < cIn; c++) {
          let xr = 0;
          let xi = 0;
          for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
            const th = (-2 * Math.PI * (kx * i + kyv * j)) / n;
            const v = x[(j * n + i) * cIn + c];
            xr += v * Math.cos(th);
            xi += v * Math.sin(th);
          }
          const w = ((col * m + kx) * cIn + c) * cOut + o;
          Yr[col * m + kx] += xr * wr[w] - xi * wi[w];
          Yi[col * m + kx] += xr * wi[w] + xi * wr[w];
        }
      }
    });
    // irfft2: inverse complex DFT along y, then real inverse along x with weight 2 for 0 < kx < n/2.
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
      let s = 0;
      ky.forEach((kyv, col) => {
        for (let kx = 0; kx < m; kx++) {
          const th = (2 * Math.PI * kyv * j) / n;
          const zr = (Yr[col * m + kx] * Math.cos(th) - Yi[col * m + kx] * Math.sin(th)) / n;
          const zi = (Yr[col * m + kx] * Math.sin(th) + Yi[col * m + kx] * Math.cos(th)) / n;
          const weight = kx === 0 || 2 * kx === n ? 1 : 2;
          const ph = (2 * Math.PI * kx * i) / n;
          s += (weight * (zr * Math.cos(ph) - zi * Math.sin(ph))) / n;
        }
      });
      out[(j * n + i) * cOut + o] = s;
    }
  }
  return out;
}

describe('spectralConv2d', () => {
  it('equals the float64 DFT reference (kept modes kx < m, ky ∈ {0..m−1, n−m..n−1})', () => {
    const rng = createRng(41);
    const [n, cIn, cOut, m] = [8, 2, 3, 3];
    tf.tidy(() => {
      const x = randomTensor(rng, [1, n, n, cIn]) as tf.Tensor4D;
      const re = randomTensor(rng, [2 * m * m, cIn, cOut]) as tf.Tensor3D;
      const im = randomTensor(rng, [2 * m * m, cIn, cOut]) as tf.Tensor3D;
      const d = dft2dTensors(n, m);
      const ours = spectralConv2d(x, { re, im }, d).dataSync();
      const ref = referenceSpectral(x.dataSync() as Float32Array, re.dataSync() as Float32Array, im.dataSync() as Float32Array, n, cIn, cOut, m);
      expect(maxAbsDiff(ours, ref) / maxAbs(ref)).toBeLessThan(1e-5);
      disposeDft2d(d);
    });
  });

  it('identity weights pass a band-limited field and remove higher modes', () => {
    const [n, m] = [16, 4];
    tf.tidy(() => {
      const eye = tf.ones([2 * m * m, 1, 1]) as tf.Tensor3D;
      const d = dft2dTensors(n, m);
      const low = new Float32Array(n * n);
      const high = new Float32Array(n * n);
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
        const [x, y] = [(2 * Math.PI * i) / n, (2 * Math.PI * j) / n];
        low[j * n + i] = 0.5 + Math.cos(x + 2 * y) - Math.sin(3 * x - y);
        high[j * n + i] = Math.cos(5 * x) + Math.sin(6 * y + 2 * x);
      }
      const yLow = spectralConv2d(tf.tensor4d(low, [1, n, n, 1]), { re: eye, im: tf.zerosLike(eye) }, d);
      expect(maxAbsDiff(yLow.dataSync(), low)).toBeLessThan(1e-5);
      const yHigh = spectralConv2d(tf.tensor4d(high, [1, n, n, 1]), { re: eye, im: tf.zerosLike(eye) }, d);
      expect(maxAbs(yHigh.dataSync())).toBeLessThan(1e-5);
      disposeDft2d(d);
    });
  });

  it('gradients w.r.t. the weights and the input match finite differences', () => {
    const rng = createRng(42);
    const d = dft2dTensors(6, 2);
    const x = randomVariable(rng, [2, 6, 6, 2], 'fno2d-test/x');
    const re = randomVariable(rng, [8, 2, 2], 'fno2d-test/re', 0.5);
    const im = randomVariable(rng, [8, 2, 2], 'fno2d-test/im', 0.5);
    const proj = randomTensor(rng, [2, 6, 6, 2]);
    const loss = () => projectionLoss(tf.tanh(spectralConv2d(x as tf.Tensor4D, { re: re as tf.Tensor3D, im: im as tf.Tensor3D }, d)), proj);
    expectGradientsMatch(loss, [x, re, im], rng, { coordsPerVariable: 5 });
    tf.dispose([x, re, im, proj]);
    disposeDft2d(d);
  });
});

describe('buildFno2d', () => {
  it('maps [batch, cIn, n, n] to [batch, cOut, n, n] (with and without padding) and rejects other shapes', () => {
    for (const pad of [0, 2]) {
      const model = buildFno2d({ ...SMALL, pad }, 1);
      tf.tidy(() => {
        expect(model.apply(tf.zeros([2, 3, 8, 8]), false).shape).toEqual([2, 2, 8, 8]);
        expect(() => model.apply(tf.zeros([2, 3, 8, 7]), false)).toThrow(/expects/);
      });
      model.dispose();
    }
    expect(() => buildFno2d({ ...SMALL, modes: 5 }, 1)).toThrow(/modes/);
  });

  it('schedules what the authors schedule: lift, 1×1 convs, projection have ESD; spectral weights none', async () => {
    const model = buildFno2d(SMALL, 2);
    const snap = await model.esdSnapshot();
    expect(snap.map((s) => [s.name, s.shape])).toEqual([
      ['lift', [5, 5]],
      ['blocks.0.w', [1, 5, 5]],
      ['blocks.1.w', [1, 5, 5]],
      ['proj.fc1', [5, 6]],
      ['proj.fc2', [6, 2]],
    ]);
    for (const p of model.params.filter((q) => q.spec.role === 'spectral')) {
      expect(p.spec.esd).toBe(false);
      expect(p.variable.shape).toEqual([18, 5, 5]);
    }
    const block = (name: string) => model.params.find((p) => p.spec.name === name)!.spec.block;
    expect([block('lift'), block('blocks.1.w'), block('proj.fc1'), block('proj.fc2')]).toEqual([null, 1, 2, null]);
    model.dispose();
  });

  it('seeding, whole-model gradients and no tensor leaks', () => {
    expectSeededInit((seed) => buildFno2d(SMALL, seed));
    const model = buildFno2d({ ...SMALL, pad: 1 }, 3);
    expectModelGradientsMatch(model, createRng(43), [2, 3, 8, 8], [2, 2, 8, 8]);
    model.dispose();
    expectNoPdeTrainingLeaks(() => buildFno2d(SMALL, 4), createRng(44), [2, 3, 8, 8], [2, 2, 8, 8]);
  });
});

describe('buildUnet2d', () => {
  it('maps [batch, cIn, n, n] to [batch, cOut, n, n]; conv kernels are [k², cIn, cOut] with ESD', async () => {
    const model = buildUnet2d(SMALL_UNET, 1);
    tf.tidy(() => {
      expect(model.apply(tf.zeros([2, 3, 8, 8]), false).shape).toEqual([2, 2, 8, 8]);
    });
    const snap = await model.esdSnapshot();
    expect(snap.find((s) => s.name === 'enc.0.conv1')!.shape).toEqual([9, 3, 3]);
    expect(snap.find((s) => s.name === 'dec.0.up')!.shape).toEqual([4, 6, 3]);
    expect(snap.find((s) => s.name === 'head')!.shape).toEqual([1, 3, 2]);
    const block = (name: string) => model.params.find((p) => p.spec.name === name)!.spec.block;
    expect([block('enc.1.conv2'), block('bottleneck.conv1'), block('dec.0.up'), block('head')]).toEqual([1, 2, 0, null]);
    model.dispose();
    expect(() => buildUnet2d({ ...SMALL_UNET, n: 6 }, 1)).toThrow(/divisible/);
  });

  it('zero padding differs from circular padding at the boundary only', () => {
    const a = buildUnet2d({ ...SMALL_UNET, levels: 1, padding: 'same' }, 5);
    const b = buildUnet2d({ ...SMALL_UNET, levels: 1, padding: 'circular' }, 5);
    tf.tidy(() => {
      const x = randomTensor(createRng(6), [1, 3, 8, 8]);
      const d = tf.abs(tf.sub(a.apply(x, false), b.apply(x, false))).dataSync();
      expect(maxAbs(d)).toBeGreaterThan(1e-4);
    });
    a.dispose();
    b.dispose();
  });

  it('seeding, whole-model gradients (with and without norm) and no tensor leaks', () => {
    expectSeededInit((seed) => buildUnet2d(SMALL_UNET, seed));
    const plain = buildUnet2d({ ...SMALL_UNET, norm: false }, 3);
    expectModelGradientsMatch(plain, createRng(45), [2, 3, 8, 8], [2, 2, 8, 8]);
    plain.dispose();
  });

  it('whole-model gradients with LayerNorm', () => {
    // With LayerNorm over 3 channels the loss bends on a scale ~1e-2 of the kernels (gradcheck.ts on
    // step sizes): h = 2e-3 (measured 2 % error at the default 1e-2, from truncation, not the gradient).
    // At that step float32 round-off of the loss is ~1e-3 in the difference quotient, so gradients below
    // 0.1 are compared in absolute terms (atol 0.1; measured worst 8.7e-4 absolute on a 0.063 gradient).
    const normed = buildUnet2d(SMALL_UNET, 3);
    const rng = createRng(45);
    const x = randomTensor(rng, [2, 3, 8, 8]);
    const proj = randomTensor(rng, [2, 2, 8, 8]);
    expectGradientsMatch(() => projectionLoss(normed.apply(x, true), proj), normed.params.map((p) => p.variable), rng, { coordsPerVariable: 1, h: 2e-3, atol: 0.1 });
    tf.dispose([x, proj]);
    normed.dispose();
    expectNoPdeTrainingLeaks(() => buildUnet2d(SMALL_UNET, 4), createRng(46), [2, 3, 8, 8], [2, 2, 8, 8]);
  });
});
