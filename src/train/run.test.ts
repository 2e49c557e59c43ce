import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTransformer } from '../models/transformer';
import { defaultConfig } from '../experiment/schema';
import { inlineEsd } from './esdInline';
import { TrainingRun, type RunSettings, type ScheduleLabel } from './run';
import { runSettingsOf } from './setup';
import { losses, syntheticTask } from '../../test/support/testTask';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const MODEL = { vocab: 12, maxLen: 8, dModel: 16, heads: 2, layers: 2, dFF: 32, classes: 2, dropout: 0.1 };

function settings(label: ScheduleLabel, over: Partial<ReturnType<typeof defaultConfig>> = {}): RunSettings {
  const cfg = { ...defaultConfig(), steps: 300, batch: 8, lr: 3e-3, interval: 10, eigsThresh: 4, assign: 'linear_map' as const, unit: 'layer' as const, sMin: 0.5, slope: 1, ...over };
  return runSettingsOf(cfg, label);
}

function newRun(label: ScheduleLabel, over: Parameters<typeof settings>[1] = {}, seed = 3): TrainingRun {
  const s = { ...settings(label, over), seed };
  return new TrainingRun(syntheticTask(), buildTransformer(MODEL, seed), s, inlineEsd);
}

describe('TrainingRun', () => {
  it('is deterministic: same seed and config give the identical loss curve', async () => {
    const a = newRun('tempbalance');
    const b = newRun('tempbalance');
    const la = await losses(a, 30);
    const lb = await losses(b, 30);
    expect(la).toEqual(lb);
    const c = newRun('tempbalance', {}, 4);
    expect(await losses(c, 30)).not.toEqual(la);
    [a, b, c].forEach((r) => r.dispose());
  });

  it('learns the synthetic task (loss falls)', async () => {
    const run = newRun('baseline');
    const l = await losses(run, 120);
    const head = l.slice(0, 10).reduce((s, x) => s + x, 0) / 10;
    const tail = l.slice(-10).reduce((s, x) => s + x, 0) / 10;
    expect(tail).toBeLessThan(head * 0.8);
    run.dispose();
  });

  it('keeps tf.memory().numTensors flat over 300 steps after warm-up', async () => {
    const run = newRun('tempbalance');
    await losses(run, 20); // warm-up: optimiser state and caches exist now
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    for (let i = 0; i < 300; i++) {
      const r = await run.trainStep();
      expect(r.ok).toBe(true);
      if (i % 50 === 0) counts.push(tf.memory().numTensors);
    }
    await run.evaluate('val');
    expect(tf.memory().numTensors).toBe(before);
    expect(new Set(counts)).toEqual(new Set([before]));
    run.dispose();
  });

  it('gives layers different rates only under TempBalance', async () => {
    const base = newRun('baseline');
    const tb = newRun('tempbalance');
    await losses(base, 11);
    await losses(tb, 11);
    const esdNames = (await tb.model.esdSnapshot()).map((w) => w.name);
    const baseRatios = esdNames.map((n) => base.scheduler.ratio(n));
    const tbRatios = esdNames.map((n) => tb.scheduler.ratio(n));
    expect(new Set(baseRatios)).toEqual(new Set([1]));
    expect(new Set(tbRatios.map((r) => r.toFixed(6))).size).toBeGreaterThan(2);
    // linear_map onto [0.5, 1.5]: every scheduled ratio inside, the extremes reached.
    const scheduled = tbRatios.filter((_, i) => !['embed.tok', 'head'].includes(esdNames[i]));
    expect(Math.min(...scheduled)).toBeCloseTo(0.5, 9);
    expect(Math.max(...scheduled)).toBeCloseTo(1.5, 9);
    base.dispose();
    tb.dispose();
  });

  it('stops a diverging run before applying the bad update, with a clear message', async () => {
    const run = newRun('baseline', { lr: 1, optimizer: 'sgd', momentum: 0 });
    // Poison one weight: the loss becomes NaN on the next step.
    const w = run.model.params.find((p) => p.spec.name === 'head')!.variable;
    const finite = (await w.data()).slice();
    w.assign(tf.fill(w.shape, NaN));
    const r = await run.trainStep();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/diverged at step 1: the loss is NaN/);
    expect(run.step).toBe(0);
    expect(finite.every(Number.isFinite)).toBe(true);
    run.dispose();
  });

  it('resumes from saved state on a fresh model exactly where it left off', async () => {
    const a = newRun('tempbalance', { optimizer: 'adamw' });
    await losses(a, 15);
    const state = await a.saveState();
    const continued = await losses(a, 15);
    const b = newRun('tempbalance', { optimizer: 'adamw' });
    const tensorsBefore = tf.memory().numTensors;
    b.restoreState(state);
    expect(tf.memory().numTensors).toBe(tensorsBefore); // restoring allocates nothing that stays
    expect(b.step).toBe(15);
    expect(await losses(b, 15)).toEqual(continued);
    a.dispose();
    b.dispose();
  });

  it('rejects a saved state that does not fit the model', async () => {
    const a = newRun('baseline');
    const state = await a.saveState();
    state.weights.head = new Float32Array(3);
    const b = newRun('baseline');
    expect(() => b.restoreState(state)).toThrow(/does not fit parameter head/);
    a.dispose();
    b.dispose();
  });
});
