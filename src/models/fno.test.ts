/**
 * FNO: the spectral convolution against an FFT reference (tf.spectral.rfft → complex mixing in
 * float64 → tf.spectral.irfft), its low-pass identity, gradients against finite differences, the
 * ESD parameter set (following the authors' net_esd_estimator), seeding and tensor leaks.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../math/random';
import { buildFno, spectralConv1d, type FnoConfig } from './fno';
import { dftTensors, disposeDft } from './ops';
import {
  expectGradientsMatch, expectModelGradientsMatch, expectNoPdeTrainingLeaks, expectSeededInit, maxAbs, maxAbsDiff,
  projectionLoss, randomTensor, randomVariable, useCpuBackend,
} from '../../test/support/modelTestkit';

const SMALL: Partial<FnoConfig> = { nx: 16, inFrames: 3, outFrames: 2, modes: 4, width: 6, layers: 2, projHidden: 8 };

useCpuBackend();

describe('spectralConv1d', () => {
  it('equals rfft → per-mode complex channel mixing → irfft (FFT reference, mixing in float64)', () => {
    const rng = createRng(31);
    const [batch, nx, cIn, cOut, modes] = [2, 16, 3, 4, 5];
    tf.tidy(() => {
      const x = randomTensor(rng, [batch, nx, cIn]) as tf.Tensor3D;
      const wRe = randomTensor(rng, [modes, cIn, cOut]) as tf.Tensor3D;
      const wIm = randomTensor(rng, [modes, cIn, cOut]) as tf.Tensor3D;
      const dft = dftTensors(nx, modes);
      const ours = spectralConv1d(x, { re: wRe, im: wIm }, dft);
      expect(ours.shape).toEqual([batch, nx, cOut]);

      const half = nx / 2 + 1;
      const spec = tf.spectral.rfft(tf.transpose(x, [0, 2, 1])); // [batch, cIn, half]
      const xr = tf.real(spec).dataSync();
      const xi = tf.imag(spec).dataSync();
      const wr = wRe.dataSync();
      const wi = wIm.dataSync();
      const yr = new Float32Array(batch * cOut * half);
      const yi = new Float32Array(batch * cOut * half);
      for (let b = 0; b < batch; b++) {
        for (let o = 0; o < cOut; o++) {
          for (let k = 0; k < modes; k++) {
            let re = 0;
            let im = 0;
            for (let i = 0; i < cIn; i++) {
              const a = xr[(b * cIn + i) * half + k];
              const c = xi[(b * cIn + i) * half + k];
              const p = wr[(k * cIn + i) * cOut + o];
              const q = wi[(k * cIn + i) * cOut + o];
              re += a * p - c * q;
              im += a * q + c * p;
            }
            yr[(b * cOut + o) * half + k] = re;
            yi[(b * cOut + o) * half + k] = im;
          }
        }
      }
      const y = tf.spectral.irfft(tf.complex(tf.tensor3d(yr, [batch, cOut, half]), tf.tensor3d(yi, [batch, cOut, half])));
      const ref = tf.transpose(y, [0, 2, 1]);
      expect(maxAbsDiff(ours.dataSync(), ref.dataSync()) / maxAbs(ref.dataSync())).toBeLessThan(1e-5);
      disposeDft(dft);
    });
  });

  it('identity weights (W_k = I) pass a band-limited signal through unchanged and remove higher modes', () => {
    const [nx, modes, c] = [32, 6, 2];
    tf.tidy(() => {
      const eye = tf.tile(tf.expandDims(tf.eye(c), 0), [modes, 1, 1]) as tf.Tensor3D;
      const w = { re: eye, im: tf.zerosLike(eye) };
      const dft = dftTensors(nx, modes);
      const low = new Float32Array(nx * c);
      const high = new Float32Array(nx * c);
      for (let j = 0; j < nx; j++) {
        const t = (2 * Math.PI * j) / nx;
        low[j * c] = 0.3 + Math.cos(t) - 0.5 * Math.sin(5 * t);
        low[j * c + 1] = 2 * Math.sin(3 * t + 0.4);
        high[j * c] = Math.cos(7 * t); // mode 7 ≥ modes: must vanish
        high[j * c + 1] = Math.sin(11 * t + 1);
      }
      const yLow = spectralConv1d(tf.tensor3d(low, [1, nx, c]), w, dft);
      expect(maxAbsDiff(yLow.dataSync(), low)).toBeLessThan(1e-5);
      const yHigh = spectralConv1d(tf.tensor3d(high, [1, nx, c]), w, dft);
      expect(maxAbs(yHigh.dataSync())).toBeLessThan(1e-5);
      disposeDft(dft);
    });
  });

  it('gradients w.r.t. real/imaginary weights and the input match central finite differences', () => {
    const rng = createRng(32);
    const dft = dftTensors(12, 4);
    const x = randomVariable(rng, [2, 12, 3], 'fno-test/x');
    const re = randomVariable(rng, [4, 3, 3], 'fno-test/re', 0.5);
    const im = randomVariable(rng, [4, 3, 3], 'fno-test/im', 0.5);
    const proj = randomTensor(rng, [2, 12, 3]);
    const loss = () =>
      projectionLoss(tf.tanh(spectralConv1d(x as tf.Tensor3D, { re: re as tf.Tensor3D, im: im as tf.Tensor3D }, dft)), proj);
    expectGradientsMatch(loss, [x, re, im], rng, { coordsPerVariable: 6 });
    tf.dispose([x, re, im, proj]);
    disposeDft(dft);
  });
});

describe('buildFno', () => {
  it('maps [batch, inFrames, nx] to [batch, outFrames, nx] and rejects other shapes', () => {
    const model = buildFno(SMALL, 1);
    tf.tidy(() => {
      expect(model.apply(tf.zeros([5, 3, 16]), false).shape).toEqual([5, 2, 16]);
      expect(() => model.apply(tf.zeros([5, 3, 15]), false)).toThrow();
    });
    model.dispose();
  });

  it('ESD set follows the authors: lift, the 1×1 convs and the projection; spectral weights have none', async () => {
    const model = buildFno(SMALL, 2);
    const names = model.params.map((p) => p.spec.name);
    expect(new Set(names).size).toBe(names.length);
    const snap = await model.esdSnapshot();
    expect(snap.map((s) => [s.name, s.shape])).toEqual([
      ['lift', [4, 6]],
      ['blocks.0.w', [1, 6, 6]],
      ['blocks.1.w', [1, 6, 6]],
      ['proj.fc1', [6, 8]],
      ['proj.fc2', [8, 2]],
    ]);
    for (const p of model.params) {
      const m = /^blocks\.(\d+)\./.exec(p.spec.name);
      if (m) expect(p.spec.block).toBe(Number(m[1]));
      if (p.spec.role === 'spectral') {
        expect(p.spec.esd).toBe(false);
        expect(p.variable.shape).toEqual([4, 6, 6]);
      }
      expect(names).toContain(p.spec.layer);
    }
    const block = (n: string) => model.params.find((p) => p.spec.name === n)!.spec.block;
    expect([block('lift'), block('proj.fc1'), block('proj.fc2')]).toEqual([null, 2, null]);
    model.dispose();
  });

  it('same seed ⇒ identical initial weights; another seed ⇒ different ones', () => {
    expectSeededInit((seed) => buildFno(SMALL, seed));
  });

  it('whole-model gradients match finite differences on sampled coordinates', () => {
    const model = buildFno(SMALL, 3);
    expectModelGradientsMatch(model, createRng(33), [2, 3, 16], [2, 2, 16]);
    model.dispose();
  });

  it('no tensor leaks over 50 forward+backward steps; dispose frees everything it made', () => {
    expectNoPdeTrainingLeaks(() => buildFno(SMALL, 4), createRng(34), [2, 3, 16], [2, 2, 16]);
  });
});
