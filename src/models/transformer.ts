/**
 * Tiny pre-LN Transformer encoder + classifier, written functionally on tf.variable so that every
 * matrix has a stable name and block index for layer-/block-wise learning rates (docs/METHOD.md §3).
 *
 *   ids [batch, seq] (int, PAD = 0)
 *   → one-hot × embed.tok + embed.pos                          [batch, seq, d]
 *   → L × { h += Attn(LN1(h)); h += MLP(LN2(h)) }              (pre-LN, Xiong et al. 2020)
 *   → ln_f → mean over non-PAD tokens, or position 0 ([CLS])   [batch, d]
 *   → head                                                     [batch, classes]
 *
 * Q, K, V and O are separate dense layers (each gets its own ESD, as in the paper's RoBERTa).
 * Initialisation: dense matrices Glorot-uniform (Keras/tfjs default, trains tiny models from scratch
 * reliably), embeddings truncated normal std 0.02 (BERT/RoBERTa), biases 0, LayerNorm γ = 1, β = 0.
 * The encoder is exposed on its own (buildTransformerEncoder) so a masked-LM head can later be put on
 * the same parameters, tied to `tokenEmbedding` (logits = h · Eᵀ) or untied (a new dense layer).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, steppedRng, type Rng } from '../math/random';
import { ParamRegistry, addDense } from './params';
import { dense, gelu, layerNorm, oneHotEmbed } from './ops';
import type { ModelParam, TrainableModel } from './types';

/** Shape of the transformer. */
export interface TransformerConfig {
  vocab: number;
  maxLen: number;
  dModel: number;
  heads: number;
  layers: number;
  dFF: number;
  classes: number;
  /** Dropout rate on embeddings, attention output and MLP output during training. Default 0.1. */
  dropout?: number;
  /** 'mean' over non-PAD tokens (default) or 'cls' (the token at position 0). */
  pooling?: 'mean' | 'cls';
}

/** Small enough to train usefully in about a minute on wasm (docs/BACKENDS.md: ~2.8 steps/s at batch 32). */
export const DEFAULT_TRANSFORMER_CONFIG: TransformerConfig = {
  vocab: 2000,
  maxLen: 32,
  dModel: 64,
  heads: 4,
  layers: 2,
  dFF: 128,
  classes: 2,
  dropout: 0.1,
  pooling: 'mean',
};

/** The token id that marks padding; masked out of attention keys and of mean pooling. */
export const PAD_ID = 0;

// Additive attention bias for padded keys. −1e4 rather than −1e9/−Infinity: stays finite in
// half-precision WebGL textures, and exp(−1e4) is exactly 0 in float32 anyway.
const MASK_NEG = -1e4;

/** Weights of one attention layer: matrices [d, d], biases [d]. */
export interface AttentionVars {
  q: tf.Tensor; qb: tf.Tensor; k: tf.Tensor; kb: tf.Tensor;
  v: tf.Tensor; vb: tf.Tensor; o: tf.Tensor; ob: tf.Tensor;
}

interface BlockVars extends AttentionVars {
  ln1g: tf.Variable; ln1b: tf.Variable; ln2g: tf.Variable; ln2b: tf.Variable;
  fc1: tf.Variable; fc1b: tf.Variable; fc2: tf.Variable; fc2b: tf.Variable;
}

/** The encoder part: parameters live in the registry it was built on. */
export interface TransformerEncoder {
  readonly config: TransformerConfig;
  /** [vocab, dModel]; use as a tied MLM decoder: logits = h · Eᵀ. */
  readonly tokenEmbedding: tf.Variable;
  /** ids [batch, seq ≤ maxLen] → hidden states after ln_f, [batch, seq, dModel]. */
  encode(ids: tf.Tensor, training: boolean): tf.Tensor3D;
  /** 1 for real tokens, 0 for PAD: [batch, seq] float32. */
  padMask(ids: tf.Tensor): tf.Tensor2D;
  /**
   * Replace the attention matrices the forward pass uses: `adapt(name, W)` returns the effective
   * weight (e.g. LoRA's W + A·B, models/lora.ts); null restores W. Called inside the forward pass.
   */
  setAttentionAdapter(adapt: AttentionAdapter | null): void;
}

