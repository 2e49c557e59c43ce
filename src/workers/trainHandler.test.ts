/**
 * The training worker's handler, driven directly in Node (cpu backend, synthetic task), with the real
 * ESD handler on the other end of a MessageChannel. Reference: the same engine driven directly with
 * the inline ESD (experiment.ts's way) must give the identical loss curve. Failures and recovery are
 * in trainRecovery.test.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTensor } from '../math/analyze';
import { buildTransformer } from '../models/transformer';
import { fitOptionsOf } from '../experiment/assign';
import { eventsOf, harness, referenceLosses, stepPoints, TEST_MODEL, testConfig, type Harness } from '../../test/support/trainTestkit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let h: Harness | null = null;
afterEach(() => h?.close());

describe('training handler: a run from init to done', () => {
  it('posts ready, batched steps, esd/eval events and done; the curve equals the engine driven directly', async () => {
    const cfg = testConfig();
    h = harness();
    await h.init(cfg, 'tempbalance');
    const ready = eventsOf(h.out, 'ready')[0];
    expect(ready).toMatchObject({ runId: 1, step: 0, totalSteps: 16, stepsPerEpoch: 8 });
    expect(ready.params.map((p) => p.name)).toContain('head');
    await h.handler.handle({ kind: 'run', runId: 1 });

    const points = stepPoints(h.out);
    expect(points.map((p) => p.step)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    const ref = await referenceLosses(cfg, 'tempbalance');
    expect(points.map((p) => p.loss)).toEqual(ref.losses);
    expect(points.map((p) => p.lr)).toEqual(ref.lrs);
    // Far fewer messages than steps would be nice, but grouping depends on speed: only bound it.
    expect(eventsOf(h.out, 'steps').length).toBeLessThanOrEqual(16);

    // Re-estimates before steps 1, 6, 11, 16 and the final one after step 16 (as experiment.ts).
    const esd = eventsOf(h.out, 'esd');
    expect(esd.map((e) => e.step)).toEqual([0, 5, 10, 15, 16]);
    for (const e of esd) {
      expect(e.charts).toHaveLength(e.layers.length);
      // Every matrix but the 16×2 head (2 eigenvalues: no fit) has a finite α and a chart of that fit.
      expect(e.layers.filter((l) => l.status === 'ok')).toHaveLength(e.layers.length - 1);
      e.layers.forEach((l, i) => {
        if (l.status !== 'ok') return expect(e.charts[i]).toBeNull();
        expect(Number.isFinite(l.alpha)).toBe(true);
        expect(e.charts[i]).toMatchObject({ alpha: l.alpha, xmin: l.xmin });
      });
    }
    expect(eventsOf(h.out, 'eval').map((e) => e.step)).toEqual([5, 10, 15, 16]);
    const done = eventsOf(h.out, 'done')[0];
    expect(done).toMatchObject({ step: 16, val: { split: 'val' }, test: { split: 'test' } });
    expect(h.out.at(-1)?.kind).toBe('done');
  });

  it('sends the ESD worker the real weights: α of the first re-estimate equals analyzeTensor on the initial weights', async () => {
    const cfg = testConfig({ steps: 3 });
    h = harness();
    await h.init(cfg, 'baseline');
    await h.handler.handle({ kind: 'run', runId: 1 });
    const first = eventsOf(h.out, 'esd')[0];
    const model = buildTransformer(TEST_MODEL, cfg.seed);
    const snap = await model.esdSnapshot();
    model.dispose();
    expect(first.layers.map((l) => l.name)).toEqual(snap.map((w) => w.name));
    snap.forEach((w, i) => expect(first.layers[i].alpha).toBe(analyzeTensor(w, fitOptionsOf(cfg)).metrics.alpha));
  });

  it('baseline keeps every ratio at 1; TempBalance spreads them over [s_min, s_min + slope]', async () => {
    const ratiosOf = async (label: 'baseline' | 'tempbalance') => {
      const hh = harness();
      await hh.init(testConfig({ steps: 6 }), label);
      await hh.handler.handle({ kind: 'run', runId: 1 });
      hh.close();
      const e = eventsOf(hh.out, 'esd')[1]; // step 5
      return { ratios: Object.values(e.ratios), applied: e.applied };
    };
    const base = await ratiosOf('baseline');
    expect(new Set(base.ratios)).toEqual(new Set([1]));
    expect(base.applied).toBe(false);
    const tb = await ratiosOf('tempbalance');
    expect(tb.applied).toBe(true);
    expect(Math.min(...tb.ratios)).toBeCloseTo(0.5, 9);
    expect(Math.max(...tb.ratios)).toBeCloseTo(1.5, 9);
  });
});

describe('training handler: control while running', () => {
  it('pauses after the current step, steps n while paused, and resumes to the end', async () => {
    h = harness();
    await h.init(testConfig(), 'baseline');
    const running = h.handler.handle({ kind: 'run', runId: 1 });
    await h.handler.handle({ kind: 'pause', runId: 1 });
    await running;
    const paused = eventsOf(h.out, 'paused');
    expect(paused).toHaveLength(1);
    expect(paused[0].step).toBe(stepPoints(h.out).length);
    expect(paused[0].step).toBeLessThan(16);

    await h.handler.handle({ kind: 'step', runId: 1, n: 3 });
    expect(eventsOf(h.out, 'paused').at(-1)?.step).toBe(paused[0].step + 3);
    await h.handler.handle({ kind: 'run', runId: 1 });
    expect(stepPoints(h.out).map((p) => p.step)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(eventsOf(h.out, 'done')).toHaveLength(1);
  });

  it('applies a live update (lr) from the next step, and rejects one that needs a reset', async () => {
    const cfg = testConfig({ schedule: 'constant', warmup: 0 });
    h = harness();
    await h.init(cfg, 'baseline');
    await h.handler.handle({ kind: 'step', runId: 1, n: 5 });
    await h.handler.handle({ kind: 'update', runId: 1, patch: { lr: 1e-4, wd: 0.05 } });
    await h.handler.handle({ kind: 'update', runId: 1, patch: { lr: 5e-4, seed: 9 } });
    const rejected = eventsOf(h.out, 'error');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ reason: 'rejected', step: 5 });
    expect(rejected[0].message).toMatch(/seed cannot change during a run/);
    await h.handler.handle({ kind: 'step', runId: 1, n: 2 });
    expect(stepPoints(h.out).map((p) => p.lr)).toEqual([3e-3, 3e-3, 3e-3, 3e-3, 3e-3, 1e-4, 1e-4]);
  });

  it('answers save-state with weights and optimiser state of the current step', async () => {
    h = harness();
    await h.init(testConfig(), 'tempbalance');
    await h.handler.handle({ kind: 'step', runId: 1, n: 4 });
    await h.handler.handle({ kind: 'save-state', runId: 1 });
    const { state } = eventsOf(h.out, 'state')[0];
    expect(state.step).toBe(4);
    expect(state.optimizer.iterations).toBe(4);
    expect(Object.keys(state.weights)).toEqual(eventsOf(h.out, 'ready')[0].params.map((p) => p.name));
  });
});
