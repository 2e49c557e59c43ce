/**
 * Portability: every model trains on the wasm backend (the one without gradients for gather and
 * conv1d filters, PLATFORM.md), and its loss and gradients there equal the cpu backend's.
 * The same seed must give the same initial weights on both backends (weights are drawn in JS).
 * webgl/webgpu need a browser; the e2e suite covers those.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { buildTransformer } from './transformer';
import { buildFno } from './fno';
import { buildUnet } from './unet';
import { maxAbs, maxAbsDiff } from '../../test/support/modelTestkit';
import type { TrainableModel } from './types';

const builders: [string, () => TrainableModel, () => tf.Tensor][] = [
  [
    'transformer',
    () => buildTransformer({ vocab: 40, maxLen: 8, dModel: 16, heads: 2, layers: 2, dFF: 24, classes: 3, dropout: 0 }, 1),
    () => tf.tensor2d([[5, 17, 39, 2, 0, 0], [1, 2, 3, 4, 5, 6]], [2, 6], 'int32'),
  ],
  [
    'fno',
    () => buildFno({ nx: 16, inFrames: 3, outFrames: 2, modes: 5, width: 6, layers: 2, projHidden: 8 }, 1),
    () => tf.tensor3d(Array.from({ length: 2 * 3 * 16 }, (_, i) => Math.sin(0.37 * i)), [2, 3, 16]),
  ],
  [
    'unet',
    () => buildUnet({ nx: 16, inFrames: 3, outFrames: 2, levels: 2, features: 4 }, 1),
    () => tf.tensor3d(Array.from({ length: 2 * 3 * 16 }, (_, i) => Math.cos(0.23 * i)), [2, 3, 16]),
  ],
];

/** Loss value, weights and gradients of a fresh model on the given backend, as plain arrays. */
async function runOn(backend: string, build: () => TrainableModel, input: () => tf.Tensor) {
  expect(await tf.setBackend(backend)).toBe(true);
  expect(tf.getBackend()).toBe(backend);
  const model = build();
  const x = input();
  const vars = model.params.map((p) => p.variable);
  const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(model.apply(x, true))) as tf.Scalar, vars);
  const result = {
    loss: value.dataSync()[0],
    weights: vars.map((v) => Float32Array.from(v.dataSync())),
    grads: vars.map((v) => Float32Array.from(grads[v.name].dataSync())),
  };
  tf.dispose([value, x, ...Object.values(grads)]);
  model.dispose();
  return result;
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('wasm backend', () => {
  it.each(builders)('%s: same initial weights, loss and gradients as on cpu', async (_name, build, input) => {
    const cpu = await runOn('cpu', build, input);
    const wasm = await runOn('wasm', build, input);
    cpu.weights.forEach((w, i) => expect(maxAbsDiff(w, wasm.weights[i])).toBe(0));
    expect(Math.abs(cpu.loss - wasm.loss) / Math.abs(cpu.loss)).toBeLessThan(1e-4);
    // Compare each gradient relative to the largest one of the model: the attention key biases have an
    // exactly-zero true gradient (softmax ignores a per-query constant), so their own scale is noise.
    const global = Math.max(...cpu.grads.map((g) => maxAbs(g)));
    cpu.grads.forEach((g, i) => {
      const scale = Math.max(maxAbs(g), 1e-3 * global);
      expect(maxAbsDiff(g, wasm.grads[i]) / scale, `parameter ${i}`).toBeLessThan(1e-4);
    });
  });
});