/** Maps an attention matrix (by parameter name, e.g. 'blocks.0.attn.q') to the weight to use. */
export type AttentionAdapter = (name: string, w: tf.Tensor) => tf.Tensor;

function validate(c: TransformerConfig): void {
  if (c.dModel % c.heads !== 0) throw new Error(`dModel ${c.dModel} not divisible by heads ${c.heads}`);
  for (const key of ['vocab', 'maxLen', 'dModel', 'heads', 'layers', 'dFF', 'classes'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 1) throw new Error(`transformer config: bad ${key} = ${c[key]}`);
  }
}

/** Inverted dropout with a mask drawn from our seeded RNG (same seed ⇒ same masks on every backend). */
function dropout(x: tf.Tensor, rate: number, rng: Rng): tf.Tensor {
  if (rate <= 0) return x;
  const keep = 1 - rate;
  const mask = new Float32Array(x.size);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.next() < keep ? 1 / keep : 0;
  return tf.mul(x, tf.tensor(mask, x.shape));
}

/**
 * Multi-head self-attention. x [b, s, d], bias [b, 1, s] (0 or MASK_NEG per key) → [b, s, d].
 * Heads are folded into the batch axis so every matMul is rank 3 (portable across backends).
 */
export function selfAttention(x: tf.Tensor3D, p: AttentionVars, bias: tf.Tensor, heads: number): tf.Tensor3D {
  const [b, s, d] = x.shape;
  const dh = d / heads;
  // [b, s, d] → [b, heads, s, dh] → [b·heads, s, dh]
  const split = (t: tf.Tensor): tf.Tensor3D =>
    tf.reshape(tf.transpose(tf.reshape(t, [b, s, heads, dh]), [0, 2, 1, 3]), [b * heads, s, dh]);
  const q = split(dense(x, p.q as tf.Tensor2D, p.qb));
  const k = split(dense(x, p.k as tf.Tensor2D, p.kb));
  const v = split(dense(x, p.v as tf.Tensor2D, p.vb));
  const headBias = tf.reshape(tf.tile(tf.expandDims(bias, 1), [1, heads, 1, 1]), [b * heads, 1, s]);
  const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)), headBias); // [b·heads, s, s]
  const ctx = tf.matMul(tf.softmax(scores), v); // [b·heads, s, dh]
  const merged = tf.reshape(tf.transpose(tf.reshape(ctx, [b, heads, s, dh]), [0, 2, 1, 3]), [b, s, d]);
  return dense(merged, p.o as tf.Tensor2D, p.ob) as tf.Tensor3D;
}

