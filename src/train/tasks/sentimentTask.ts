/**
 * Sentence sentiment classification on the UCI Sentiment Labelled Sentences (src/data/text).
 * The training split is subsampled (stratified, nested) by the run's ratio and seed; validation and
 * test splits are the fixed ones of public/data/sentiment.json.
 */
import * as tf from '@tensorflow/tfjs';
import { stratifiedNestedSubset } from '../../data/subsample';
import { classificationReport, argmaxRows } from '../../data/text/metrics';
import type { SentimentDataJSON } from '../../data/text/buildSentimentData';
import { encodeSplit, getSplits, selectRows } from '../../data/text/sentiment';
import type { WordPieceTokenizer } from '../../data/text/tokenizer';
import type { TrainableModel } from '../../models/types';
import type { EvalResult, SplitName, Task } from './types';

export interface SentimentTaskOptions {
  ratio: number;
  seed: number;
  maxLen: number;
  /** Examples per forward pass during evaluation (memory bound, not a hyperparameter). */
  evalBatch?: number;
}

interface Encoded {
  ids: Int32Array; // [n, maxLen]
  labels: Int32Array; // [n]
  n: number;
}

export function createSentimentTask(data: SentimentDataJSON, tokenizer: WordPieceTokenizer, opts: SentimentTaskOptions): Task {
  const splits = getSplits(data);
  const subset = stratifiedNestedSubset(splits.train.labels, opts.ratio, opts.seed);
  const enc = (s: Parameters<typeof encodeSplit>[0]): Encoded => {
    const e = encodeSplit(s, tokenizer, opts.maxLen);
    return { ids: e.ids, labels: e.labels, n: e.n };
  };
  const train = enc(selectRows(splits.train, subset));
  const evalSets: Record<SplitName, Encoded> = { val: enc(splits.validation), test: enc(splits.test) };
  const maxLen = opts.maxLen;
  const evalBatch = opts.evalBatch ?? 128;

  const rows = (set: Encoded, indices: ArrayLike<number>): { ids: Int32Array; labels: Int32Array } => {
    const ids = new Int32Array(indices.length * maxLen);
    const labels = new Int32Array(indices.length);
    for (let r = 0; r < indices.length; r++) {
      const i = indices[r];
      ids.set(set.ids.subarray(i * maxLen, (i + 1) * maxLen), r * maxLen);
      labels[r] = set.labels[i];
    }
    return { ids, labels };
  };

  return {
    kind: 'classification',
    description: `sentiment: ${train.n} training sentences (ratio ${opts.ratio}), ${evalSets.val.n} validation, ${evalSets.test.n} test`,
    trainSize: train.n,
    batch(indices) {
      const { ids, labels } = rows(train, indices);
      return { x: tf.tensor2d(ids, [indices.length, maxLen], 'int32'), y: tf.tensor1d(labels, 'int32') };
    },
    loss(logits, y) {
      return tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(y as tf.Tensor1D, logits.shape[1] as number).toFloat(), logits) as tf.Scalar);
    },
    async evaluate(model: TrainableModel, split: SplitName): Promise<EvalResult> {
      const set = evalSets[split];
      const classes = 2;
      const logits = new Float32Array(set.n * classes);
      let lossSum = 0;
      for (let start = 0; start < set.n; start += evalBatch) {
        const idx = Array.from({ length: Math.min(evalBatch, set.n - start) }, (_, j) => start + j);
        const { ids, labels } = rows(set, idx);
        const [out, loss] = tf.tidy(() => {
          const x = tf.tensor2d(ids, [idx.length, maxLen], 'int32');
          const y = tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat();
          const z = model.apply(x, false);
          return [z, tf.losses.softmaxCrossEntropy(y, z)];
        });
        logits.set((await out.data()) as Float32Array, start * classes);
        lossSum += (await loss.data())[0] * idx.length;
        out.dispose();
        loss.dispose();
      }
      const report = classificationReport(argmaxRows(logits, classes), set.labels, classes);
      return {
        split,
        loss: lossSum / set.n,
        metric: report.accuracy,
        metricName: 'accuracy',
        higherIsBetter: true,
        extra: { macroF1: report.macroF1 },
      };
    },
  };
}
