/**
 * The multi-channel and 2-D PDE tasks: batch layout (frames × channels stacked along axis 1), the
 * rollout and nRMSE through a persistence model whose error is known, per-channel metrics, the Darcy
 * task's scaling (nRMSE of the zero predictor is exactly 1), and the models setup.ts builds for them.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { generatePdeDataset, type PdeDataset } from '../../data/pde/dataset';
import { nrmse } from '../../data/pde/nrmse';
import { defaultConfig, type ExperimentConfig } from '../../experiment/schema';
import { useCpuBackend } from '../../../test/support/modelTestkit';
import type { TrainableModel } from '../../models/types';
import { buildModel, channelsFor, inFramesFor, pdeSpecFor, type DataLoaders } from '../setup';
import { createDarcyTask } from './darcyTask';
import { createPdeTask } from './pdeTask';

useCpuBackend();

/** A model without parameters: `f` of the input. */
function fixedModel(f: (x: tf.Tensor) => tf.Tensor): TrainableModel {
  return { kind: 'fno', params: [], apply: (x) => f(x), esdSnapshot: async () => [], dispose: () => undefined };
}

/** Predicts that the next frame equals the last input frame (its C channels). */
const persistence = (C: number) =>
  fixedModel((x) => tf.slice(x, [0, x.shape[1]! - C, ...x.shape.slice(2).map(() => 0)], [-1, C, ...x.shape.slice(2).map(() => -1)]));

/** The persistence rollout's nRMSE computed directly from the data: every predicted frame = frame k−1. */
function persistenceNrmse(d: PdeDataset, first: number, count: number, k: number, cells: number): { mean: number; perChannel: Float64Array } {
  const C = d.channels;
  const nt = d.spec.nt;
  const traj = nt * C * cells;
  const truth = d.u.slice(first * traj, (first + count) * traj);
  const pred = truth.slice();
  for (let s = 0; s < count; s++) {
    const last = pred.slice(s * traj + (k - 1) * C * cells, s * traj + k * C * cells);
    for (let t = k; t < nt; t++) pred.set(last, s * traj + t * C * cells);
  }
  return nrmse(pred, truth, { samples: count, times: nt, channels: C, nx: cells }, k);
}

describe('createPdeTask with channels', () => {
  it('2-D CFD: batches [b, k·4, n, n] → [b, 4, n, n], rollout nRMSE and per-channel metrics', async () => {
    const d = generatePdeDataset({ equation: 'cfd2d', params: { mach: 0.5 }, nx: 8, nt: 5, samples: 6, seed: 1, tEnd: 0.4 });
    const task = createPdeTask(d, { trainPool: 4, valSamples: 1, testSamples: 1, ratio: 1, seed: 1, inFrames: 2 });
    expect(task.trainSize).toBe(4 * 3);
    const { x, y } = task.batch([0, 5]);
    expect(x.shape).toEqual([2, 8, 8, 8]);
    expect(y.shape).toEqual([2, 4, 8, 8]);
    // Example 5 = some training trajectory's window 2: x = frames 2..3, y = frame 4, all channels.
    const xv = await x.data();
    const yv = await y.data();
    const frame = 4 * 64;
    let match = -1;
    for (let s = 0; s < 4; s++) {
      const base = s * 5 * frame;
      if (d.u.subarray(base + 2 * frame, base + 4 * frame).every((v, i) => v === xv[2 * frame + i])) match = s;
    }
    expect(match).toBeGreaterThanOrEqual(0);
    expect(Array.from(yv.subarray(frame))).toEqual(Array.from(d.u.subarray(match * 5 * frame + 4 * frame, match * 5 * frame + 5 * frame)));
    tf.dispose([x, y]);

    const r = await task.evaluate(persistence(4), 'test');
    const ref = persistenceNrmse(d, 5, 1, 2, 64);
    expect(r.metric).toBeCloseTo(ref.mean, 6);
    expect(r.extra['nrmse.density']).toBeCloseTo(ref.perChannel[0], 6);
    expect(r.extra['nrmse.pressure']).toBeCloseTo(ref.perChannel[3], 6);
    const sample = await task.predictionSample!(persistence(4));
    expect(sample.side).toBe(8);
    expect(sample.channels).toEqual(['density', 'vx', 'vy', 'pressure']);
    expect(sample.truth.length).toBe(frame);
  });

  it('1-D CFD: batches [b, k·3, nx] → [b, 3, nx] and a persistence rollout', async () => {
    const d = generatePdeDataset({ equation: 'cfd', params: { eta: 0.1, zeta: 0.1, mach: 0.5 }, nx: 32, nt: 6, samples: 4, seed: 2, tEnd: 0.2 });
    const task = createPdeTask(d, { trainPool: 2, valSamples: 1, testSamples: 1, ratio: 1, seed: 1, inFrames: 3 });
    const { x, y } = task.batch([0]);
    expect([x.shape, y.shape]).toEqual([[1, 9, 32], [1, 3, 32]]);
    tf.dispose([x, y]);
    const r = await task.evaluate(persistence(3), 'val');
    expect(r.metric).toBeCloseTo(persistenceNrmse(d, 2, 1, 3, 32).mean, 6);
    expect(Object.keys(r.extra)).toContain('nrmse.velocity');
  });
});

