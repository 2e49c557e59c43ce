/**
 * The lab client over in-process "workers": each fake worker runs the real training handler (cpu
 * backend, synthetic task) with every hop a macrotask, like postMessage, and the real ESD handler
 * served on the channel the client hands out. Checks routing by label, live updates, and the
 * automatic recovery after a lost GPU device (the resumed run replays the overlapping steps exactly).
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BackendProbe } from '../platform/backendPolicy';
import type { StepEvent } from '../train/run';
import { analyzeTensor } from '../math/analyze';
import { fitSet } from '../math/metrics';
import { fitAtIndex } from '../math/powerlaw';
import { createRng } from '../math/random';
import { DEFAULT_FIT_OPTIONS } from '../math/types';
import { servePort } from './esdHandler';
import type { RefitResultMessage } from './protocol';
import { createLab, nextBackend, type Lab, type LabEnv, type RunEvent, type TrainWorkerPort } from './trainClient';
import { createTrainHandler } from './trainHandler';
import type { FromTrainer } from './trainProtocol';
import { failingTask, testConfig, testDeps, type HarnessOptions } from '../../test/support/trainTestkit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const PROBE: BackendProbe = { webgpu: { isFallback: true, architecture: 'swiftshader', vendor: 'google', description: '' }, webgl: null, wasm: true };

/** An env whose n-th training worker gets `perWorker(n)` as its harness options. */
function fakeEnv(perWorker: (n: number) => HarnessOptions = () => ({})) {
  const ports: MessagePort[] = [];
  let created = 0;
  const env: LabEnv = {
    createTrainWorker() {
      let alive = true;
      const port: TrainWorkerPort = {
        onmessage: null,
        postMessage: (msg) => void setTimeout(() => alive && void handler.handle(msg), 0),
        terminate: () => void (alive = false),
      };
      const handler = createTrainHandler((m: FromTrainer) => setTimeout(() => alive && port.onmessage?.({ data: m } as MessageEvent<FromTrainer>), 0), testDeps(perWorker(created++)));
      return port;
    },
    connectEsd(port) {
      ports.push(port);
      servePort(port);
    },
    probe: async () => PROBE,
    disposeEsd: () => ports.forEach((p) => p.close()),
  };
  return { env, workers: () => created, connects: () => ports.length };
}

