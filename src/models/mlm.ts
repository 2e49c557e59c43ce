/**
 * Masked-language-model head and loss on the tiny transformer encoder (BERT, Devlin et al. 2019;
 * head as in HF BertLMPredictionHead / RobertaLMHead):
 *
 *   h = encoder(ids)                          [b, s, d]   (after ln_f)
 *   hₘ = Sel · h                              [p, d]      rows of the p masked positions only
 *   t = LN(GELU(hₘ · mlm.dense + b))          [p, d]      names mlm.dense(.bias), mlm.ln.gamma/beta
 *   logits = t · Eᵀ + mlm.bias                [p, vocab]  E = embed.tok (tied, default) or t · mlm.decoder
 *   loss = −(1/p) Σᵢ log softmax(logitsᵢ)[yᵢ]
 *
 * Tied decoder by default (BERT and RoBERTa tie it): no extra [d, vocab] matrix to learn from a small
 * corpus, and the pretraining signal lands directly in the embedding the classifier reuses. Untied is
 * available for experiments (`tied: false` adds `mlm.decoder` [d, vocab]).
 *
 * Gather-free on purpose (PLATFORM.md "Op support that bites": wasm has no gather gradient): the masked
 * rows are picked by a constant 0/1 selection matrix Sel [p, b·s] and the target log-probabilities by a
 * constant one-hot [p, vocab], both built in JavaScript from the labels. Only the p ≈ 15 % masked rows
 * go through the head, so the O(vocab) decoder costs p·d·vocab instead of b·s·d·vocab.
 */
import * as tf from '@tensorflow/tfjs';
import { dense, gelu, layerNorm } from './ops';
import { createRng } from '../math/random';
import { initValues, type ParamRegistry } from './params';
import { buildTransformer, type TransformerConfig, type TransformerEncoder, type TransformerModel } from './transformer';
import type { ModelParam } from './types';

/** Names of the classifier head, which pretraining never trains and the checkpoint never stores. */
export const CLASSIFIER_HEAD_PARAMS: readonly string[] = ['head', 'head.bias'];
/** Prefix of every MLM-head parameter name. */
export const MLM_PREFIX = 'mlm.';

/** The MLM head's forward function; its variables live in the registry it was added to. */
export interface MlmHead {
  readonly tied: boolean;
  /** Hidden states of the predicted positions [p, d] → vocabulary logits [p, vocab]. */
  logits(h: tf.Tensor2D): tf.Tensor2D;
}

/**
 * Add the MLM head's parameters to `reg` (next to the encoder's): mlm.dense [d, d] (Glorot),
 * mlm.dense.bias, mlm.ln.gamma/beta, mlm.bias [vocab] (zeros), and mlm.decoder [d, vocab] if untied.
 * ESD is off for all of them: the head is thrown away before fine-tuning.
 */
export function addMlmHead(reg: ParamRegistry, encoder: TransformerEncoder, opts: { tied?: boolean } = {}): MlmHead {
  const tied = opts.tied ?? true;
  const { dModel: d, vocab } = encoder.config;
  const spec = (name: string, role: 'head' | 'bias' | 'norm') => ({ name, block: null, layer: 'mlm.dense', role, esd: false });
  const w = reg.add(spec('mlm.dense', 'head'), [d, d], { kind: 'glorotUniform', fanIn: d, fanOut: d });
  const b = reg.add(spec('mlm.dense.bias', 'bias'), [d], { kind: 'zeros' });
  const g = reg.add(spec('mlm.ln.gamma', 'norm'), [d], { kind: 'ones' });
  const beta = reg.add(spec('mlm.ln.beta', 'norm'), [d], { kind: 'zeros' });
  const outBias = reg.add(spec('mlm.bias', 'bias'), [vocab], { kind: 'zeros' });
  const decoder = tied ? null : reg.add(spec('mlm.decoder', 'head'), [d, vocab], { kind: 'glorotUniform', fanIn: d, fanOut: vocab });
  return {
    tied,
    logits(h: tf.Tensor2D): tf.Tensor2D {
      const t = layerNorm(gelu(dense(h, w as tf.Tensor2D, b)), g, beta) as tf.Tensor2D; // [p, d]
      // Tied: t · Eᵀ with E [vocab, d] → [p, vocab], no transpose materialised (matMul's transposeB).
      const z = decoder ? tf.matMul(t, decoder) : tf.matMul(t, encoder.tokenEmbedding, false, true);
      return tf.add(z, outBias) as tf.Tensor2D;
    },
  };
}

