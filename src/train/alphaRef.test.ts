import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../experiment/schema';
import { analyzeTensor } from '../math/analyze';
import { randomReferenceAlpha } from '../math/reference';
import { buildTransformer } from '../models/transformer';
import { inlineEsd } from './esdInline';
import { TrainingRun } from './run';
import { runSettingsOf } from './setup';
import { syntheticTask } from '../../test/support/testTask';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// dFF ≠ dModel, so the block mixes 16×16 attention matrices with 16×48 / 48×16 MLP matrices.
const MODEL = { vocab: 12, maxLen: 8, dModel: 16, heads: 2, layers: 2, dFF: 48, classes: 2, dropout: 0 };

async function firstEstimate(alphaRef: 'none' | 'random', estimator: 'hill' | 'farms' = 'hill') {
  const cfg = { ...defaultConfig(), steps: 10, batch: 8, interval: 5, eigsThresh: 4, assign: 'linear_map' as const, unit: 'layer' as const, alphaRef, estimator };
  const model = buildTransformer(MODEL, 7);
  const run = new TrainingRun(syntheticTask(), model, runSettingsOf(cfg, 'tempbalance'), inlineEsd);
  const weights = await model.esdSnapshot();
  const event = await run.reestimate();
  run.dispose();
  return { ...event, layers: event.layers.map((l) => l.metrics), weights };
}

describe("TempBalance with alphaRef 'random'", () => {
  it('schedules on α minus the random-matrix α of each shape; the charts keep α as fitted', async () => {
    const plain = await firstEstimate('none');
    const corrected = await firstEstimate('random');
    // Same weights, same fitted α for the charts.
    expect(corrected.layers.map((l) => l.alpha)).toEqual(plain.layers.map((l) => l.alpha));
    const fit = runSettingsOf({ ...defaultConfig(), eigsThresh: 4 }, 'tempbalance').fit;
    const byName = new Map(plain.layers.map((l) => [l.name, l]));
    const diffs = corrected.units.map((u) => {
      const layer = byName.get(u.key);
      if (!layer) throw new Error(`no layer ${u.key}`);
      return { fitted: layer.alpha, used: u.alpha, ref: randomReferenceAlpha(layer.shape, fit) };
    });
    expect(diffs.length).toBeGreaterThan(4);
    // used − fitted = −ref + constant: the same constant for every unit.
    const offsets = diffs.map((d) => d.used - d.fitted + d.ref);
    for (const o of offsets) expect(o).toBeCloseTo(offsets[0], 10);
    // …and the rates differ from the uncorrected run's, since the shapes differ.
    expect(corrected.units.map((u) => u.ratio)).not.toEqual(plain.units.map((u) => u.ratio));
  });
});

describe("the schema's estimator reaches the training-time ESD and the scheduler", () => {
  it("estimator 'farms': the re-estimate's α is FARMS α of the same weights, and the rates follow it", async () => {
    const hill = await firstEstimate('none', 'hill');
    const farms = await firstEstimate('none', 'farms');
    const fit = runSettingsOf({ ...defaultConfig(), eigsThresh: 4, estimator: 'farms' }, 'tempbalance').fit;
    expect(fit.estimator).toBe('farms');
    farms.weights.forEach((w, i) => expect(farms.layers[i].alpha).toBe(analyzeTensor(w, fit).metrics.alpha));
    // The 16×48 MLP matrices pool 16×16 windows: α changes, and so do the rates.
    expect(farms.layers.map((l) => l.alpha)).not.toEqual(hill.layers.map((l) => l.alpha));
    expect(farms.units.map((u) => u.ratio)).not.toEqual(hill.units.map((u) => u.ratio));
  });
});