const until = async (cond: () => boolean, ms = 60_000) => {
  const t0 = Date.now();
  while (!cond() && Date.now() - t0 < ms) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

const points = (events: RunEvent[]): StepEvent[] => events.flatMap((e) => (e.kind === 'steps' ? e.points : []));

let lab: Lab | null = null;
afterEach(() => lab?.dispose());

describe('trainClient', () => {
  it('compare: two workers with the same seed; events arrive by label; only TempBalance changes ratios', async () => {
    const { env, workers } = fakeEnv();
    lab = createLab(env);
    const events = { baseline: [] as RunEvent[], tempbalance: [] as RunEvent[] };
    const cmp = lab.startCompare(testConfig({ steps: 8 }), { onEvent: (label, e) => events[label].push(e) });
    cmp.run();
    await until(() => events.baseline.some((e) => e.kind === 'done') && events.tempbalance.some((e) => e.kind === 'done'));
    expect(workers()).toBe(2);
    const [pb, pt] = [points(events.baseline), points(events.tempbalance)];
    expect(pb.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Same data, weights and first batch: the first loss (before any update) is identical…
    expect(pt[0].loss).toBe(pb[0].loss);
    // …and then the layer-wise rates make the curves part.
    expect(pt.at(-1)!.loss).not.toBe(pb.at(-1)!.loss);
    const ratios = (ev: RunEvent[]) => ev.flatMap((e) => (e.kind === 'esd' ? Object.values(e.ratios) : []));
    expect(new Set(ratios(events.baseline))).toEqual(new Set([1]));
    expect(new Set(ratios(events.tempbalance)).size).toBeGreaterThan(2);
    expect([...events.baseline, ...events.tempbalance].filter((e) => e.kind === 'error')).toEqual([]);
  });

  it('update: a live patch changes the config; a patch with a non-live key is rejected and changes nothing', async () => {
    const { env } = fakeEnv();
    lab = createLab(env);
    const events: RunEvent[] = [];
    const run = lab.startRun(testConfig(), 'baseline', { onEvent: (e) => events.push(e) });
    run.update({ lr: 1e-4 });
    run.update({ lr: 2e-4, batch: 4 });
    await until(() => events.some((e) => e.kind === 'error'));
    expect(events.find((e) => e.kind === 'error')).toMatchObject({ reason: 'rejected' });
    expect(run.config.lr).toBe(1e-4);
    expect(run.config.batch).toBe(8);
    const state = await run.saveState();
    expect(state.step).toBe(0);
  });

  it.each([
    ['with the probe', false],
    // A probe chunk that fails to load (e.g. replaced by a redeploy) must not stop the recovery.
    ['when the probe fails', true],
  ])('recovers from a lost GPU device (%s): restarts on the next backend from the last evaluation and finishes', async (_, probeFails) => {
    // Worker 0 "runs on WebGPU" and its 13th step fails; the replacement worker is healthy.
    const { env, workers } = fakeEnv((n) => (n === 0 ? { backendName: 'webgpu', watch: true, task: () => failingTask(13) } : {}));
    if (probeFails) env.probe = () => Promise.reject(new Error('Failed to fetch dynamically imported module'));
    lab = createLab(env);
    const events: RunEvent[] = [];
    const run = lab.startRun(testConfig(), 'tempbalance', { backend: 'webgpu', onEvent: (e) => events.push(e) });
    run.run();
    await until(() => events.some((e) => e.kind === 'done' || e.kind === 'error'));
    expect(events.filter((e) => e.kind === 'error')).toEqual([]);
    expect(workers()).toBe(2);
    const k = events.findIndex((e) => e.kind === 'recovered');
    expect(events[k]).toMatchObject({ kind: 'recovered', from: 'webgpu', to: 'wasm', step: 10 });
    const readies = events.filter((e) => e.kind === 'ready');
    expect(readies.map((e) => e.kind === 'ready' && e.step)).toEqual([0, 10]);
    const before = points(events.slice(0, k));
    const after = points(events.slice(k));
    expect(before.map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(after.map((p) => p.step)).toEqual([11, 12, 13, 14, 15, 16]);
    // Steps 11 and 12 ran on both workers: the resumed run replays them exactly.
    expect(after.slice(0, 2)).toEqual(before.slice(10, 12));
    expect(events.at(-1)).toMatchObject({ kind: 'done', step: 16 });
  });
});

describe('trainClient fitEigenvalues', () => {
  it("re-fits in the lab's own ESD worker (a channel to it, no new worker) and gives fitAtIndex's α", async () => {
    const { env, workers, connects } = fakeEnv();
    lab = createLab(env);
    const rng = createRng(11);
    const w = { name: 'w', shape: [40, 30], data: Float32Array.from({ length: 1200 }, () => rng.normal()) };
    const options = { ...DEFAULT_FIT_OPTIONS, eigsThresh: 10 };
    const { metrics, evals } = analyzeTensor(w, options);
    const replies: RefitResultMessage[] = [];
    // Two requests: only the newest is answered (a slider drag sends many).
    for (const k of [3, 7]) lab.fitEigenvalues({ layer: 0, metrics, eigenvalues: evals, options, target: { by: 'index', xminIndex: k } }, { onResult: (m) => replies.push(m), onError: (e) => expect.fail(e.message) });
    await until(() => replies.length > 0);
    await new Promise((r) => setTimeout(r, 20));
    expect(replies).toHaveLength(1);
    const fitted = fitSet(evals, options);
    expect(replies[0].metrics.alpha).toBe(fitAtIndex(fitted, 7).alpha);
    expect(replies[0].tail).toEqual({ xminIndex: 7, nFit: fitted.length });
    // A second re-fit reuses the channel: one connection to the ESD worker, no worker started.
    lab.fitEigenvalues({ layer: 0, metrics, eigenvalues: evals, options, target: { by: 'index', xminIndex: 5 } }, { onResult: (m) => replies.push(m), onError: (e) => expect.fail(e.message) });
    await until(() => replies.length === 2);
    expect(replies[1].metrics.alpha).toBe(fitAtIndex(fitted, 5).alpha);
    expect(connects()).toBe(1);
    expect(workers()).toBe(0);
  });
});

describe('nextBackend', () => {
  it('follows the policy order after the lost backend, forced or automatic', () => {
    expect(nextBackend(PROBE, 'webgpu', 'webgpu')).toBe('wasm');
    const hardware: BackendProbe = { webgpu: { isFallback: false, architecture: 'ampere', vendor: 'nvidia', description: '' }, webgl: { renderer: 'NVIDIA GeForce' }, wasm: true };
    expect(nextBackend(hardware, undefined, 'webgpu')).toBe('webgl');
    expect(nextBackend(hardware, undefined, 'webgl')).toBe('wasm');
    expect(nextBackend(hardware, undefined, 'cpu')).toBeUndefined();
  });
});
