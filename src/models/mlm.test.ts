/**
 * MLM head and loss: the loss equals a cross-entropy computed by hand in float64 from the encoder's
 * hidden states and the head's weights (tied and untied decoders), unmasked positions have no
 * influence at all (zero gradient, unchanged loss), the model can learn, and nothing leaks.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../math/random';
import { buildMlmModel, encoderParams, maskedSelection, mlmLoss, setUnigramBias, type MlmModel } from './mlm';
import type { TransformerConfig, TransformerEncoder } from './transformer';
import { useCpuBackend } from '../../test/support/modelTestkit';

const TINY: Partial<TransformerConfig> = { vocab: 12, maxLen: 6, dModel: 8, heads: 2, layers: 1, dFF: 16, classes: 2, dropout: 0 };

useCpuBackend();

// ids [2, 6]: two rows with padding; labels mark 3 masked positions (−1 elsewhere).
const IDS = [2, 4, 7, 4, 3, 0, 2, 9, 4, 11, 3, 0];
const LABELS = Int32Array.from([-1, 6, -1, 10, -1, -1, -1, -1, 5, -1, -1, -1]);

/** Give the head non-trivial values (biases 0 and γ = 1 would hide mistakes in their use). */
function randomiseHead(model: MlmModel, seed: number): void {
  const rng = createRng(seed);
  for (const p of model.params) {
    if (!p.spec.name.startsWith('mlm.') || p.spec.name === 'mlm.dense') continue;
    const v = new Float32Array(p.variable.size).map(() => 0.5 * rng.normal() + (p.spec.name === 'mlm.ln.gamma' ? 1 : 0));
    p.variable.assign(tf.tensor(v, p.variable.shape));
  }
}

/** Float64 reference: −mean over masked i of log softmax(LN(GELU(hᵢW + b))·Dᵀ + c)[yᵢ]. */
async function referenceLoss(model: MlmModel, ids: tf.Tensor2D, labels: Int32Array): Promise<number> {
  const reg = model.transformer.registry;
  const get = async (name: string) => Float64Array.from(await reg.get(name).data());
  const d = TINY.dModel!;
  const vocab = TINY.vocab!;
  const h = Float64Array.from(await model.transformer.encoder.encode(ids, false).data()); // [b·s, d]
  const [w, b, g, beta, c] = await Promise.all(['mlm.dense', 'mlm.dense.bias', 'mlm.ln.gamma', 'mlm.ln.beta', 'mlm.bias'].map(get));
  // Decoder as [vocab, d]: the embedding itself when tied, the transpose of mlm.decoder [d, vocab] otherwise.
  const tied = model.head.tied;
  const dec = tied ? await get('embed.tok') : await get('mlm.decoder');
  const decAt = (v: number, k: number) => (tied ? dec[v * d + k] : dec[k * vocab + v]);
  const gelu = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
  let total = 0;
  let count = 0;
  labels.forEach((y, pos) => {
    if (y < 0) return;
    const u = Array.from({ length: d }, (_, j) => {
      let s = b[j];
      for (let k = 0; k < d; k++) s += h[pos * d + k] * w[k * d + j];
      return gelu(s);
    });
    const mean = u.reduce((a, x) => a + x, 0) / d;
    const variance = u.reduce((a, x) => a + (x - mean) ** 2, 0) / d; // biased, as tf.moments
    const t = u.map((x, j) => ((x - mean) / Math.sqrt(variance + 1e-5)) * g[j] + beta[j]);
    const z = Array.from({ length: vocab }, (_, v) => c[v] + t.reduce((a, x, k) => a + x * decAt(v, k), 0));
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((a, x) => a + Math.exp(x - m), 0));
    total += lse - z[y];
    count++;
  });
  return total / count;
}

describe('mlmLoss', () => {
  for (const tied of [true, false]) {
    it(`equals a hand-computed masked cross-entropy (${tied ? 'tied' : 'untied'} decoder)`, async () => {
      const model = buildMlmModel(TINY, 3, { tied });
      randomiseHead(model, 4);
      const ids = tf.tensor2d(IDS, [2, 6], 'int32');
      const loss = tf.tidy(() => model.loss(ids, LABELS, false));
      const got = (await loss.data())[0];
      const want = await referenceLoss(model, ids, LABELS);
      expect(Math.abs(got - want)).toBeLessThan(1e-5 * Math.max(1, want));
      expect(model.params.some((p) => p.spec.name === 'mlm.decoder')).toBe(!tied);
      tf.dispose([ids, loss]);
      model.dispose();
    });
  }

  it('ignores unmasked positions: zero gradient w.r.t. their hidden states, and changing them leaves the loss bit-identical', async () => {
    const model = buildMlmModel(TINY, 5);
    randomiseHead(model, 6);
    const rng = createRng(7);
    const h0 = tf.tensor3d(Float32Array.from({ length: 2 * 6 * 8 }, () => rng.normal()), [2, 6, 8]);
    const real = model.transformer.encoder;
    // An encoder that returns given hidden states, so the gradient w.r.t. them can be taken.
    const fixed = (h: tf.Tensor): TransformerEncoder => ({ ...real, encode: () => h as tf.Tensor3D });
    const ids = tf.tensor2d(IDS, [2, 6], 'int32');
    const grad = tf.grad((h: tf.Tensor) => mlmLoss(fixed(h), model.head, ids, LABELS, false))(h0);
    const g = await grad.data();
    const masked = new Set(maskedSelection(LABELS, 12).positions);
    for (let pos = 0; pos < 12; pos++) {
      const row = Array.from(g.subarray(pos * 8, pos * 8 + 8));
      if (masked.has(pos)) expect(Math.max(...row.map(Math.abs))).toBeGreaterThan(1e-4);
      else expect(row.every((x) => x === 0)).toBe(true);
    }
    // Perturb every unmasked row: same loss, bit for bit.
    const hv = Float32Array.from(await h0.data());
    for (let pos = 0; pos < 12; pos++) if (!masked.has(pos)) for (let k = 0; k < 8; k++) hv[pos * 8 + k] += 3 * rng.normal();
    const h1 = tf.tensor3d(hv, [2, 6, 8]);
    const l0 = tf.tidy(() => mlmLoss(fixed(h0), model.head, ids, LABELS, false));
    const l1 = tf.tidy(() => mlmLoss(fixed(h1), model.head, ids, LABELS, false));
    expect((await l1.data())[0]).toBe((await l0.data())[0]);
    tf.dispose([h0, h1, ids, grad, l0, l1]);
    model.dispose();
  });

  it('is 0 with nothing masked, and rejects labels outside the vocabulary or of the wrong length', async () => {
    const model = buildMlmModel(TINY, 8);
    const ids = tf.tensor2d(IDS, [2, 6], 'int32');
    const zero = model.loss(ids, new Int32Array(12).fill(-1), true);
    expect((await zero.data())[0]).toBe(0);
    expect(() => model.loss(ids, Int32Array.from({ length: 12 }, (_, i) => (i === 3 ? 12 : -1)), false)).toThrow(/outside the vocabulary/);
    expect(() => model.loss(ids, new Int32Array(11), false)).toThrow(/labels have 11/);
    tf.dispose([ids, zero]);
    model.dispose();
  });
});