function addBlock(reg: ParamRegistry, i: number, c: TransformerConfig): BlockVars {
  const pre = `blocks.${i}`;
  const ln = (which: 'ln1' | 'ln2', follows: string) => ({
    g: reg.add({ name: `${pre}.${which}.gamma`, block: i, layer: follows, role: 'norm', esd: false }, [c.dModel], { kind: 'ones' }),
    b: reg.add({ name: `${pre}.${which}.beta`, block: i, layer: follows, role: 'norm', esd: false }, [c.dModel], { kind: 'zeros' }),
  });
  const glorot = (fanIn: number, fanOut: number) => ({ kind: 'glorotUniform' as const, fanIn, fanOut });
  // A pre-LN norm feeds the first matrix after it: ln1 → attn.q, ln2 → mlp.fc1.
  const ln1 = ln('ln1', `${pre}.attn.q`);
  const q = addDense(reg, `${pre}.attn.q`, i, c.dModel, c.dModel, glorot(c.dModel, c.dModel));
  const k = addDense(reg, `${pre}.attn.k`, i, c.dModel, c.dModel, glorot(c.dModel, c.dModel));
  const v = addDense(reg, `${pre}.attn.v`, i, c.dModel, c.dModel, glorot(c.dModel, c.dModel));
  const o = addDense(reg, `${pre}.attn.o`, i, c.dModel, c.dModel, glorot(c.dModel, c.dModel));
  const ln2 = ln('ln2', `${pre}.mlp.fc1`);
  const fc1 = addDense(reg, `${pre}.mlp.fc1`, i, c.dModel, c.dFF, glorot(c.dModel, c.dFF));
  const fc2 = addDense(reg, `${pre}.mlp.fc2`, i, c.dFF, c.dModel, glorot(c.dFF, c.dModel));
  return {
    ln1g: ln1.g, ln1b: ln1.b, ln2g: ln2.g, ln2b: ln2.b,
    q: q.w, qb: q.b!, k: k.w, kb: k.b!, v: v.w, vb: v.b!, o: o.w, ob: o.b!,
    fc1: fc1.w, fc1b: fc1.b!, fc2: fc2.w, fc2b: fc2.b!,
  };
}

/**
 * Build the encoder's parameters into `reg` (embed.tok, embed.pos, blocks.*, ln_f.*) and return its
 * forward function. `dropoutRng` draws the dropout masks (advanced once per training forward).
 */
export function buildTransformerEncoder(reg: ParamRegistry, config: TransformerConfig, dropoutRng: Rng): TransformerEncoder {
  validate(config);
  const c = config;
  const rate = c.dropout ?? 0.1;
  const tok = reg.add({ name: 'embed.tok', block: null, layer: 'embed.tok', role: 'embedding', esd: true }, [c.vocab, c.dModel], {
    kind: 'truncatedNormal',
    std: 0.02,
  });
  // Positions are an additive table, not a linear map: shown with the embedding, no ESD of its own.
  const pos = reg.add({ name: 'embed.pos', block: null, layer: 'embed.tok', role: 'embedding', esd: false }, [c.maxLen, c.dModel], {
    kind: 'truncatedNormal',
    std: 0.02,
  });
  const blocks: BlockVars[] = [];
  for (let i = 0; i < c.layers; i++) blocks.push(addBlock(reg, i, c));
  // The final norm feeds the head (or an MLM decoder): it follows the head, outside any block.
  const lnfG = reg.add({ name: 'ln_f.gamma', block: null, layer: 'head', role: 'norm', esd: false }, [c.dModel], { kind: 'ones' });
  const lnfB = reg.add({ name: 'ln_f.beta', block: null, layer: 'head', role: 'norm', esd: false }, [c.dModel], { kind: 'zeros' });

  let adapter: AttentionAdapter | null = null;
  const attentionOf = (p: BlockVars, i: number): AttentionVars => {
    if (adapter === null) return p;
    const a = adapter;
    const at = (which: 'q' | 'k' | 'v' | 'o') => a(`blocks.${i}.attn.${which}`, p[which]);
    return { ...p, q: at('q'), k: at('k'), v: at('v'), o: at('o') };
  };

  const padMask = (ids: tf.Tensor): tf.Tensor2D => tf.cast(tf.notEqual(ids, PAD_ID), 'float32') as tf.Tensor2D;

  const encode = (idsIn: tf.Tensor, training: boolean): tf.Tensor3D => {
    if (idsIn.rank !== 2) throw new Error(`transformer expects ids [batch, seq], got rank ${idsIn.rank}`);
    const [b, s] = idsIn.shape;
    if (s > c.maxLen) throw new Error(`sequence length ${s} exceeds maxLen ${c.maxLen}`);
    const ids = idsIn.dtype === 'int32' ? idsIn : tf.cast(idsIn, 'int32');
    const drop = (x: tf.Tensor): tf.Tensor => (training ? dropout(x, rate, dropoutRng) : x);
    const mask = padMask(ids); // [b, s]
    const bias = tf.reshape(tf.mul(tf.sub(1, mask), MASK_NEG), [b, 1, s]);
    let h = tf.add(oneHotEmbed(ids, tok as tf.Tensor2D), tf.slice(pos, [0, 0], [s, c.dModel])) as tf.Tensor3D;
    h = drop(h) as tf.Tensor3D;
    for (const [i, p] of blocks.entries()) {
      const a = selfAttention(layerNorm(h, p.ln1g, p.ln1b) as tf.Tensor3D, attentionOf(p, i), bias, c.heads);
      h = tf.add(h, drop(a)) as tf.Tensor3D;
      const m = dense(gelu(dense(layerNorm(h, p.ln2g, p.ln2b), p.fc1 as tf.Tensor2D, p.fc1b)), p.fc2 as tf.Tensor2D, p.fc2b);
      h = tf.add(h, drop(m)) as tf.Tensor3D;
    }
    return layerNorm(h, lnfG, lnfB) as tf.Tensor3D;
  };
  return { config: c, tokenEmbedding: tok, encode, padMask, setAttentionAdapter: (a) => (adapter = a) };
}

