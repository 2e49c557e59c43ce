/**
 * Neural PDE solving, PDEBench-style: from `inFrames` consecutive frames predict the next one.
 * Training uses every window of every training trajectory (teacher forcing, one step ahead);
 * evaluation rolls the model out autoregressively from the first `inFrames` true frames to the end of
 * the trajectory and reports nRMSE over the predicted frames (docs/METHOD.md §5). PDEBench's own autoregressive
 * training unrolls through time during training; one-step training is the cheaper choice for a
 * browser and is stated in the UI's help.
 *
 * Layout: the dataset is [samples, nt, C, cells] (C = 1 for the scalar equations, 3 for 1-D CFD,
 * 4 for 2-D CFD; cells = nx in 1-D, nx·nx in 2-D); samples [0, trainPool) are the training pool, the
 * next `valSamples` validation, the next `testSamples` test. The data seed is fixed by the caller so
 * the test set is the same for every run seed; the run seed only picks the nested training subset.
 * Multi-channel data (PDEBench's CFD protocol): the model sees the k input frames with their channels
 * stacked frame-major along axis 1, x [b, k·C, …space], and predicts the next frame's C channels,
 * y [b, C, …space]; the rollout drops the oldest frame's C rows and appends the prediction. nRMSE is
 * reported overall (mean over samples, channels and predicted frames) and per channel.
 */
import * as tf from '@tensorflow/tfjs';
import type { PdeDataset } from '../../data/pde/dataset';
import { nrmse } from '../../data/pde/nrmse';
import { stratifiedNestedSubset } from '../../data/subsample';
import type { TrainableModel } from '../../models/types';
import { CFD2D_CHANNELS } from '../../data/pde/cfd2d';
import { cellsPerFrame, pdeDims } from '../../data/pde/dataset';
import type { EvalResult, PdeSample, SplitName, Task } from './types';

/** Channel names of each equation's frames (extra metrics are `nrmse.<name>`). */
export function channelNames(equation: PdeDataset['spec']['equation']): string[] {
  if (equation === 'cfd') return ['density', 'velocity', 'pressure'];
  if (equation === 'cfd2d') return [...CFD2D_CHANNELS];
  return ['u'];
}

export interface PdeTaskOptions {
  trainPool: number;
  valSamples: number;
  testSamples: number;
  ratio: number;
  seed: number;
  inFrames: number;
}

