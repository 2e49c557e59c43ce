import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../experiment/schema';
import { buildTransformer } from '../models/transformer';
import { inlineEsd } from './esdInline';
import { TrainingRun, type ScheduleLabel } from './run';
import { runSettingsOf } from './setup';
import { losses, syntheticTask } from '../../test/support/testTask';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// The comparison methods inside a real TrainingRun (issue 10): each trains, and TempBalance composes with it.
const MODEL = { vocab: 12, maxLen: 8, dModel: 16, heads: 2, layers: 2, dFF: 32, classes: 2, dropout: 0.1 };

function newRun(label: ScheduleLabel, over: Partial<ExperimentConfig> = {}): TrainingRun {
  const cfg = { ...defaultConfig(), steps: 100, batch: 8, lr: 3e-3, interval: 5, eigsThresh: 4, assign: 'linear_map' as const, unit: 'layer' as const, sMin: 0.5, slope: 1, ...over };
  return new TrainingRun(syntheticTask(), buildTransformer(MODEL, 3), runSettingsOf(cfg, label), inlineEsd);
}

async function weights(run: TrainingRun): Promise<Map<string, Float32Array>> {
  return new Map(await Promise.all(run.model.params.map(async (p) => [p.spec.name, (await p.variable.data()) as Float32Array] as const)));
}

describe('methods in a training run', () => {
  for (const optimizer of ['adafactor', 'lamb', 'lars'] as const) {
    it(`${optimizer}: trains with finite losses, and TempBalance on top changes the trajectory`, async () => {
      const over = { optimizer, lr: optimizer === 'lars' ? 1 : 3e-3 };
      const base = newRun('baseline', over);
      const tb = newRun('tempbalance', over);
      const lb = await losses(base, 12);
      const lt = await losses(tb, 12);
      expect(lb.every(Number.isFinite) && lt.every(Number.isFinite)).toBe(true);
      expect(lt).not.toEqual(lb);
      expect([...tb.scheduler.ratios.values()].some((r) => r !== 1)).toBe(true);
      [base, tb].forEach((r) => r.dispose());
    });
  }

  it('SAM: a different, deterministic trajectory with no tensors left behind', async () => {
    const runP = newRun('tempbalance');
    const runA = newRun('tempbalance', { sam: 0.05 });
    const runB = newRun('tempbalance', { sam: 0.05 });
    const plain = await losses(runP, 6);
    const a = await losses(runA, 6);
    const b = await losses(runB, 6);
    [runP, runB].forEach((r) => r.dispose());
    expect(a).toEqual(b);
    // The first loss is L(w₀) in both (SAM reports the unperturbed loss); later ones differ.
    expect(a[0]).toBe(plain[0]);
    expect(a.slice(1)).not.toEqual(plain.slice(1));
    const before = tf.memory().numTensors;
    await losses(runA, 5);
    expect(tf.memory().numTensors).toBe(before);
    runA.dispose();
  });

  it('LLRD: one plain-SGD step moves block b by ξ^(1−b) and the embeddings by ξ² of the undecayed step; the head unchanged', async () => {
    const over = { optimizer: 'sgd' as const, momentum: 0, wd: 0, schedule: 'constant' as const, warmup: 0 };
    const runs = [newRun('baseline', over), newRun('baseline', { ...over, llrd: 0.5 })];
    const init = await weights(runs[0]);
    for (const r of runs) expect((await r.trainStep()).ok).toBe(true);
    const [w1, w2] = await Promise.all(runs.map(weights));
    const ratio = (name: string) => {
      const i = init.get(name)!;
      let num = 0;
      let den = 0;
      for (let k = 0; k < i.length; k++) {
        num += Math.abs(w2.get(name)![k] - i[k]);
        den += Math.abs(w1.get(name)![k] - i[k]);
      }
      return num / den;
    };
    expect(ratio('head')).toBeCloseTo(1, 4);
    expect(ratio('blocks.1.attn.q')).toBeCloseTo(1, 4);
    expect(ratio('blocks.0.attn.q')).toBeCloseTo(0.5, 4);
    expect(ratio('embed.tok')).toBeCloseTo(0.25, 4);
    runs.forEach((r) => r.dispose());
  });

  it('metric: the scheduler balances the spectral norm / stable rank of each layer instead of α', async () => {
    for (const metric of ['spectral_norm', 'stable_rank'] as const) {
      const run = newRun('tempbalance', { metric });
      const ev = await run.reestimate();
      const byName = new Map(ev.layers.map(({ metrics: l }) => [l.name, l]));
      expect(ev.units.length).toBeGreaterThan(1);
      for (const u of ev.units) {
        const l = byName.get(u.layers[0])!;
        expect(u.alpha, `${metric} ${u.key}`).toBe(metric === 'spectral_norm' ? l.lambda_max : l.stable_rank);
      }
      run.dispose();
    }
  });
});