/** Pool encoder states [b, s, d] to [b, d]: mean over non-PAD tokens, or the state at position 0. */
export function pool(h: tf.Tensor3D, mask: tf.Tensor2D, pooling: 'mean' | 'cls'): tf.Tensor2D {
  const [b, , d] = h.shape;
  if (pooling === 'cls') return tf.reshape(tf.slice(h, [0, 0, 0], [b, 1, d]), [b, d]);
  const summed = tf.sum(tf.mul(h, tf.expandDims(mask, 2)), 1); // [b, d]
  // max(count, 1): an all-PAD row pools to 0 instead of NaN.
  const count = tf.maximum(tf.sum(mask, 1, true), 1); // [b, 1]
  return tf.div(summed, count) as tf.Tensor2D;
}

/** A transformer classifier, with its encoder exposed for later masked-LM use. */
export interface TransformerModel extends TrainableModel {
  readonly kind: 'transformer';
  readonly config: TransformerConfig;
  readonly encoder: TransformerEncoder;
  /** The registry holding all parameters (add an MLM head to it later). */
  readonly registry: ParamRegistry;
}

/**
 * Build the classifier: encoder + pooling + `head` [dModel, classes] (+ head.bias).
 * `seed` fixes the initial weights (RNG fork 'init') and the dropout masks (fork 'dropout').
 * apply(ids int32 [batch, seq], training) → logits [batch, classes]. Call inside tf.tidy or
 * tf.variableGrads: intermediates are not disposed here.
 */
export function buildTransformer(config: Partial<TransformerConfig>, seed: number): TransformerModel {
  const c: TransformerConfig = { ...DEFAULT_TRANSFORMER_CONFIG, ...config };
  const root = createRng(seed);
  const reg = new ParamRegistry('transformer', root.fork('init'));
  const dropoutRng = steppedRng(root, 'dropout');
  const encoder = buildTransformerEncoder(reg, c, dropoutRng.rng);
  const head = addDense(reg, 'head', null, c.dModel, c.classes, { kind: 'glorotUniform', fanIn: c.dModel, fanOut: c.classes }, { role: 'head' });
  const pooling = c.pooling ?? 'mean';
  return {
    kind: 'transformer',
    config: c,
    encoder,
    registry: reg,
    get params(): ModelParam[] {
      return reg.params;
    },
    apply(x: tf.Tensor, training: boolean): tf.Tensor {
      const h = encoder.encode(x, training);
      return dense(pool(h, encoder.padMask(x), pooling), head.w as tf.Tensor2D, head.b);
    },
    esdSnapshot: () => reg.esdSnapshot(),
    beginStep: (step: number) => dropoutRng.seek(step),
    dispose: () => reg.dispose(),
  };
}