export function createPdeTask(data: PdeDataset, opts: PdeTaskOptions): Task {
  const { nx, nt } = data.spec;
  const C = data.channels;
  if (data.spec.equation === 'darcy') throw new Error('Darcy flow is a steady problem: use createDarcyTask');
  const space = pdeDims(data.spec.equation) === 2 ? [nx, nx] : [nx];
  const cells = cellsPerFrame(data.spec);
  const names = channelNames(data.spec.equation);
  const need = opts.trainPool + opts.valSamples + opts.testSamples;
  if (data.spec.samples < need) throw new Error(`PDE dataset has ${data.spec.samples} samples, the task needs ${need}`);
  const k = opts.inFrames;
  if (!(k >= 1 && k < nt)) throw new Error(`inFrames must be in [1, ${nt - 1}], got ${k}`);
  const frame = C * cells; // values per frame
  const traj = nt * frame; // values per trajectory
  const inShape = (b: number): number[] => [b, k * C, ...space];
  const outShape = (b: number): number[] => [b, C, ...space];

  // Nested subset of the training pool (all "labels" equal: plain nested subsampling).
  const trainSamples = stratifiedNestedSubset(new Int32Array(opts.trainPool), opts.ratio, opts.seed);
  const windows = nt - k; // windows per trajectory: targets k..nt-1
  const trainSize = trainSamples.length * windows;

  const firstOf: Record<SplitName, number> = { val: opts.trainPool, test: opts.trainPool + opts.valSamples };
  const countOf: Record<SplitName, number> = { val: opts.valSamples, test: opts.testSamples };

  /** x [b, k·C, …space] and y [b, C, …space] for training example indices. */
  function batch(indices: ArrayLike<number>): { x: tf.Tensor; y: tf.Tensor } {
    const b = indices.length;
    const x = new Float32Array(b * k * frame);
    const y = new Float32Array(b * frame);
    for (let r = 0; r < b; r++) {
      const i = indices[r];
      const s = trainSamples[Math.floor(i / windows)];
      const t0 = i % windows;
      const base = s * traj + t0 * frame;
      x.set(data.u.subarray(base, base + k * frame), r * k * frame);
      y.set(data.u.subarray(base + k * frame, base + (k + 1) * frame), r * frame);
    }
    return { x: tf.tensor(x, inShape(b)), y: tf.tensor(y, outShape(b)) };
  }

  /** Autoregressive rollout of samples [first, first+count): returns predictions [count, nt, C, cells]. */
  async function rollout(model: TrainableModel, first: number, count: number): Promise<Float32Array> {
    const truth = data.u.subarray(first * traj, (first + count) * traj);
    const pred = new Float32Array(truth.length);
    // The first k frames are given, not predicted.
    for (let s = 0; s < count; s++) pred.set(truth.subarray(s * traj, s * traj + k * frame), s * traj);
    const init = new Float32Array(count * k * frame);
    for (let s = 0; s < count; s++) init.set(truth.subarray(s * traj, s * traj + k * frame), s * k * frame);
    let window = tf.tensor(init, inShape(count));
    const rest = space.map(() => 0);
    try {
      for (let t = k; t < nt; t++) {
        const next = tf.tidy(() => model.apply(window, false)); // [count, C, …space]
        const values = (await next.data()) as Float32Array;
        for (let s = 0; s < count; s++) pred.set(values.subarray(s * frame, (s + 1) * frame), s * traj + t * frame);
        const w = window;
        const shifted = tf.tidy(() => tf.concat([tf.slice(w, [0, C, ...rest], [count, (k - 1) * C, ...space]), next], 1));
        window.dispose();
        next.dispose();
        window = shifted;
      }
    } finally {
      window.dispose();
    }
    return pred;
  }

  return {
    kind: 'pde',
    description: `${data.spec.equation}: ${trainSamples.length} training trajectories (ratio ${opts.ratio}) × ${windows} windows, ${opts.valSamples} validation, ${opts.testSamples} test, ${space.join('×')} cells × ${C} channel${C > 1 ? 's' : ''} × ${nt} frames`,
    trainSize,
    batch,
    loss: (pred, y) => tf.losses.meanSquaredError(y, pred) as tf.Scalar,
    async evaluate(model, split): Promise<EvalResult> {
      const first = firstOf[split];
      const count = countOf[split];
      const pred = await rollout(model, first, count);
      const truth = data.u.subarray(first * traj, (first + count) * traj);
      const shape = { samples: count, times: nt, channels: C, nx: cells };
      const r = nrmse(pred, truth, shape, k);
      // MSE over all predicted frames of the rollout (errors compound, so it exceeds the one-step training loss).
      let se = 0;
      for (let i = k * frame; i < truth.length; i++) {
        if (i % traj < k * frame) continue;
        const d = pred[i] - truth[i];
        se += d * d;
      }
      const nPred = count * (nt - k) * frame;
      return {
        split,
        loss: se / nPred,
        metric: r.mean,
        metricName: 'nRMSE',
        higherIsBetter: false,
        extra: {
          nrmseLastFrame: r.perTime[nt - 1],
          rolloutMse: se / nPred,
          ...(C > 1 ? Object.fromEntries(names.map((name, c) => [`nrmse.${name}`, r.perChannel[c]])) : {}),
        },
      };
    },
    async predictionSample(model): Promise<PdeSample> {
      const first = firstOf.test;
      const pred = await rollout(model, first, 1);
      const truth = data.u.subarray(first * traj, (first + 1) * traj);
      const last = nt - 1;
      return {
        x: data.x,
        frame: last,
        truth: truth.slice(last * frame, (last + 1) * frame),
        pred: pred.slice(last * frame, (last + 1) * frame),
        initial: truth.slice(0, frame),
        channels: names,
        ...(space.length === 2 ? { side: nx } : {}),
      };
    },
  };
}
