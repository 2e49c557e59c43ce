/**
 * Portable ops against tfjs's own (non-portable) kernels on the cpu backend, plus finite-difference
 * gradient checks. References: tf.conv1d, tf.conv2dTranspose, tf.gather, tf.spectral.rfft/irfft.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../math/random';
import {
  avgPool2, conv1dIm2col, dftMatrices, dftTensors, disposeDft, gelu, layerNorm, oneHotEmbed,
  truncatedIrfft, truncatedRfft, upConv2,
} from './ops';
import { expectGradientsMatch, maxAbs, maxAbsDiff, projectionLoss, randomTensor, randomVariable, useCpuBackend } from '../../test/support/modelTestkit';

useCpuBackend();

describe('conv1dIm2col', () => {
  const rng = createRng(11);
  it.each([
    ['same', 3, 1],
    ['same', 4, 1],
    ['same', 5, 2],
    ['valid', 3, 1],
    ['valid', 3, 3],
  ] as const)('equals tf.conv1d (padding %s, k %i, dilation %i)', (padding, k, dilation) => {
    tf.tidy(() => {
      const x = randomTensor(rng, [2, 17, 3]) as tf.Tensor3D;
      const w = randomTensor(rng, [k, 3, 4]) as tf.Tensor3D;
      const ours = conv1dIm2col(x, w, padding, dilation);
      const ref = tf.conv1d(x, w, 1, padding, 'NWC', dilation);
      expect(ours.shape).toEqual(ref.shape);
      expect(maxAbsDiff(ours.dataSync(), ref.dataSync())).toBeLessThan(1e-5);
    });
  });

  it('circular padding equals tf.conv1d on the periodically extended signal', () => {
    tf.tidy(() => {
      const x = randomTensor(rng, [2, 12, 3]) as tf.Tensor3D;
      const w = randomTensor(rng, [5, 3, 2]) as tf.Tensor3D;
      // k = 5 ⇒ 2 samples wrap in on each side.
      const ext = tf.concat([tf.slice(x, [0, 10, 0], [2, 2, 3]), x, tf.slice(x, [0, 0, 0], [2, 2, 3])], 1);
      const ref = tf.conv1d(ext as tf.Tensor3D, w, 1, 'valid');
      const ours = conv1dIm2col(x, w, 'circular');
      expect(ours.shape).toEqual([2, 12, 2]);
      expect(maxAbsDiff(ours.dataSync(), ref.dataSync())).toBeLessThan(1e-5);
    });
  });

  it('gradients w.r.t. kernel and input match central finite differences', () => {
    const r = createRng(12);
    const x = randomVariable(r, [2, 9, 3], 'ops-test/conv-x');
    const w = randomVariable(r, [3, 3, 4], 'ops-test/conv-w', 0.5);
    const proj = randomTensor(r, [2, 9, 4]);
    // tanh makes the loss non-linear in the weights, so the check sees second-order terms too.
    const loss = () => projectionLoss(tf.tanh(conv1dIm2col(x as tf.Tensor3D, w as tf.Tensor3D, 'circular')), proj);
    expectGradientsMatch(loss, [x, w], r, { coordsPerVariable: 6 });
    tf.dispose([x, w, proj]);
  });
});

describe('upConv2 and avgPool2', () => {
  const rng = createRng(13);
  it('upConv2 equals tf.conv2dTranspose with kernel 2, stride 2', () => {
    tf.tidy(() => {
      const x = randomTensor(rng, [2, 5, 3]) as tf.Tensor3D;
      const k = randomTensor(rng, [2, 3, 4]) as tf.Tensor3D; // [tap, cIn, cOut]
      // conv2dTranspose filter layout: [h, w, outDepth, inDepth].
      const filter = tf.expandDims(tf.transpose(k, [0, 2, 1]), 0) as tf.Tensor4D;
      const ref = tf.conv2dTranspose(tf.expandDims(x, 1) as tf.Tensor4D, filter, [2, 1, 10, 4], [1, 2], 'valid');
      const ours = upConv2(x, k);
      expect(ours.shape).toEqual([2, 10, 4]);
      expect(maxAbsDiff(ours.dataSync(), ref.dataSync())).toBeLessThan(1e-5);
    });
  });

  it('avgPool2 equals tf.avgPool1d-style pooling (tf.avgPool on a height-1 image)', () => {
    tf.tidy(() => {
      const x = randomTensor(rng, [2, 8, 3]) as tf.Tensor3D;
      const ref = tf.avgPool(tf.expandDims(x, 1) as tf.Tensor4D, [1, 2], [1, 2], 'valid');
      const ours = avgPool2(x);
      expect(ours.shape).toEqual([2, 4, 3]);
      expect(maxAbsDiff(ours.dataSync(), ref.dataSync())).toBeLessThan(1e-6);
    });
  });
});

describe('oneHotEmbed', () => {
  it('equals tf.gather forward, and its table gradient matches finite differences', () => {
    const rng = createRng(14);
    const table = randomVariable(rng, [7, 4], 'ops-test/embed');
    const ids = tf.tensor2d([[1, 0, 6, 1], [3, 3, 0, 2]], [2, 4], 'int32');
    tf.tidy(() => {
      const ours = oneHotEmbed(ids, table as tf.Tensor2D);
      const ref = tf.reshape(tf.gather(table, tf.reshape(ids, [-1])), [2, 4, 4]);
      expect(maxAbsDiff(ours.dataSync(), ref.dataSync())).toBe(0);
    });
    const proj = randomTensor(rng, [2, 4, 4]);
    const loss = () => projectionLoss(tf.sin(oneHotEmbed(ids, table as tf.Tensor2D)), proj);
    expectGradientsMatch(loss, [table], rng, { coordsPerVariable: 10 });
    tf.dispose([table, ids, proj]);
  });
});

describe('gelu and layerNorm', () => {
  it('gelu (tanh form) is within 1e-3 of x·Φ(x) computed with tf.erf', () => {
    tf.tidy(() => {
      const x = tf.linspace(-6, 6, 241);
      const exact = tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
      expect(maxAbsDiff(gelu(x).dataSync(), exact.dataSync())).toBeLessThan(1e-3);
    });
  });

  it('layerNorm output has mean beta and standard deviation |gamma| per row; gradients match FD', () => {
    const rng = createRng(15);
    tf.tidy(() => {
      const x = tf.add(randomTensor(rng, [3, 16], 4), 2);
      const y = layerNorm(x, tf.fill([16], 2.5), tf.fill([16], -1), 1e-8);
      const { mean, variance } = tf.moments(y, -1);
      expect(maxAbsDiff(mean.dataSync(), [-1, -1, -1])).toBeLessThan(1e-5);
      expect(maxAbsDiff(tf.sqrt(variance).dataSync(), [2.5, 2.5, 2.5])).toBeLessThan(1e-4);
    });
    const x = randomVariable(rng, [2, 6], 'ops-test/ln-x');
    const g = randomVariable(rng, [6], 'ops-test/ln-g');
    const b = randomVariable(rng, [6], 'ops-test/ln-b');
    const proj = randomTensor(rng, [2, 6]);
    const loss = () => projectionLoss(tf.tanh(layerNorm(x, g, b)), proj);
    expectGradientsMatch(loss, [x, g, b], rng, { coordsPerVariable: 4 });
    tf.dispose([x, g, b, proj]);
  });
});

describe('truncated real DFT as matMul', () => {
  it.each([
    [16, 5],
    [16, 9], // includes the Nyquist bin of an even length
    [15, 8], // odd length: no Nyquist bin
  ])('nx %i, modes %i: forward equals tf.spectral.rfft[:modes], inverse equals irfft of the zero-filled spectrum', (nx, modes) => {
    const rng = createRng(100 + nx + modes);
    tf.tidy(() => {
      const dft = dftTensors(nx, modes);
      const x = randomTensor(rng, [3, nx]);
      const { re, im } = truncatedRfft(x, dft);
      const full = tf.spectral.rfft(x); // [3, ⌊nx/2⌋+1] complex64
      const half = Math.floor(nx / 2) + 1;
      const refRe = tf.slice(tf.real(full), [0, 0], [3, modes]);
      const refIm = tf.slice(tf.imag(full), [0, 0], [3, modes]);
      const scale = maxAbs(tf.real(full).dataSync());
      expect(maxAbsDiff(re.dataSync(), refRe.dataSync()) / scale).toBeLessThan(1e-5);
      expect(maxAbsDiff(im.dataSync(), refIm.dataSync()) / scale).toBeLessThan(1e-5);

      // Any spectrum, zero above `modes`: our inverse must equal tfjs irfft (which is length 2(half−1),
      // so compare only for even nx where that is nx).
      const specRe = randomTensor(rng, [3, modes]);
      const specIm = randomTensor(rng, [3, modes]);
      const ours = truncatedIrfft(specRe, specIm, dft);
      expect(ours.shape).toEqual([3, nx]);
      if (nx % 2 === 0) {
        const pad = (t: tf.Tensor) => tf.pad(t as tf.Tensor2D, [[0, 0], [0, half - modes]]);
        const ref = tf.spectral.irfft(tf.complex(pad(specRe), pad(specIm)));
        expect(maxAbsDiff(ours.dataSync(), ref.dataSync())).toBeLessThan(1e-5);
      }
      // Round trip: a signal with no content above `modes` comes back unchanged (Nyquist excluded:
      // a real signal's Nyquist bin is real, and irfft(rfft(x)) keeps it).
      const lowpass = truncatedIrfft(re, im, dft);
      const back = truncatedRfft(lowpass, dft);
      expect(maxAbsDiff(back.re.dataSync(), re.dataSync()) / scale).toBeLessThan(1e-5);
      disposeDft(dft);
    });
  });

  it('rejects more modes than the real spectrum has', () => {
    expect(() => dftMatrices(16, 10)).toThrow();
    expect(() => dftMatrices(16, 0)).toThrow();
  });
});
