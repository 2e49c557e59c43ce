/**
 * Shared contract between the model builders (src/models) and the training engine (src/train).
 * Every trainable parameter carries a stable name, the block it belongs to (for block-wise
 * TempBalance, docs/METHOD.md §3) and the weight matrix it follows (for layer-wise rates).
 */
import type * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from '../math/types';

export type ParamRole = 'matrix' | 'conv' | 'spectral' | 'bias' | 'norm' | 'embedding' | 'head';
export interface ParamSpec {
  name: string;          // e.g. 'blocks.1.attn.q', 'blocks.1.attn.q.bias', 'blocks.1.ln1.gamma', 'embed.tok', 'head'
  block: number | null;  // transformer block / Fourier layer / UNet level; null for embeddings, head, lifting
  layer: string;         // the weight matrix this parameter follows (a bias or norm follows its layer/block)
  role: ParamRole;
  esd: boolean;          // true if this parameter is itself a matrix/kernel whose ESD is computed
}
export interface ModelParam {
  spec: ParamSpec;
  variable: tf.Variable;
  /** Not trained (LoRA's frozen base weights): no gradient, no optimiser state. Default false. */
  frozen?: boolean;
}

/** The parameters an optimiser trains (all but the frozen ones). */
export function trainableParams(model: Pick<TrainableModel, 'params'>): ModelParam[] {
  return model.params.filter((p) => !p.frozen);
}
export interface TrainableModel {
  readonly kind: 'transformer' | 'fno' | 'unet';
  readonly params: ModelParam[];
  /** Forward pass; returns logits [batch, classes] or predictions [batch, outFrames, nx]. */
  apply(x: tf.Tensor, training: boolean): tf.Tensor;
  /** The matrices whose ESD is analysed, as plain shapes the numerics core understands: 2-D dense
   *  [d_in, d_out], or 3-D conv kernel [k, c_in, c_out]. Reads weights back (async, dataSync-free). */
  esdSnapshot(): Promise<NamedTensor[]>;
  /**
   * Optional: called before the training forward pass of optimiser step `step`. Models with dropout
   * draw that step's masks from a stream keyed by (seed, step), so a run resumed at step n (another
   * backend, after a lost device) draws exactly the masks it would have drawn.
   */
  beginStep?(step: number): void;
  dispose(): void;
}