describe('createDarcyTask', () => {
  const d = generatePdeDataset({ equation: 'darcy', params: { beta: 3 }, nx: 8, nt: 1, samples: 8, seed: 3 });
  const task = createDarcyTask(d, { trainPool: 4, valSamples: 2, testSamples: 2, ratio: 1, seed: 1 });

  it('maps a to ±1 and u to unit RMS over the training samples', async () => {
    expect(task.trainSize).toBe(4);
    const { x, y } = task.batch([0, 1, 2, 3]);
    expect(x.shape).toEqual([4, 1, 8, 8]);
    const xv = await x.data();
    expect(new Set(xv)).toEqual(new Set([1, -1]));
    const yv = await y.data();
    const rms = Math.sqrt(Array.from(yv).reduce((s, v) => s + v * v, 0) / yv.length);
    expect(rms).toBeCloseTo(1, 5);
    tf.dispose([x, y]);
  });

  it('scores the zero predictor at nRMSE exactly 1, shows physical u, and rejects other data', async () => {
    const zero = fixedModel((x) => tf.zerosLike(x));
    const r = await task.evaluate(zero, 'test');
    expect(r.metric).toBeCloseTo(1, 12);
    const sample = await task.predictionSample!(fixedModel((x) => tf.onesLike(x)));
    expect(sample.inputName).toBe('a');
    expect(sample.side).toBe(8);
    expect(Array.from(sample.truth)).toEqual(Array.from(d.u.subarray(6 * 128 + 64, 7 * 128)));
    expect(() => createDarcyTask(generatePdeDataset({ equation: 'burgers', params: { nu: 0.1 }, nx: 8, nt: 2, samples: 8, seed: 0 }), { trainPool: 4, valSamples: 2, testSamples: 2, ratio: 1, seed: 1 })).toThrow(/Darcy/);
  });
});

describe('setup for the new tasks', () => {
  const noLoaders = {} as DataLoaders;
  const cfgOf = (o: Partial<ExperimentConfig>): ExperimentConfig => ({ ...defaultConfig(), size: 'tiny', grid: 16, ...o });

  it('builds FNO and UNet with the right input and output channels for darcy, cfd and cfd2d', async () => {
    for (const task of ['darcy', 'cfd', 'cfd2d'] as const) {
      for (const model of ['fno', 'unet'] as const) {
        const cfg = cfgOf({ task, model });
        const m = await buildModel(cfg, noLoaders);
        const C = channelsFor(task);
        const space = task === 'cfd' ? [128] : [16, 16];
        tf.tidy(() => {
          expect(m.apply(tf.zeros([1, C * inFramesFor(task), ...space]), false).shape).toEqual([1, C, ...space]);
        });
        m.dispose();
      }
    }
  });

  it('gives each new task its dataset spec and refuses what cannot work', async () => {
    expect(pdeSpecFor(cfgOf({ task: 'darcy', pdeParam: 2 }))).toMatchObject({ equation: 'darcy', nx: 16, nt: 1, params: { beta: 2 } });
    expect(pdeSpecFor(cfgOf({ task: 'cfd2d', mach: 1 }))).toMatchObject({ equation: 'cfd2d', nx: 16, nt: 21, params: { mach: 1 } });
    expect(pdeSpecFor(cfgOf({ task: 'cfd', pdeParam: 0.1 }))).toMatchObject({ equation: 'cfd', params: { eta: 0.1, zeta: 0.1 } });
    expect(() => pdeSpecFor(cfgOf({ task: 'darcy', grid: 24 }))).toThrow(/power of two/);
    await expect(buildModel(cfgOf({ task: 'cfd2d', model: 'fno', init: 'pretrained' }), noLoaders)).rejects.toThrow(/pretrained/);
  });
});
