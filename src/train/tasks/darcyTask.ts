/**
 * Steady Darcy flow as a learning task (PDEBench's 2-D Darcy problem): from the coefficient field a
 * predict the pressure u, one map per sample, no rollout. Metric: nRMSE = ‖û − u‖₂/‖u‖₂ over the
 * grid, mean over the split's samples (docs/METHOD.md, "nRMSE").
 *
 * Scaling (so one learning rate fits every β): the model sees a mapped to ±1, (a − mid)/half with
 * mid/half from the two coefficient values, and is trained on u / s with s the RMS of u over the
 * training subset. nRMSE is scale-free, so it is the same on scaled or physical values; predictions
 * shown in the lab are mapped back to physical u.
 * Layout: dataset [samples, 1, (a, u), n, n]; samples [0, trainPool) are the training pool, then
 * validation, then test, as for the time-dependent tasks (pdeTask.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { PdeDataset } from '../../data/pde/dataset';
import { nrmse } from '../../data/pde/nrmse';
import { stratifiedNestedSubset } from '../../data/subsample';
import type { TrainableModel } from '../../models/types';
import type { PdeTaskOptions } from './pdeTask';
import type { EvalResult, PdeSample, SplitName, Task } from './types';

/** Samples per forward pass in evaluation (bounds memory at 64×64). */
const EVAL_CHUNK = 16;

export function createDarcyTask(data: PdeDataset, opts: Omit<PdeTaskOptions, 'inFrames'>): Task {
  if (data.spec.equation !== 'darcy' || data.channels !== 2) throw new Error('createDarcyTask needs a Darcy dataset (channels a, u)');
  const n = data.spec.nx;
  const cells = n * n;
  const need = opts.trainPool + opts.valSamples + opts.testSamples;
  if (data.spec.samples < need) throw new Error(`Darcy dataset has ${data.spec.samples} samples, the task needs ${need}`);
  const per = 2 * cells;
  const field = (s: number, c: 0 | 1): Float32Array => data.u.subarray(s * per + c * cells, s * per + (c + 1) * cells);

  const trainSamples = stratifiedNestedSubset(new Int32Array(opts.trainPool), opts.ratio, opts.seed);
  let lo = Infinity;
  let hi = -Infinity;
  let sq = 0;
  for (const s of trainSamples) {
    for (const v of field(s, 0)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    for (const v of field(s, 1)) sq += v * v;
  }
  const mid = (hi + lo) / 2;
  const half = hi > lo ? (hi - lo) / 2 : 1;
  const scale = Math.sqrt(sq / (trainSamples.length * cells)) || 1;

  const firstOf: Record<SplitName, number> = { val: opts.trainPool, test: opts.trainPool + opts.valSamples };
  const countOf: Record<SplitName, number> = { val: opts.valSamples, test: opts.testSamples };

  /** Model inputs [b, 1, n, n] and scaled targets [b, 1, n, n] of samples. */
  function tensors(samples: ArrayLike<number>): { x: tf.Tensor; y: tf.Tensor } {
    const b = samples.length;
    const x = new Float32Array(b * cells);
    const y = new Float32Array(b * cells);
    for (let r = 0; r < b; r++) {
      const a = field(samples[r], 0);
      const u = field(samples[r], 1);
      for (let k = 0; k < cells; k++) {
        x[r * cells + k] = (a[k] - mid) / half;
        y[r * cells + k] = u[k] / scale;
      }
    }
    return { x: tf.tensor4d(x, [b, 1, n, n]), y: tf.tensor4d(y, [b, 1, n, n]) };
  }

  /** Scaled predictions and targets of samples [first, first + count). */
  async function predict(model: TrainableModel, first: number, count: number): Promise<{ pred: Float32Array; truth: Float32Array }> {
    const pred = new Float32Array(count * cells);
    const truth = new Float32Array(count * cells);
    for (let c0 = 0; c0 < count; c0 += EVAL_CHUNK) {
      const ids = Array.from({ length: Math.min(EVAL_CHUNK, count - c0) }, (_, i) => first + c0 + i);
      const { x, y } = tensors(ids);
      try {
        const out = tf.tidy(() => model.apply(x, false));
        try {
          pred.set((await out.data()) as Float32Array, c0 * cells);
        } finally {
          out.dispose();
        }
        truth.set((await y.data()) as Float32Array, c0 * cells);
      } finally {
        tf.dispose([x, y]);
      }
    }
    return { pred, truth };
  }

  return {
    kind: 'pde',
    description: `darcy (β = ${data.spec.params.beta}): ${trainSamples.length} training samples (ratio ${opts.ratio}), ${opts.valSamples} validation, ${opts.testSamples} test, ${n}×${n} cells`,
    trainSize: trainSamples.length,
    batch: (indices) => tensors(Array.from(indices, (i) => trainSamples[i])),
    loss: (pred, y) => tf.losses.meanSquaredError(y, pred) as tf.Scalar,
    async evaluate(model, split): Promise<EvalResult> {
      const count = countOf[split];
      const { pred, truth } = await predict(model, firstOf[split], count);
      const r = nrmse(pred, truth, { samples: count, times: 1, channels: 1, nx: cells });
      let se = 0;
      for (let i = 0; i < pred.length; i++) se += (pred[i] - truth[i]) ** 2;
      return { split, loss: se / pred.length, metric: r.mean, metricName: 'nRMSE', higherIsBetter: false, extra: {} };
    },
    async predictionSample(model): Promise<PdeSample> {
      const first = firstOf.test;
      const { pred } = await predict(model, first, 1);
      return {
        x: data.x,
        frame: 0,
        truth: field(first, 1).slice(),
        pred: pred.map((v) => v * scale),
        initial: field(first, 0).slice(),
        channels: ['u'],
        side: n,
        inputName: 'a',
      };
    },
  };
}
