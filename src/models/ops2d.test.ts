/**
 * 2-D ops against tfjs's own kernels (cpu backend): conv2dIm2col vs tf.conv2d ('same', 'valid', and
 * 'circular' vs a periodically tiled input), avgPool2d vs tf.avgPool, upConv2d vs tf.conv2dTranspose;
 * gradients against finite differences.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../math/random';
import { avgPool2d, conv2dIm2col, upConv2d } from './ops2d';
import { expectGradientsMatch, maxAbs, maxAbsDiff, projectionLoss, randomTensor, randomVariable, useCpuBackend } from '../../test/support/modelTestkit';

useCpuBackend();

describe('conv2dIm2col', () => {
  it('equals tf.conv2d for same and valid padding', () => {
    const rng = createRng(1);
    tf.tidy(() => {
      const x = randomTensor(rng, [2, 7, 6, 3]) as tf.Tensor4D;
      const k = randomTensor(rng, [3, 3, 3, 4]) as tf.Tensor4D;
      const flat = tf.reshape(k, [9, 3, 4]) as tf.Tensor3D;
      for (const pad of ['same', 'valid'] as const) {
        const ours = conv2dIm2col(x, flat, pad);
        const ref = tf.conv2d(x, k, 1, pad);
        expect(ours.shape).toEqual(ref.shape);
        expect(maxAbsDiff(ours.dataSync(), ref.dataSync())).toBeLessThan(1e-5);
      }
    });
  });

  it('circular padding equals a valid conv of the periodically extended field', () => {
    const rng = createRng(2);
    tf.tidy(() => {
      const x = randomTensor(rng, [1, 5, 6, 2]) as tf.Tensor4D;
      const k = randomTensor(rng, [3, 3, 2, 3]) as tf.Tensor4D;
      const rows = tf.concat([tf.slice(x, [0, 4, 0, 0], [1, 1, 6, 2]), x, tf.slice(x, [0, 0, 0, 0], [1, 1, 6, 2])], 1);
      const ext = tf.concat([tf.slice(rows, [0, 0, 5, 0], [1, 7, 1, 2]), rows, tf.slice(rows, [0, 0, 0, 0], [1, 7, 1, 2])], 2) as tf.Tensor4D;
      const ref = tf.conv2d(ext, k, 1, 'valid');
      const ours = conv2dIm2col(x, tf.reshape(k, [9, 2, 3]) as tf.Tensor3D, 'circular');
      expect(maxAbsDiff(ours.dataSync(), ref.dataSync())).toBeLessThan(1e-5);
    });
  });

  it('rejects even kernels and channel mismatches', () => {
    tf.tidy(() => {
      expect(() => conv2dIm2col(tf.zeros([1, 4, 4, 2]), tf.zeros([4, 2, 2]))).toThrow(/odd square/);
      expect(() => conv2dIm2col(tf.zeros([1, 4, 4, 2]), tf.zeros([9, 3, 2]))).toThrow(/channels/);
    });
  });
});

describe('avgPool2d and upConv2d', () => {
  it('avgPool2d equals tf.avgPool 2×2 stride 2', () => {
    const rng = createRng(3);
    tf.tidy(() => {
      const x = randomTensor(rng, [2, 6, 8, 3]) as tf.Tensor4D;
      expect(maxAbsDiff(avgPool2d(x).dataSync(), tf.avgPool(x, 2, 2, 'valid').dataSync())).toBeLessThan(1e-6);
    });
  });

  it('upConv2d equals tf.conv2dTranspose with a 2×2 kernel and stride 2', () => {
    const rng = createRng(4);
    tf.tidy(() => {
      const [b, ny, nx, cIn, cOut] = [2, 3, 4, 3, 5];
      const x = randomTensor(rng, [b, ny, nx, cIn]) as tf.Tensor4D;
      const k = randomTensor(rng, [4, cIn, cOut]) as tf.Tensor3D; // tap r·2 + s
      // tfjs filter layout [h, w, outDepth, inDepth].
      const filter = tf.transpose(tf.reshape(k, [2, 2, cIn, cOut]), [0, 1, 3, 2]) as tf.Tensor4D;
      const ref = tf.conv2dTranspose(x, filter, [b, 2 * ny, 2 * nx, cOut], 2, 'valid');
      const ours = upConv2d(x, k);
      expect(ours.shape).toEqual([b, 2 * ny, 2 * nx, cOut]);
      expect(maxAbsDiff(ours.dataSync(), ref.dataSync()) / maxAbs(ref.dataSync())).toBeLessThan(1e-6);
    });
  });

  it('gradients of conv, pooling and up-conv match finite differences', () => {
    const rng = createRng(5);
    const x = randomVariable(rng, [1, 4, 4, 2], 'ops2d-test/x');
    const k = randomVariable(rng, [9, 2, 3], 'ops2d-test/k', 0.5);
    const u = randomVariable(rng, [4, 3, 2], 'ops2d-test/u', 0.5);
    const proj = randomTensor(rng, [1, 4, 4, 2]);
    const loss = () => projectionLoss(tf.tanh(upConv2d(avgPool2d(conv2dIm2col(x as tf.Tensor4D, k as tf.Tensor3D, 'circular')), u as tf.Tensor3D)), proj);
    expectGradientsMatch(loss, [x, k, u], rng, { coordsPerVariable: 6 });
    tf.dispose([x, k, u, proj]);
  });
});
