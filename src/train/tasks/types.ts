/**
 * A training task: the data a run trains and evaluates on, the loss, and the task's metric.
 * Tasks hold their data as plain typed arrays; tensors are made per batch and disposed by the caller.
 */
import type * as tf from '@tensorflow/tfjs';
import type { TrainableModel } from '../../models/types';

export type SplitName = 'val' | 'test';

/** Result of evaluating a model on a split. */
export interface EvalResult {
  split: SplitName;
  /** Mean loss on the split (cross-entropy; one-step MSE for PDEs). */
  loss: number;
  /** The task's headline metric: accuracy for text, nRMSE of the autoregressive rollout for PDEs. */
  metric: number;
  metricName: 'accuracy' | 'nRMSE';
  higherIsBetter: boolean;
  /** Secondary metrics (macro-F1; nRMSE at the last frame, …). */
  extra: Record<string, number>;
}

/**
 * One PDE test sample with the model's prediction, for the prediction-vs-truth chart (1-D) or the
 * field view (2-D). Fields are channel-major [channels, cells]; cells = x.length in 1-D, side² in 2-D
 * (row-major, rows = y).
 */
export interface PdeSample {
  /** Cell centres along x (along each axis in 2-D). */
  x: Float64Array;
  /** Frame index shown (the last one; 0 for the steady Darcy problem). */
  frame: number;
  truth: Float32Array;
  pred: Float32Array;
  /** The input: initial condition (frame 0), or Darcy's coefficient a. */
  initial: Float32Array;
  /** Channel names (absent in older logs: one channel). */
  channels?: string[];
  /** Side of a 2-D square grid; absent for 1-D. */
  side?: number;
  /** Name of the `initial` field when it is not the first frame (Darcy: 'a'). */
  inputName?: string;
}

export interface Task {
  readonly kind: 'classification' | 'pde';
  /** Human-readable description for logs and the UI. */
  readonly description: string;
  /** Training examples after subsampling (windows × samples for PDEs). */
  readonly trainSize: number;
  /** Tensors of the training examples at these indices (0 ≤ i < trainSize). Caller disposes. */
  batch(indices: ArrayLike<number>): { x: tf.Tensor; y: tf.Tensor };
  /** Scalar loss of a prediction against its targets. */
  loss(pred: tf.Tensor, y: tf.Tensor): tf.Scalar;
  evaluate(model: TrainableModel, split: SplitName): Promise<EvalResult>;
  /** PDE tasks: one test sample's rollout. */
  predictionSample?(model: TrainableModel): Promise<PdeSample>;
}
