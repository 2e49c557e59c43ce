/**
 * A tiny synthetic classification task for engine tests: token sequences whose label is whether
 * token 1 occurs more often than token 2. Seeded; small enough for hundreds of steps on the cpu backend.
 * Also `losses`, the loss curve of a run's next steps, which those tests compare.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../src/math/random';
import type { TrainingRun } from '../../src/train/run';
import type { Task } from '../../src/train/tasks/types';

/** `n` sequences of `maxLen` tokens from a vocabulary of `vocab` (0 is never drawn: it is PAD). */
export function syntheticTask(n = 64, maxLen = 8, vocab = 12, seed = 0): Task {
  const rng = createRng(seed);
  const ids = new Int32Array(n * maxLen);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let c1 = 0;
    let c2 = 0;
    for (let j = 0; j < maxLen; j++) {
      const t = 1 + rng.int(vocab - 1);
      ids[i * maxLen + j] = t;
      if (t === 1) c1++;
      if (t === 2) c2++;
    }
    labels[i] = c1 > c2 ? 1 : 0;
  }
  const pick = (idx: ArrayLike<number>) => {
    const x = new Int32Array(idx.length * maxLen);
    const y = new Int32Array(idx.length);
    for (let r = 0; r < idx.length; r++) {
      x.set(ids.subarray(idx[r] * maxLen, (idx[r] + 1) * maxLen), r * maxLen);
      y[r] = labels[idx[r]];
    }
    return { x, y };
  };
  return {
    kind: 'classification',
    description: 'synthetic counting task',
    trainSize: n,
    batch(indices) {
      const { x, y } = pick(indices);
      return { x: tf.tensor2d(x, [indices.length, maxLen], 'int32'), y: tf.tensor1d(y, 'int32') };
    },
    loss: (logits, y) => tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(y as tf.Tensor1D, 2).toFloat(), logits) as tf.Scalar),
    async evaluate(model, split) {
      const all = Int32Array.from({ length: n }, (_, i) => i);
      const { x, y } = pick(all);
      const predT = tf.tidy(() => model.apply(tf.tensor2d(x, [n, maxLen], 'int32'), false).argMax(1));
      const pred = (await predT.data()) as Int32Array;
      predT.dispose();
      let ok = 0;
      for (let i = 0; i < n; i++) ok += pred[i] === y[i] ? 1 : 0;
      return { split, loss: NaN, metric: ok / n, metricName: 'accuracy', higherIsBetter: true, extra: {} };
    },
  };
}

/** Train `n` more steps and return their losses; a failed step (divergence) throws its message. */
export async function losses(run: TrainingRun, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await run.trainStep();
    if (!r.ok) throw new Error(r.message);
    out.push(r.event.loss);
  }
  return out;
}
