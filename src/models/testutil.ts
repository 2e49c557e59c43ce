/**
 * Helpers for the model tests (not used by the app): seeded random tensors, a smooth scalar loss,
 * and a tensor-leak probe. Kept out of *.test.ts so each test file stays short.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../math/random';

/** Float32 tensor of standard-normal values × scale from a seeded RNG. */
export function randomTensor(rng: Rng, shape: number[], scale = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = rng.normal() * scale;
  return tf.tensor(values, shape, 'float32');
}

/** tf.Variable of random values (for gradient checks of bare ops). */
export function randomVariable(rng: Rng, shape: number[], name: string, scale = 1): tf.Variable {
  const t = randomTensor(rng, shape, scale);
  const v = tf.variable(t, true, name);
  t.dispose();
  return v;
}

/**
 * A smooth, non-degenerate scalar loss of an output: Σ y ⊙ R with a fixed random R. Linear in y, so
 * its gradient is R itself and finite differences see only the model's own curvature.
 */
export function projectionLoss(y: tf.Tensor, r: tf.Tensor): tf.Scalar {
  return tf.sum(tf.mul(y, r));
}

/** Largest |a − b| over two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Largest |a| over an array. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
