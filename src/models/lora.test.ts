import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../experiment/schema';
import { createRng } from '../math/random';
import { inlineEsd } from '../train/esdInline';
import { TrainingRun } from '../train/run';
import { runSettingsOf } from '../train/setup';
import { expectGradientsMatch, projectionLoss, randomTensor } from '../../test/support/modelTestkit';
import { losses, syntheticTask } from '../../test/support/testTask';
import { withLora } from './lora';
import { buildTransformer } from './transformer';
import { trainableParams } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CFG = { vocab: 12, maxLen: 8, dModel: 16, heads: 2, layers: 2, dFF: 32, classes: 2, dropout: 0 };
const IDS = () => tf.tensor2d([[4, 8, 1, 2, 0], [3, 4, 2, 9, 11]], [2, 5], 'int32');

describe('withLora', () => {
  it('B = 0 at init: the adapted model computes exactly what the base model did', () => {
    const base = buildTransformer(CFG, 5);
    const ids = IDS();
    const before = tf.tidy(() => base.apply(ids, false).dataSync().slice());
    const model = withLora(base, 4, 5);
    const after = tf.tidy(() => model.apply(ids, false).dataSync().slice());
    expect(Array.from(after)).toEqual(Array.from(before));
    ids.dispose();
    model.dispose();
  });

  it('trains only the adapters (query/value of every block) and the head', () => {
    const model = withLora(buildTransformer(CFG, 5), 3, 5);
    expect(trainableParams(model).map((p) => p.spec.name).sort()).toEqual(
      ['head', 'head.bias', ...[0, 1].flatMap((b) => ['q', 'v'].flatMap((m) => [`blocks.${b}.attn.${m}.lora_A`, `blocks.${b}.attn.${m}.lora_B`]))].sort(),
    );
    const shapes = Object.fromEntries(model.params.map((p) => [p.spec.name, p.variable.shape]));
    expect(shapes['blocks.0.attn.q.lora_A']).toEqual([16, 3]);
    expect(shapes['blocks.0.attn.q.lora_B']).toEqual([3, 16]);
    expect(() => withLora(buildTransformer(CFG, 5), 0, 1)).toThrow(/LoRA rank/);
    model.dispose();
  });

  it('gradients of adapters and head match finite differences (B made non-zero first)', () => {
    const model = withLora(buildTransformer(CFG, 6), 2, 6);
    const rng = createRng(31);
    for (const p of model.params) {
      if (p.spec.name.endsWith('.lora_B')) tf.tidy(() => p.variable.assign(randomTensor(rng, p.variable.shape, 0.3)));
    }
    const ids = IDS();
    const proj = randomTensor(rng, [2, 2]);
    const vars = trainableParams(model).map((p) => p.variable);
    expectGradientsMatch(() => projectionLoss(model.apply(ids, false), proj), vars, rng, { coordsPerVariable: 3 });
    tf.dispose([ids, proj]);
    model.dispose();
  });

  it('ESD is of W + A·B for the adapted layers only', async () => {
    const model = withLora(buildTransformer(CFG, 7), 2, 7);
    const rng = createRng(8);
    const get = (n: string) => model.params.find((p) => p.spec.name === n)!.variable;
    tf.tidy(() => get('blocks.1.attn.v.lora_B').assign(randomTensor(rng, [2, 16])));
    const snap = await model.esdSnapshot();
    expect(snap.map((s) => s.name)).toEqual(['blocks.0.attn.q', 'blocks.0.attn.v', 'blocks.1.attn.q', 'blocks.1.attn.v']);
    const w = get('blocks.1.attn.v').dataSync();
    const a = get('blocks.1.attn.v.lora_A').dataSync();
    const b = get('blocks.1.attn.v.lora_B').dataSync();
    const got = snap[3].data;
    for (let i = 0; i < 16; i++) {
      for (let j = 0; j < 16; j++) {
        const ab = a[i * 2] * b[j] + a[i * 2 + 1] * b[16 + j];
        expect(got[i * 16 + j]).toBeCloseTo(w[i * 16 + j] + ab, 5);
      }
    }
    expect(Math.max(...Array.from(got, (x, k) => Math.abs(x - w[k])))).toBeGreaterThan(1e-3);
    model.dispose();
  });

  it('in a TempBalance run: frozen weights stay, adapters and head move, adapters take their layer\'s rate', async () => {
    const cfg = { ...defaultConfig(), steps: 50, batch: 8, lr: 3e-3, interval: 2, eigsThresh: 4, assign: 'linear_map' as const, unit: 'layer' as const, sMin: 0.5, slope: 1, removeFirst: false, removeLast: false };
    const model = withLora(buildTransformer({ ...CFG, dropout: 0.1 }, 3), 2, 3);
    const before = new Map(model.params.map((p) => [p.spec.name, p.variable.dataSync().slice()]));
    const run = new TrainingRun(syntheticTask(), model, runSettingsOf(cfg, 'tempbalance'), inlineEsd);
    const l = await losses(run, 4);
    expect(l.every(Number.isFinite)).toBe(true);
    for (const p of model.params) {
      const moved = p.variable.dataSync().some((x, i) => x !== before.get(p.spec.name)![i]);
      expect(moved, p.spec.name).toBe(!p.frozen);
    }
    const r = (n: string) => run.scheduler.ratio(n);
    expect(new Set([r('blocks.0.attn.q'), r('blocks.0.attn.v'), r('blocks.1.attn.q'), r('blocks.1.attn.v')]).size).toBeGreaterThan(1);
    for (const layer of ['blocks.0.attn.q', 'blocks.1.attn.v']) {
      expect(r(`${layer}.lora_A`)).toBe(r(layer));
      expect(r(`${layer}.lora_B`)).toBe(r(layer));
    }
    run.dispose();
  });
});