/**
 * The constant matrices of a masked batch: Sel [p, b·s] picks the p positions with label ≥ 0 (in
 * row-major order), Y [p, vocab] is the one-hot of their labels. Plain arrays, uploaded by the caller.
 */
export function maskedSelection(labels: Int32Array, vocab: number): { positions: number[]; sel: Float32Array; target: Float32Array } {
  const positions: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    if (labels[i] >= vocab) throw new Error(`label ${labels[i]} at position ${i} is outside the vocabulary (${vocab})`);
    positions.push(i);
  }
  const p = positions.length;
  const sel = new Float32Array(p * labels.length);
  const target = new Float32Array(p * vocab);
  positions.forEach((pos, r) => {
    sel[r * labels.length + pos] = 1;
    target[r * vocab + labels[pos]] = 1;
  });
  return { positions, sel, target };
}

/** Encoder + selection + head: ids [b, s], Sel [p, b·s] → logits [p, vocab]. */
function selectedLogits(encoder: TransformerEncoder, head: MlmHead, ids: tf.Tensor2D, sel: Float32Array, training: boolean): tf.Tensor2D {
  const [b, s] = ids.shape;
  const p = sel.length / (b * s);
  const h = tf.reshape(encoder.encode(ids, training), [b * s, encoder.config.dModel]) as tf.Tensor2D; // [b·s, d]
  const picked = tf.matMul(tf.tensor2d(sel, [p, b * s]), h) as tf.Tensor2D; // [p, d]
  return head.logits(picked);
}

function checkLabels(ids: tf.Tensor2D, labels: Int32Array): void {
  const [b, s] = ids.shape;
  if (labels.length !== b * s) throw new Error(`labels have ${labels.length} entries, ids are ${b}×${s}`);
}

/** −(1/p) Σᵢ Σᵥ Yᵢᵥ (zᵢᵥ − logΣₖ exp zᵢₖ) for logits z [p, vocab] and one-hot targets Y [p, vocab]. */
function crossEntropy(logits: tf.Tensor2D, target: Float32Array): tf.Scalar {
  const [p, vocab] = logits.shape;
  const logProbs = tf.sub(logits, tf.logSumExp(logits, 1, true)); // [p, vocab]
  return tf.div(tf.neg(tf.sum(tf.mul(tf.tensor2d(target, [p, vocab]), logProbs))), p) as tf.Scalar;
}

/**
 * Mean cross-entropy over the masked positions: −(1/p) Σᵢ log softmax(zᵢ)[yᵢ].
 * Unmasked positions contribute nothing (their rows are never selected). With no masked position
 * the loss is the constant 0 (not 0/0); tf.variableGrads refuses such a loss, so skip that batch.
 */
export function mlmLoss(encoder: TransformerEncoder, head: MlmHead, ids: tf.Tensor2D, labels: Int32Array, training: boolean): tf.Scalar {
  checkLabels(ids, labels);
  const { sel, target, positions } = maskedSelection(labels, encoder.config.vocab);
  if (positions.length === 0) return tf.scalar(0);
  return crossEntropy(selectedLogits(encoder, head, ids, sel, training), target);
}

/** Result of MlmModel.evaluate on one batch. */
export interface MlmEvaluation {
  /** Argmax id per masked position, in row-major position order. */
  predicted: Int32Array;
  correct: number;
  /** Number of masked positions. */
  total: number;
  /** Mean cross-entropy over them (0 when total is 0). */
  loss: number;
}

/** A transformer with an MLM head on its encoder, for pretraining. */
export interface MlmModel {
  /** The classifier-shaped model; its `head` exists (so names match a classifier) but is not trained. */
  readonly transformer: TransformerModel;
  readonly head: MlmHead;
  /** What pretraining trains and the checkpoint stores: the encoder's parameters and mlm.*. */
  readonly params: ModelParam[];
  /** Scalar loss of a masked batch (see mlmLoss). */
  loss(ids: tf.Tensor2D, labels: Int32Array, training: boolean): tf.Scalar;
  /** Evaluation mode (no dropout): argmax predictions, masked-token accuracy and mean loss, one forward pass. */
  evaluate(ids: tf.Tensor2D, labels: Int32Array): Promise<MlmEvaluation>;
  dispose(): void;
}

