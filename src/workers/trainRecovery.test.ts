/**
 * The training worker's handler when things go wrong, driven directly in Node (cpu backend, synthetic
 * task, real ESD handler over a MessageChannel): divergence, a lost GPU device (simulated by a failing
 * step and by the debug hook), resuming from the saved state, and tensor hygiene after dispose.
 * Reference for the resume: the same engine driven directly, uninterrupted (trainTestkit.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, failingTask, harness, referenceLosses, stepPoints, testConfig, type Harness } from '../../test/support/trainTestkit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let h: Harness | null = null;
afterEach(() => h?.close());

describe('training handler: failures', () => {
  it('a NaN loss stops the run with reason diverged and no done event', async () => {
    h = harness({ poison: 'head' });
    await h.init(testConfig(), 'baseline');
    await h.handler.handle({ kind: 'run', runId: 1 });
    const err = eventsOf(h.out, 'error');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatchObject({ reason: 'diverged', step: 0 });
    expect(err[0].message).toMatch(/diverged at step 1: the loss is NaN/);
    expect(err[0].lastState).toBeUndefined();
    expect(eventsOf(h.out, 'done')).toHaveLength(0);
    await h.handler.handle({ kind: 'run', runId: 1 }); // a stopped run does not restart
    expect(stepPoints(h.out)).toHaveLength(0);
  });

  it('a failing step on a GPU backend posts device-lost with the state of the last evaluation; resuming it reproduces the uninterrupted run', async () => {
    const cfg = testConfig();
    h = harness({ backendName: 'webgpu', watch: true, task: () => failingTask(13) });
    await h.init(cfg, 'tempbalance', { backend: 'webgpu' });
    await h.handler.handle({ kind: 'run', runId: 1 });
    const err = eventsOf(h.out, 'error');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatchObject({ reason: 'device-lost', step: 12 });
    expect(err[0].message).toMatch(/device lost/);
    const lastState = err[0].lastState!;
    expect(lastState.step).toBe(10);

    // The client's recovery: a fresh trainer on another backend, resumed from that state.
    const r = harness({ backendName: 'cpu' });
    await r.init(cfg, 'tempbalance', { resume: lastState });
    expect(eventsOf(r.out, 'ready')[0].step).toBe(10);
    await r.handler.handle({ kind: 'run', runId: 1 });
    r.close();
    const ref = await referenceLosses(cfg, 'tempbalance');
    const resumed = stepPoints(r.out);
    expect(resumed.map((p) => p.step)).toEqual(Array.from({ length: 6 }, (_, i) => i + 11));
    expect(resumed.map((p) => p.loss)).toEqual(ref.losses.slice(10));
  });

  it('a device-lost signal (the debug hook destroying the device) stops the run within a step', async () => {
    h = harness({ backendName: 'webgpu', watch: true });
    await h.init(testConfig(), 'baseline');
    await h.handler.handle({ kind: 'step', runId: 1, n: 12 });
    const running = h.handler.handle({ kind: 'run', runId: 1 });
    await h.handler.handle({ kind: 'debug-lose-device', runId: 1 });
    await running;
    const err = eventsOf(h.out, 'error');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatchObject({ reason: 'device-lost', lastState: { step: 10 } });
    expect(err[0].message).toMatch(/GPU device was lost \(destroyed\)/);
    expect(eventsOf(h.out, 'done')).toHaveLength(0);
  });
});

describe('training handler: tensor hygiene', () => {
  it('after dispose tf.memory().numTensors is back where it was before init', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    h = harness();
    await h.init(testConfig(), 'tempbalance');
    await h.handler.handle({ kind: 'step', runId: 1, n: 12 });
    await h.handler.handle({ kind: 'update', runId: 1, patch: { wd: 0.1 } }); // swaps the optimiser
    await h.handler.handle({ kind: 'save-state', runId: 1 });
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    await h.handler.handle({ kind: 'dispose', runId: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(eventsOf(h.out, 'error')).toHaveLength(0);
  });
});