describe('buildMlmModel', () => {
  it('trains encoder + mlm.* only (not the classifier head), under stable names', () => {
    const model = buildMlmModel(TINY, 9);
    const names = model.params.map((p) => p.spec.name);
    expect(names).not.toContain('head');
    expect(names).not.toContain('head.bias');
    expect(names.filter((n) => n.startsWith('mlm.')).sort()).toEqual(['mlm.bias', 'mlm.dense', 'mlm.dense.bias', 'mlm.ln.beta', 'mlm.ln.gamma']);
    expect(encoderParams(model.params).map((p) => p.spec.name)).toEqual(names.filter((n) => !n.startsWith('mlm.')));
    model.dispose();
  });

  it('learns: 40 Adam steps on one masked batch cut the loss by half and raise accuracy, with no tensor leak', async () => {
    const model = buildMlmModel(TINY, 10);
    const ids = tf.tensor2d(IDS, [2, 6], 'int32');
    const opt = tf.train.adam(0.02);
    const vars = model.params.map((p) => p.variable);
    const first = await model.evaluate(ids, LABELS);
    let leakBase = 0;
    for (let step = 0; step < 40; step++) {
      if (step === 1) leakBase = tf.memory().numTensors;
      const { value, grads } = tf.variableGrads(() => model.loss(ids, LABELS, true), vars);
      opt.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
      tf.dispose([value, grads]);
    }
    expect(tf.memory().numTensors).toBe(leakBase);
    const last = await model.evaluate(ids, LABELS);
    expect(last.loss).toBeLessThan(first.loss / 2);
    expect(last.correct).toBe(3);
    expect(Array.from(last.predicted)).toEqual([6, 10, 5]);
    opt.dispose();
    ids.dispose();
    model.dispose();
  });

  it('setUnigramBias: softmax of the bias is the add-one-smoothed unigram distribution', async () => {
    const model = buildMlmModel(TINY, 12);
    const counts = [0, 0, 0, 0, 0, 40, 10, 5, 0, 3, 2, 1];
    setUnigramBias(model, counts);
    const b = Array.from(await model.transformer.registry.get('mlm.bias').data());
    const z = b.reduce((a, x) => a + Math.exp(x), 0);
    const total = counts.reduce((a, c) => a + c, 0);
    counts.forEach((c, v) => expect(Math.exp(b[v]) / z).toBeCloseTo((c + 1) / (total + 12), 6));
    expect(() => setUnigramBias(model, [1, 2])).toThrow(/counts have 2 entries/);
    model.dispose();
  });

  it('embeddingStd re-draws only the two embeddings, seeded, with the requested spread', async () => {
    const plain = buildMlmModel({ ...TINY, vocab: 400 }, 13);
    const wide = buildMlmModel({ ...TINY, vocab: 400 }, 13, { embeddingStd: 0.5 });
    const again = buildMlmModel({ ...TINY, vocab: 400 }, 13, { embeddingStd: 0.5 });
    const tok = Array.from(await wide.transformer.registry.get('embed.tok').data());
    const std = Math.sqrt(tok.reduce((a, x) => a + x * x, 0) / tok.length);
    // Truncated at ±2σ: std = 0.5 · 0.8796 (variance of a standard normal truncated to [−2, 2]).
    expect(Math.abs(std - 0.5 * 0.8796)).toBeLessThan(0.02);
    expect(Array.from(await again.transformer.registry.get('embed.tok').data())).toEqual(tok);
    for (const p of wide.params) {
      const same = Array.from(await plain.transformer.registry.get(p.spec.name).data());
      const mine = Array.from(await p.variable.data());
      if (p.spec.name.startsWith('embed.')) expect(mine).not.toEqual(same);
      else expect(mine).toEqual(same);
    }
    [plain, wide, again].forEach((m) => m.dispose());
  });
});