/** Options of buildMlmModel. */
export interface MlmModelOptions {
  /** Decoder tied to embed.tok (default true). */
  tied?: boolean;
  /**
   * Re-draw embed.tok and embed.pos as truncated normals with this std (seeded) instead of BERT's
   * 0.02. Why: at d = 64 a 0.02 embedding has norm ≈ 0.16 while each pre-LN block adds outputs of
   * norm ≈ 1 that, under the near-uniform attention of initialisation, are almost the same at every
   * position of a row. Every position then looks alike, and the model sits on the unigram plateau
   * for hundreds of steps (measured: docs/PRETRAIN.md). A larger embedding keeps token identity and
   * position visible in the residual stream from step 0.
   */
  embeddingStd?: number;
}

/**
 * Build a transformer (same names, shapes and seeded initial values as buildTransformer(config, seed),
 * except the embeddings when `embeddingStd` is set) plus an MLM head. The head's initial values come
 * from the same registry RNG, forked per name.
 */
export function buildMlmModel(config: Partial<TransformerConfig>, seed: number, opts: MlmModelOptions = {}): MlmModel {
  const transformer = buildTransformer(config, seed);
  if (opts.embeddingStd !== undefined) {
    const rng = createRng(seed).fork('mlm-embedding-init');
    for (const name of ['embed.tok', 'embed.pos']) {
      const v = transformer.registry.get(name);
      const values = initValues(v.size, { kind: 'truncatedNormal', std: opts.embeddingStd }, rng.fork(name));
      tf.tidy(() => v.assign(tf.tensor(values, v.shape, 'float32')));
    }
  }
  const head = addMlmHead(transformer.registry, transformer.encoder, opts);
  const params = transformer.registry.params.filter((p) => !CLASSIFIER_HEAD_PARAMS.includes(p.spec.name));
  const enc = transformer.encoder;
  return {
    transformer,
    head,
    params,
    loss: (ids, labels, training) => mlmLoss(enc, head, ids, labels, training),
    async evaluate(ids, labels) {
      checkLabels(ids, labels);
      const { sel, target, positions } = maskedSelection(labels, enc.config.vocab);
      if (positions.length === 0) return { predicted: new Int32Array(0), correct: 0, total: 0, loss: 0 };
      const [argmax, loss] = tf.tidy(() => {
        const logits = selectedLogits(enc, head, ids, sel, false);
        return [tf.argMax(logits, 1), crossEntropy(logits, target)];
      });
      const predicted = Int32Array.from((await argmax.data()) as Int32Array);
      const lossValue = (await loss.data())[0];
      tf.dispose([argmax, loss]);
      let correct = 0;
      positions.forEach((pos, r) => {
        if (predicted[r] === labels[pos]) correct++;
      });
      return { predicted, correct, total: positions.length, loss: lossValue };
    },
    dispose: () => transformer.dispose(),
  };
}

/**
 * Set mlm.bias to the log of the add-one-smoothed unigram distribution of `counts` (length vocab):
 * bᵥ = log((cᵥ + 1) / (Σc + vocab)). With the near-zero logits of initialisation the model then starts
 * at the unigram cross-entropy instead of log(vocab), so no steps are spent walking the bias there
 * (at Adam's ~lr per step, a bias range of ~8 nats would take thousands of steps).
 */
export function setUnigramBias(model: MlmModel, counts: ArrayLike<number>): void {
  const bias = model.transformer.registry.get('mlm.bias');
  if (counts.length !== bias.size) throw new Error(`counts have ${counts.length} entries, the vocabulary ${bias.size}`);
  let total = 0;
  for (let v = 0; v < counts.length; v++) total += counts[v];
  const values = new Float32Array(counts.length);
  for (let v = 0; v < counts.length; v++) values[v] = Math.log((counts[v] + 1) / (total + counts.length));
  tf.tidy(() => bias.assign(tf.tensor1d(values)));
}

/** The encoder's parameters of a classifier or MLM model: everything but the classifier head and mlm.*. */
export function encoderParams(params: readonly ModelParam[]): ModelParam[] {
  return params.filter((p) => !CLASSIFIER_HEAD_PARAMS.includes(p.spec.name) && !p.spec.name.startsWith(MLM_PREFIX));
}
