/**
 * A synthetic event source for the Lab's unit tests (test-only: lint keeps src/ from importing it): the
 * messages one training worker would post for a small run, seeded, with known α values so tests
 * can check identities (e.g. the α spread of a snapshot) against numbers computed independently.
 */
import { createRng } from '../../src/math/random';
import type { LayerMetrics } from '../../src/math/types';
import type { ScheduleLabel } from '../../src/train/run';
import type { FromTrainer } from '../../src/workers/trainProtocol';

export interface FakeRunOptions {
  runId: number;
  label: ScheduleLabel;
  steps?: number;
  /** Steps between ESD re-estimates. */
  interval?: number;
  layers?: string[];
  seed?: number;
  /** Give each ESD event per-estimator α (`alphas`), as the Lab's runs get: Hill = the layer's α, FARMS = `farmsOf(α)`. */
  estimates?: boolean;
}

/** The FARMS α the fake events give a layer of Hill α `a`: a made-up, invertible map tests can check against. */
export const farmsOf = (a: number): number => 2 + a / 10;

/** Layer metrics with only the fields the Lab reads filled in; the rest NaN. */
export function fakeLayer(name: string, alpha: number): LayerMetrics {
  return {
    name,
    shape: [64, 64],
    status: 'ok',
    n_eigs: 64,
    alpha,
    xmin: 0.5,
    D: 0.1,
    num_pl_spikes: 32,
    lambda_max: 4,
    log_spectral_norm: Math.log10(4),
    norm: NaN,
    log_norm: NaN,
    stable_rank: NaN,
    alpha_weighted: NaN,
    ms: 1,
  };
}

/** Every event of one run, in order: progress, ready, steps in batches of 10, esd, eval, done. */
export function fakeRunEvents(opts: FakeRunOptions): FromTrainer[] {
  const { runId, label, steps = 40, interval = 20, layers = ['blocks.0.attn.q', 'blocks.0.mlp.fc1', 'blocks.1.attn.q', 'blocks.1.mlp.fc1'], seed = 1, estimates = false } = opts;
  const rng = createRng(seed).fork(label);
  const out: FromTrainer[] = [];
  out.push({ kind: 'progress', runId, phase: 'data', done: 0, total: 4, message: 'Preparing data' });
  out.push({ kind: 'progress', runId, phase: 'data', done: 2, total: 4, message: 'Preparing data' });
  out.push({
    kind: 'ready',
    runId,
    backend: { name: 'wasm', reason: 'forced', adapter: 'test', failed: [] },
    task: 'fake',
    params: layers.map((name, i) => ({ name, block: i >> 1, layer: name, role: 'matrix', esd: true })),
    stepsPerEpoch: 10,
    totalSteps: steps,
    step: 0,
  });
  for (let s = 0; s < steps; s += 10) {
    if (s % interval === 0) {
      const alphas = layers.map(() => rng.uniform(2, 6));
      const ratios = Object.fromEntries(layers.map((n, i) => [n, label === 'tempbalance' ? 0.5 + alphas[i] / 6 : 1]));
      out.push({
        kind: 'esd',
        runId,
        step: s,
        layers: layers.map((n, i) => fakeLayer(n, alphas[i])),
        charts: layers.map((_, i) => ({ bins: [{ x: 1, density: 0.5, count: 10 }], fitLine: [{ x: 1, y: 0.5 }], xmin: 1, alpha: alphas[i] })),
        units: layers.map((n, i) => ({ key: n, block: i >> 1, layers: [n], alpha: alphas[i], ratio: ratios[n] })),
        ratios,
        globalLr: 1e-3,
        applied: label === 'tempbalance',
        ...(estimates ? { alphas: alphas.map((a) => ({ hill: a, farms: farmsOf(a) })) } : {}),
      });
    }
    const points = Array.from({ length: Math.min(10, steps - s) }, (_, k) => ({ step: s + k + 1, epoch: Math.floor((s + k) / 10), loss: 1 / (1 + s + k), lr: 1e-3 * (1 - (s + k) / steps) }));
    out.push({ kind: 'steps', runId, points, msPerStep: 5 });
    if ((s + 10) % 20 === 0) {
      out.push({ kind: 'eval', runId, step: s + 10, result: { split: 'val', loss: 0.5, metric: 0.5 + (s + 10) / (4 * steps), metricName: 'accuracy', higherIsBetter: true, extra: {} } });
    }
  }
  const final = { split: 'val' as const, loss: 0.4, metric: 0.75, metricName: 'accuracy' as const, higherIsBetter: true, extra: {} };
  out.push({ kind: 'done', runId, step: steps, val: final, test: { ...final, split: 'test' } });
  return out;
}
