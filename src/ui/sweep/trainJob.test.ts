/**
 * Browser sweep jobs record the α spread as the CLI does (scripts/lib/sweep-job.ts): the scheduled
 * layers (a block's parameters) at the first and the last re-estimate, checked against the math
 * module's alphaSpread, which the CLI calls.
 */
import { describe, expect, it } from 'vitest';
import { fitOptionsOf } from '../../experiment/assign';
import { presetOverrides } from '../../experiment/presets';
import { expandGrid, type SweepJob } from '../../experiment/sweep';
import { alphaSpread } from '../../math/imbalance';
import { randomReferenceAlpha } from '../../math/reference';
import type { LayerMetrics } from '../../math/types';
import type { EvalResult } from '../../train/tasks/types';
import type { Lab, RunOptions } from '../../workers/trainClient';
import { fakeLayer } from '../../../test/support/fakeEvents';
import { jobSpread, workerRunJob, type ReferenceAlpha } from './trainJob';

const job = (): SweepJob => expandGrid({ preset: 'sentiment-low', ratios: [0.05], seeds: [1], steps: 10 }, presetOverrides).jobs[1];
const evalResult = (split: 'val' | 'test', metric: number): EvalResult => ({ split, loss: 0.5, metric, metricName: 'accuracy', higherIsBetter: true, extra: {} });
const layer = (name: string, shape: number[], alpha: number): LayerMetrics => ({ ...fakeLayer(name, alpha), shape });
/** The math module's reference, as the reference worker computes it (small shapes: few draws). */
const reference: ReferenceAlpha = async (shape, fit) => randomReferenceAlpha(shape, fit);

/** A Lab with one run that replays `script` when told to run. */
function fakeLab(script: (opts: RunOptions) => void): Lab {
  return {
    startRun(config, label, opts) {
      return {
        label, config,
        run: () => queueMicrotask(() => script(opts)),
        pause() {}, step() {}, update() {}, dispose() {}, debugLoseDevice() {},
        saveState: () => Promise.reject(new Error('unused')),
      };
    },
    startCompare: () => {
      throw new Error('unused');
    },
    fitEigenvalues: () => {
      throw new Error('unused');
    },
    dispose() {},
  };
}

const READY = {
  kind: 'ready', runId: 1, backend: { name: 'wasm', reason: 'forced', adapter: 'test', failed: [] }, task: 'fake', stepsPerEpoch: 5, totalSteps: 10, step: 0,
  params: [
    { name: 'b0.q', block: 0, layer: 'b0.q', role: 'matrix', esd: true },
    { name: 'b0.fc', block: 0, layer: 'b0.fc', role: 'matrix', esd: true },
    { name: 'b1.q', block: 1, layer: 'b1.q', role: 'matrix', esd: true },
    { name: 'head', block: null, layer: 'head', role: 'matrix', esd: true },
  ],
} as const;
const esd = (step: number, alphas: number[]) => ({
  kind: 'esd' as const, runId: 1, step, units: [], ratios: {}, globalLr: 1e-3, applied: true, charts: [],
  layers: [layer('b0.q', [20, 20], alphas[0]), layer('b0.fc', [20, 40], alphas[1]), layer('b1.q', [20, 20], alphas[2]), layer('head', [20, 2], alphas[3])],
});

describe('browser sweep jobs record the α spread', () => {
  it('at the first and last re-estimate, over the block layers, equal to the CLI’s alphaSpread', async () => {
    const lab = fakeLab((o) => {
      o.onEvent(READY as never);
      o.onEvent(esd(0, [2.3, 2.9, 2.25, 9]));
      o.onEvent(esd(5, [2.2, 2.6, 2.0, 8]));
      o.onEvent(esd(10, [2.0, 2.5, 1.8, NaN]));
      o.onEvent({ kind: 'done', runId: 1, step: 10, val: evalResult('val', 0.7), test: evalResult('test', 0.65) });
    });
    const out = await workerRunJob(lab, () => 0, reference)(job(), new AbortController().signal, () => {});
    const fit = fitOptionsOf(job().config);
    const blocks = (alphas: number[]) => [{ shape: [20, 20], alpha: alphas[0] }, { shape: [20, 40], alpha: alphas[1] }, { shape: [20, 20], alpha: alphas[2] }];
    expect(out.spread).toEqual({ start: alphaSpread(blocks([2.3, 2.9, 2.25]), fit), end: alphaSpread(blocks([2.0, 2.5, 1.8]), fit) });
    expect(out.spread!.end.layers).toBe(3);
    // np.std([2.0, 2.5, 1.8]) = 0.29439202887759497
    expect(out.spread!.end.fitted).toBeCloseTo(0.29439202887759497, 12);
    expect(out).toMatchObject({ val: 0.7, test: 0.65, steps: 10 });
  });

  it('no spread without two block layers, without a re-estimate, or when a reference fails; the job still counts', async () => {
    const one = [{ shape: [20, 20], alpha: 2 }];
    expect(await jobSpread(one, one, job().config, reference)).toBeUndefined();
    expect(await jobSpread(null, null, job().config, reference)).toBeUndefined();
    const two = [...one, { shape: [20, 40], alpha: 3 }];
    expect(await jobSpread(two, two, job().config, () => Promise.reject(new Error('worker gone')))).toBeUndefined();
    const lab = fakeLab((o) => {
      o.onEvent(READY as never);
      o.onEvent({ kind: 'done', runId: 1, step: 10, val: evalResult('val', 0.7), test: evalResult('test', 0.65) });
    });
    const out = await workerRunJob(lab, () => 0, reference)(job(), new AbortController().signal, () => {});
    expect(out).not.toHaveProperty('spread');
    expect(out.test).toBe(0.65);
  });
});
