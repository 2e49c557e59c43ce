import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../src/experiment/schema';
import { inlineEsd } from '../src/train/esdInline';
import { runExperiment } from '../src/train/experiment';
import type { DataLoaders } from '../src/train/setup';
import { toJsonReport } from '../src/train/report';
import { initNodeBackend, nodeLoaders } from './lib/node-engine';

beforeAll(async () => {
  await initNodeBackend('wasm'); // as the CLI runs
});

// The headless engine behind `npm run experiment` / `npm run sweep`, on a config small enough for a unit test.
const CFG: ExperimentConfig = {
  ...defaultConfig(),
  task: 'sentiment',
  model: 'transformer',
  size: 'tiny',
  ratio: 0.02,
  steps: 6,
  batch: 8,
  evalEvery: 3,
  interval: 3,
  mode: 'compare',
  assign: 'linear_map',
  unit: 'layer',
  minRatio: 0.5,
  slope: 1,
  backend: 'wasm',
};

/** The real sentiment data, with validation and test cut to 40 sentences each so evaluations are quick. */
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

describe('runExperiment → JSON report', () => {
  it('runs both schedules and reports every analysed layer with its shape, α and rate history', async () => {
    const loaders = smallLoaders();
    const json = toJsonReport(await runExperiment(CFG, loaders, inlineEsd));
    expect(json.runs.map((r) => r.schedule)).toEqual(['baseline', 'tempbalance']);
    for (const run of json.runs) {
      expect(run.final.steps).toBe(6);
      expect(typeof run.final.val_accuracy).toBe('number');
      expect(typeof run.final.test_accuracy).toBe('number');
      const names = run.layers.map((l) => l.name);
      expect(names).toContain('embed.tok');
      for (const l of run.layers) {
        // Dense [in, out] or conv [k, in, out]; one α and one rate per re-estimate (steps 0, 3, 6).
        expect(l.shape.length).toBeGreaterThanOrEqual(2);
        expect(l.steps).toEqual([0, 3, 6]);
        expect(l.alpha).toHaveLength(3);
        expect(l.lr).toHaveLength(3);
      }
    }
    // The baseline gives every layer the same rate; TempBalance spreads them (after its first estimate).
    const ratesAt = (k: number, i: number) => new Set(json.runs[k].layers.filter((l) => l.block !== null).map((l) => l.lr[i]?.toPrecision(6)));
    expect(ratesAt(0, 1).size).toBe(1);
    expect(ratesAt(1, 1).size).toBeGreaterThan(1);
    // Same config, same numbers (determinism of split, init, batch order on one backend).
    const again = toJsonReport(await runExperiment(CFG, loaders, inlineEsd));
    expect(again.runs.map((r) => r.final)).toEqual(json.runs.map((r) => r.final));
  });
});
