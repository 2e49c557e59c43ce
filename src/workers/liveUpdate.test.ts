/**
 * Live updates against their reference: a run changed mid-way must continue exactly like a fresh run
 * built with the patched config and restored from the state at the moment of the change (the same
 * settings derivation, runSettingsOf, and the optimiser moments carried over).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../experiment/schema';
import { buildTransformer } from '../models/transformer';
import { inlineEsd } from '../train/esdInline';
import { TrainingRun, type ScheduleLabel } from '../train/run';
import { runSettingsOf } from '../train/setup';
import { losses, syntheticTask } from '../../test/support/testTask';
import { applyLiveUpdate, nonLiveKeys } from './liveUpdate';
import { TEST_MODEL, testConfig } from '../../test/support/trainTestkit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const newRun = (cfg: ExperimentConfig, label: ScheduleLabel) => new TrainingRun(syntheticTask(), buildTransformer(TEST_MODEL, cfg.seed), runSettingsOf(cfg, label), inlineEsd);

describe('applyLiveUpdate', () => {
  it.each([
    ['weight decay (optimiser swapped, moments kept)', { wd: 0.2 }],
    ['schedule and TempBalance options', { schedule: 'cosine', warmup: 0, assign: 'sqrt', interval: 3 }],
  ] as const)('%s: continues like a fresh run of the patched config resumed from the same state', async (_, patch) => {
    const cfg = testConfig({ optimizer: 'adamw', steps: 12 });
    const live = newRun(cfg, 'tempbalance');
    await losses(live, 5);
    const state = await live.saveState();
    const r = await applyLiveUpdate(live, cfg, 'tempbalance', patch);
    expect(r.ok).toBe(true);
    const after = await losses(live, 5);

    const patched = { ...cfg, ...patch } as ExperimentConfig;
    const fresh = newRun(patched, 'tempbalance');
    tf.tidy(() => fresh.restoreState(state));
    expect(await losses(fresh, 5)).toEqual(after);
    // And the change mattered: the unpatched continuation differs.
    const unpatched = newRun(cfg, 'tempbalance');
    tf.tidy(() => unpatched.restoreState(state));
    expect(await losses(unpatched, 5)).not.toEqual(after);
    [live, fresh, unpatched].forEach((x) => x.dispose());
  });

  it('refuses, atomically, a patch with a key that needs a reset', async () => {
    const cfg = testConfig();
    const run = newRun(cfg, 'baseline');
    const before = JSON.stringify(run.settings);
    const r = await applyLiveUpdate(run, cfg, 'baseline', { lr: 0.5, model: 'fno', batch: 4 });
    expect(r).toEqual({ ok: false, message: 'model, batch cannot change during a run: reset the run to apply it.' });
    expect(JSON.stringify(run.settings)).toBe(before);
    expect(nonLiveKeys({ lr: 1, wd: 0 })).toEqual([]);
    run.dispose();
  });
});
