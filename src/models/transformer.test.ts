/**
 * Transformer: attention gradients against finite differences, padding invariance (an identity of
 * masking + mean pooling), parameter naming/blocks, seeding, and no tensor leaks over 50 steps.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../math/random';
import { buildTransformer, selfAttention, type TransformerConfig } from './transformer';
import {
  expectGradientsMatch, expectNoTensorLeaks, maxAbsDiff, projectionLoss, randomTensor, randomVariable, sgdStep, useCpuBackend,
} from '../../test/support/modelTestkit';

const SMALL: Partial<TransformerConfig> = { vocab: 23, maxLen: 10, dModel: 8, heads: 2, layers: 2, dFF: 12, classes: 3 };

useCpuBackend();

describe('selfAttention', () => {
  it('gradients w.r.t. Q, K, V, O (weights and biases) and the input match central finite differences', () => {
    const rng = createRng(21);
    const d = 8;
    const mk = (name: string, shape: number[]) => randomVariable(rng, shape, `attn-test/${name}`, 0.5);
    const p = {
      q: mk('q', [d, d]), qb: mk('qb', [d]), k: mk('k', [d, d]), kb: mk('kb', [d]),
      v: mk('v', [d, d]), vb: mk('vb', [d]), o: mk('o', [d, d]), ob: mk('ob', [d]),
    };
    const x = mk('x', [2, 5, d]);
    // Second sequence has its last two keys padded out.
    const bias = tf.tensor3d([[[0, 0, 0, 0, 0]], [[0, 0, 0, -1e4, -1e4]]]);
    const proj = randomTensor(rng, [2, 5, d]);
    const loss = () => projectionLoss(selfAttention(x as tf.Tensor3D, p, bias, 2), proj);
    const vars = [x, ...Object.values(p)];
    const entries = expectGradientsMatch(loss, vars, rng, { coordsPerVariable: 3 });
    expect(entries.length).toBe(3 * vars.length);
    tf.dispose([...vars, bias, proj]);
  });

  it('forward equals a direct float64 implementation of multi-head attention (softmax(QKᵀ/√dh + mask)·V·O)', () => {
    const rng = createRng(20);
    const [s, d, heads] = [5, 6, 3];
    const dh = d / heads;
    tf.tidy(() => {
      const names = ['q', 'qb', 'k', 'kb', 'v', 'vb', 'o', 'ob'];
      const t = Object.fromEntries(names.map((n) => [n, randomTensor(rng, n.endsWith('b') ? [d] : [d, d], 0.7)]));
      const a = Object.fromEntries(names.map((n) => [n, Array.from(t[n].dataSync())]));
      const x = randomTensor(rng, [1, s, d]);
      const maskBias = [0, 0, -1e4, 0, -1e4];
      const ours = selfAttention(x as tf.Tensor3D, t as unknown as Parameters<typeof selfAttention>[1], tf.tensor3d([[maskBias]]), heads);
      const xs = Array.from(x.dataSync());
      const lin = (w: number[], b: number[], rows: number[], n: number) =>
        Array.from({ length: n * d }, (_, idx) => {
          const [i, o] = [Math.floor(idx / d), idx % d];
          let acc = b[o];
          for (let c = 0; c < d; c++) acc += rows[i * d + c] * w[c * d + o];
          return acc;
        });
      const [q, k, v] = [lin(a.q, a.qb, xs, s), lin(a.k, a.kb, xs, s), lin(a.v, a.vb, xs, s)];
      const ctx = new Array<number>(s * d).fill(0);
      for (let h = 0; h < heads; h++) {
        for (let i = 0; i < s; i++) {
          const scores = Array.from({ length: s }, (_, j) => {
            let acc = 0;
            for (let u = 0; u < dh; u++) acc += q[i * d + h * dh + u] * k[j * d + h * dh + u];
            return acc / Math.sqrt(dh) + maskBias[j];
          });
          const top = Math.max(...scores);
          const e = scores.map((z) => Math.exp(z - top));
          const z = e.reduce((p, c) => p + c, 0);
          for (let j = 0; j < s; j++) for (let u = 0; u < dh; u++) ctx[i * d + h * dh + u] += (e[j] / z) * v[j * d + h * dh + u];
        }
      }
      const ref = lin(a.o, a.ob, ctx, s);
      expect(maxAbsDiff(ours.dataSync(), ref)).toBeLessThan(1e-5);
    });
  });

  it('a padded key has no influence on the output', () => {
    const rng = createRng(22);
    tf.tidy(() => {
      const d = 8;
      const p = Object.fromEntries(
        ['q', 'qb', 'k', 'kb', 'v', 'vb', 'o', 'ob'].map((n) => [n, randomTensor(rng, n.endsWith('b') ? [d] : [d, d], 0.5)]),
      ) as unknown as Parameters<typeof selfAttention>[1];
      const x = randomTensor(rng, [1, 4, d]);
      const bias = tf.tensor3d([[[0, 0, 0, -1e4]]]);
      // Change only the masked position's input: rows 0..2 of the output must not move.
      const x2 = tf.concat([tf.slice(x, [0, 0, 0], [1, 3, d]), randomTensor(rng, [1, 1, d], 5)], 1);
      const y1 = tf.slice(selfAttention(x as tf.Tensor3D, p, bias, 2), [0, 0, 0], [1, 3, d]);
      const y2 = tf.slice(selfAttention(x2 as tf.Tensor3D, p, bias, 2), [0, 0, 0], [1, 3, d]);
      expect(maxAbsDiff(y1.dataSync(), y2.dataSync())).toBeLessThan(1e-6);
    });
  });
});

describe('buildTransformer', () => {
  it('returns logits [batch, classes], and trailing PADs do not change them (mean pooling)', () => {
    const model = buildTransformer(SMALL, 1);
    tf.tidy(() => {
      const ids = tf.tensor2d([[5, 9, 2, 0, 0], [7, 1, 3, 4, 8]], [2, 5], 'int32');
      const logits = model.apply(ids, false);
      expect(logits.shape).toEqual([2, 3]);
      const longer = tf.tensor2d([[5, 9, 2, 0, 0, 0, 0], [7, 1, 3, 4, 8, 0, 0]], [2, 7], 'int32');
      expect(maxAbsDiff(logits.dataSync(), model.apply(longer, false).dataSync())).toBeLessThan(1e-5);
      // Not vacuous: changing a real token does move the logits.
      const changed = tf.tensor2d([[5, 9, 3, 0, 0], [7, 1, 3, 4, 8]], [2, 5], 'int32');
      expect(maxAbsDiff(logits.dataSync(), model.apply(changed, false).dataSync())).toBeGreaterThan(1e-4);
    });
    model.dispose();
  });

  it('cls pooling gives logits [batch, classes]; input longer than maxLen is rejected', () => {
    const model = buildTransformer({ ...SMALL, pooling: 'cls' }, 1);
    tf.tidy(() => {
      expect(model.apply(tf.ones([3, 4], 'int32'), false).shape).toEqual([3, 3]);
      expect(() => model.apply(tf.ones([1, 11], 'int32'), false)).toThrow(/maxLen/);
    });
    model.dispose();
  });

  it('names are unique and stable; every ESD matrix has a block (null only for embeddings and head)', async () => {
    const model = buildTransformer(SMALL, 2);
    const names = model.params.map((p) => p.spec.name);
    expect(new Set(names).size).toBe(names.length);
    for (const i of [0, 1]) {
      for (const m of ['attn.q', 'attn.k', 'attn.v', 'attn.o', 'mlp.fc1', 'mlp.fc2']) {
        expect(names).toContain(`blocks.${i}.${m}`);
        expect(names).toContain(`blocks.${i}.${m}.bias`);
      }
      for (const n of ['ln1', 'ln2']) for (const g of ['gamma', 'beta']) expect(names).toContain(`blocks.${i}.${n}.${g}`);
    }
    const layers = new Set(names);
    for (const p of model.params) {
      expect(p.variable.name.endsWith(`/${p.spec.name}`)).toBe(true);
      // A parameter follows an existing weight matrix (or the head).
      expect(layers.has(p.spec.layer)).toBe(true);
      const m = /^blocks\.(\d+)\./.exec(p.spec.name);
      expect(p.spec.block).toBe(m ? Number(m[1]) : null);
      if (p.spec.esd && p.spec.block === null) expect(['embedding', 'head']).toContain(p.spec.role);
    }
    const snap = await model.esdSnapshot();
    expect(snap.map((s) => s.name)).toEqual(model.params.filter((p) => p.spec.esd).map((p) => p.spec.name));
    expect(snap.length).toBe(2 * 6 + 2); // 6 matrices per block + embed.tok + head
    const q = snap.find((s) => s.name === 'blocks.1.attn.q')!;
    expect(q.shape).toEqual([8, 8]);
    expect(snap.find((s) => s.name === 'blocks.0.mlp.fc1')!.shape).toEqual([8, 12]);
    // The snapshot is a copy: writing to it leaves the weights alone.
    const before = model.params.find((p) => p.spec.name === 'blocks.1.attn.q')!.variable.dataSync()[0];
    q.data[0] = before + 123;
    expect(model.params.find((p) => p.spec.name === 'blocks.1.attn.q')!.variable.dataSync()[0]).toBe(before);
    model.dispose();
  });

  it('same seed ⇒ identical initial weights and dropout masks; another seed ⇒ different weights', () => {
    const a = buildTransformer(SMALL, 7);
    const b = buildTransformer(SMALL, 7);
    const c = buildTransformer(SMALL, 8);
    a.params.forEach((p, i) => {
      expect(maxAbsDiff(p.variable.dataSync(), b.params[i].variable.dataSync())).toBe(0);
    });
    const q = (m: typeof a) => m.params.find((p) => p.spec.name === 'blocks.0.attn.q')!.variable.dataSync();
    expect(maxAbsDiff(q(a), q(c))).toBeGreaterThan(0.01);
    tf.tidy(() => {
      const ids = tf.tensor2d([[3, 4, 5, 6]], [1, 4], 'int32');
      const ya = a.apply(ids, true).dataSync();
      expect(maxAbsDiff(ya, b.apply(ids, true).dataSync())).toBe(0);
      // Dropout is active in training mode: a second training pass draws new masks.
      expect(maxAbsDiff(ya, a.apply(ids, true).dataSync())).toBeGreaterThan(0);
    });
    [a, b, c].forEach((m) => m.dispose());
  });

  it('whole-model gradients match finite differences on sampled coordinates', () => {
    const model = buildTransformer({ ...SMALL, layers: 1, dropout: 0 }, 3);
    const rng = createRng(23);
    const ids = tf.tensor2d([[4, 8, 15, 16, 0], [23, 4, 2, 0, 0]], [2, 5], 'int32');
    const proj = randomTensor(rng, [2, 3]);
    const loss = () => projectionLoss(model.apply(ids, false), proj);
    const vars = model.params.map((p) => p.variable);
    // Embeddings (std 0.02) feed LayerNorm, which divides by their ~0.03 spread: a 1e-2 step is not
    // small there, so they get 2e-3 (see gradcheck.ts). Rows of unused ids have zero gradient; FD agrees.
    const h = (v: tf.Variable) => (v.name.includes('/embed.') ? 2e-3 : 1e-2);
    expectGradientsMatch(loss, vars, rng, { coordsPerVariable: 3, h });
    tf.dispose([ids, proj]);
    model.dispose();
  });

  it('learns: 40 Adam steps on a toy task (class = whether token 3 occurs) cut the loss by more than half', () => {
    const model = buildTransformer({ ...SMALL, classes: 2, dropout: 0 }, 9);
    const rng = createRng(24);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 16; i++) {
      const row = Array.from({ length: 6 }, () => 4 + rng.int(19));
      const positive = i % 2 === 0;
      if (positive) row[rng.int(6)] = 3;
      rows.push(row);
      labels.push(positive ? 1 : 0);
    }
    const ids = tf.tensor2d(rows, [16, 6], 'int32');
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 2).toFloat());
    const opt = tf.train.adam(1e-2);
    const vars = model.params.map((p) => p.variable);
    const lossOf = () => tf.losses.softmaxCrossEntropy(y, model.apply(ids, true)) as tf.Scalar;
    const first = tf.tidy(() => lossOf().dataSync()[0]);
    for (let i = 0; i < 40; i++) tf.tidy(() => {
      opt.minimize(lossOf, false, vars);
    });
    const last = tf.tidy(() => lossOf().dataSync()[0]);
    expect(last).toBeLessThan(0.5 * first);
    opt.dispose();
    tf.dispose([ids, y]);
    model.dispose();
  });

  it('no tensor leaks over 50 forward+backward steps (training mode, SGD update); dispose frees all', () => {
    expectNoTensorLeaks(() => {
      const model = buildTransformer(SMALL, 4);
      const ids = tf.tensor2d([[1, 2, 3, 0], [4, 5, 0, 0]], [2, 4], 'int32');
      const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3).toFloat());
      const vars = model.params.map((p) => p.variable);
      const loss = () => tf.losses.softmaxCrossEntropy(labels, model.apply(ids, true)) as tf.Scalar;
      return {
        step: () => sgdStep(loss, vars, 0.01),
        dispose: () => {
          tf.dispose([ids, labels]);
          model.dispose();
        },
      };
    });
  });
});
