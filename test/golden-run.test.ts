/**
 * Golden runs: the training loop must not change behaviour when it is refactored. Two paths are
 * pinned to curves recorded before the loop was unified (test/fixtures/golden/*.json):
 * - the headless engine (`runExperiment`, what `npm run experiment` and sweeps use) on the real
 *   sentiment data, both schedules;
 * - the training worker's handler (what the browser runs) on the synthetic task, as its event stream
 *   with the timing-dependent parts (how step points are batched, progress messages) left out.
 * Both on the cpu backend, which is deterministic. To re-record after an intended change of
 * behaviour: `UPDATE_GOLDEN=1 npx vitest run test/golden-run.test.ts`, and say why in the commit.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../src/experiment/schema';
import { inlineEsd } from '../src/train/esdInline';
import { runExperiment, type ExperimentReport } from '../src/train/experiment';
import type { DataLoaders } from '../src/train/setup';
import type { FromTrainer } from '../src/workers/trainProtocol';
import { harness, testConfig, type Harness } from './support/trainTestkit';
import { nodeLoaders } from '../scripts/lib/node-engine';

const DIR = path.join(__dirname, 'fixtures/golden');

/** JSON with non-finite numbers kept (JSON.stringify would turn NaN into null). */
function encode(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `#${v}` : v)));
}

/** Compare with the recorded fixture, or record it when UPDATE_GOLDEN=1. */
function golden(name: string, value: unknown): void {
  const file = path.join(DIR, name);
  const actual = encode(value);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`missing golden fixture ${file}: record it with UPDATE_GOLDEN=1`);
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, JSON.stringify(actual, null, 1) + '\n');
    return;
  }
  expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The real sentiment data with validation and test cut to 40 sentences each, so evaluations are quick. */
function smallLoaders(): DataLoaders {
  const base = nodeLoaders();
  const keep = { train: Infinity, validation: 40, test: 40 };
  return {
    ...base,
    async sentiment() {
      const s = await base.sentiment();
      const seen = { train: 0, validation: 0, test: 0 };
      return { ...s, data: { ...s.data, records: s.data.records.filter((r) => seen[r.split]++ < keep[r.split]) } };
    },
  };
}

/** What a report promises: curve, per-layer α and rate history, final numbers (not the wall time). */
function reportCurves(rep: ExperimentReport) {
  return rep.runs.map((r) => ({
    schedule: r.schedule,
    final: { loss: r.final.loss, val: r.final.val.metric, valLoss: r.final.val.loss, test: r.final.test.metric, steps: r.final.steps, diverged: r.final.diverged ?? null },
    curve: r.curve,
    layers: r.layers.map((l) => ({ name: l.name, shape: l.shape, block: l.block, steps: l.steps, alpha: l.alpha, lr: l.lr })),
  }));
}

/** The worker's events without timing: step points one by one, no progress, no msPerStep. */
function eventStream(out: readonly FromTrainer[]) {
  return out.flatMap((m): object[] => {
    switch (m.kind) {
      case 'steps':
        return m.points.map((p) => ({ kind: 'step', ...p }));
      case 'esd':
        return [{ kind: 'esd', step: m.step, alpha: m.layers.map((l) => l.alpha), ratios: m.ratios, globalLr: m.globalLr, applied: m.applied, units: m.units.map((u) => [u.key, u.alpha, u.ratio]) }];
      case 'eval':
        return [{ kind: 'eval', step: m.step, metric: m.result.metric }];
      case 'done':
        return [{ kind: 'done', step: m.step, val: m.val.metric, test: m.test.metric }];
      case 'ready':
        return [{ kind: 'ready', step: m.step, stepsPerEpoch: m.stepsPerEpoch, totalSteps: m.totalSteps }];
      case 'progress':
        return [];
      default:
        return [{ kind: m.kind }];
    }
  });
}

let h: Harness | null = null;
afterEach(() => h?.close());

describe('golden runs (behaviour of the training loop is unchanged)', () => {
  it('headless engine: sentiment, tiny transformer, compare, evaluation and ESD on their own cadences', async () => {
    const cfg: ExperimentConfig = {
      ...defaultConfig(),
      task: 'sentiment',
      model: 'transformer',
      size: 'tiny',
      ratio: 0.02,
      steps: 14,
      batch: 8,
      evalEvery: 4,
      interval: 5,
      mode: 'compare',
      assign: 'linear_map',
      unit: 'layer',
      sMin: 0.5,
      slope: 1,
      lr: 3e-3,
      backend: 'cpu',
      seed: 5,
    };
    golden('experiment-sentiment-tiny.json', reportCurves(await runExperiment(cfg, smallLoaders(), inlineEsd)));
  }, 120_000);

  it('headless engine: per-epoch re-estimation with block sigmoid', async () => {
    const cfg: ExperimentConfig = {
      ...defaultConfig(),
      task: 'sentiment',
      model: 'transformer',
      size: 'tiny',
      ratio: 0.01,
      steps: 12,
      batch: 16,
      evalEvery: 5,
      interval: 0,
      mode: 'tempbalance',
      backend: 'cpu',
      seed: 2,
    };
    golden('experiment-sentiment-epoch.json', reportCurves(await runExperiment(cfg, smallLoaders(), inlineEsd)));
  }, 120_000);

  it('training worker: the event stream of a TempBalance run on the synthetic task', async () => {
    h = harness();
    await h.init(testConfig({ steps: 17, evalEvery: 6 }), 'tempbalance');
    await h.handler.handle({ kind: 'run', runId: 1 });
    golden('worker-synthetic.json', eventStream(h.out));
  });
});
