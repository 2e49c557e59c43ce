import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer, type NamedVariable, type OptimizerHyper, type OptimizerKind } from './index';
import { trustRatio } from './lamb';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** test/fixtures/optim/methods.json, made by scripts/ref/make_optim_fixtures.py (numpy float64). */
interface Fixture {
  steps: number;
  params: Record<string, { shape: number[]; decay: boolean; init: number[]; a: number[]; c: number[] }>;
  cases: { id: string; kind: OptimizerKind; hyper: Partial<OptimizerHyper>; lrs: Record<string, number>; expected: Record<string, { shape: number[]; data: number[] }> }[];
}
const FIX = JSON.parse(readFileSync(new URL('../../../test/fixtures/optim/methods.json', import.meta.url), 'utf8')) as Fixture;

/** Run a fixture case with our optimiser: the quadratic's gradient a ⊙ (θ − c), each parameter at its own rate. */
function runCase(c: Fixture['cases'][number]): { got: Record<string, Float32Array>; iterations: number; stateCount: number } {
  const names = Object.keys(FIX.params);
  const vars: NamedVariable[] = names.map((name) => {
    const p = FIX.params[name];
    return { name, variable: tf.tidy(() => tf.variable(tf.tensor(p.init, p.shape), true)), weightDecay: p.decay };
  });
  const consts = names.map((name) => ({ a: tf.tensor(FIX.params[name].a, FIX.params[name].shape), c: tf.tensor(FIX.params[name].c, FIX.params[name].shape) }));
  const opt = createOptimizer(c.kind, c.hyper, vars);
  for (let t = 0; t < FIX.steps; t++) {
    const grads: tf.NamedTensorMap = {};
    vars.forEach((v, i) => (grads[v.name] = tf.tidy(() => tf.mul(consts[i].a, tf.sub(v.variable, consts[i].c)))));
    opt.step(grads, new Map(Object.entries(c.lrs)));
    tf.dispose(Object.values(grads));
  }
  const got: Record<string, Float32Array> = {};
  for (const v of vars) got[v.name] = v.variable.dataSync() as Float32Array;
  const out = { got, iterations: opt.iterations, stateCount: opt.stateVariables().length };
  opt.dispose();
  vars.forEach((v) => v.variable.dispose());
  consts.forEach((k) => tf.dispose([k.a, k.c]));
  return out;
}

describe('Adafactor, LAMB, LARS against the published rules (numpy float64 reference)', () => {
  for (const c of FIX.cases) {
    it(`${c.id}: ${FIX.steps} steps with a rate per parameter match to float32 rounding`, () => {
      const before = tf.memory().numTensors;
      const { got, iterations } = runCase(c);
      expect(iterations).toBe(FIX.steps);
      for (const [name, exp] of Object.entries(c.expected)) {
        const init = FIX.params[name].init;
        exp.data.forEach((x, i) => {
          // Relative to the distance moved, so a test cannot pass by leaving a parameter where it was.
          const moved = Math.abs(x - init[i]);
          expect(Math.abs(got[name][i] - x), `${c.id} ${name}[${i}]`).toBeLessThanOrEqual(2e-6 + 1e-4 * moved);
        });
        const movedMax = Math.max(...exp.data.map((x, i) => Math.abs(x - init[i])));
        expect(movedMax, `${c.id}: ${name} moves`).toBeGreaterThan(1e-4);
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('keeps Adafactor\'s second moment factored: n + m numbers for an n × m matrix', () => {
    const w = tf.variable(tf.ones([30, 40]), true);
    const b = tf.variable(tf.ones([40]), true);
    const opt = createOptimizer('adafactor', {}, [{ name: 'w', variable: w }, { name: 'b', variable: b }]);
    expect(opt.stateVariables().map((v) => v.shape)).toEqual([[30], [40], [40]]);
    opt.dispose();
    tf.dispose([w, b]);
  });

  it('hand-computed first Adafactor step on a 2×2 matrix: β̂₂ = 0 at t = 1, so V̂ = rowmean·colmean / mean', () => {
    // G = [[1, 2], [3, 4]]: row means of G² 2.5, 12.5 (mean 7.5); column means 5, 10.
    // V̂ = [2.5/7.5, 12.5/7.5] ⊗ [5, 10] = [[5/3, 10/3], [25/3, 50/3]]; U = G/√V̂;
    // RMS(U)² = (3/5 + 12/10 + 27/25 + 48/50)/4 = 0.96 < 1, so no clipping; X ← X − 0.1·U.
    const x = tf.variable(tf.zeros([2, 2]), true);
    const opt = createOptimizer('adafactor', {}, [{ name: 'x', variable: x }]);
    const g = tf.tensor([[1, 2], [3, 4]]);
    opt.step({ x: g }, () => 0.1);
    const u = [1 / Math.sqrt(5 / 3), 2 / Math.sqrt(10 / 3), 3 / Math.sqrt(25 / 3), 4 / Math.sqrt(50 / 3)];
    const got = x.dataSync();
    u.forEach((ui, i) => expect(got[i]).toBeCloseTo(-0.1 * ui, 6));
    opt.dispose();
    tf.dispose([x, g]);
  });

  it('TempBalance composes: a parameter\'s first step scales with the rate it is given, for every method', () => {
    for (const kind of ['adafactor', 'lamb', 'lars', 'adamw', 'sgd'] as const) {
      const steps = [0.01, 0.03].map((lr) => {
        const v = tf.variable(tf.tensor([[0.5, -1, 0.3], [2, 0.25, -0.7]]), true);
        const g = tf.tensor([[0.1, -0.3, 0.05], [0.2, 0.4, -0.1]]);
        const before = v.dataSync().slice();
        const opt = createOptimizer(kind, {}, [{ name: 'w', variable: v }]);
        opt.step({ w: g }, new Map([['w', lr]]));
        const delta = Array.from(v.dataSync(), (x, i) => x - before[i]);
        opt.dispose();
        tf.dispose([v, g]);
        return delta;
      });
      steps[0].forEach((d, i) => expect(steps[1][i], `${kind}[${i}]`).toBeCloseTo(3 * d, 6));
      expect(Math.max(...steps[0].map(Math.abs)), kind).toBeGreaterThan(1e-5);
    }
  });

  it('trust ratio is ‖a‖/‖b‖, and 1 when either norm is zero', () => {
    const r = (a: number[], b: number[]) => tf.tidy(() => trustRatio(tf.tensor(a), tf.tensor(b)).dataSync()[0]);
    expect(r([3, 4], [0, 2])).toBeCloseTo(2.5, 6);
    expect(r([0, 0], [1, 1])).toBe(1);
    expect(r([1, 1], [0, 0])).toBe(1);
  });

  it('saves and restores each method\'s state, continuing exactly', async () => {
    for (const kind of ['adafactor', 'lamb', 'lars'] as const) {
      const mk = () => tf.variable(tf.tensor([[0.5, -1], [2, 0.25]]), true);
      const a = mk();
      const b = mk();
      const g = tf.tensor([[0.1, -0.3], [0.2, 0.4]]);
      const oa = createOptimizer(kind, { weightDecay: 0.01 }, [{ name: 'w', variable: a }]);
      const ob = createOptimizer(kind, { weightDecay: 0.01 }, [{ name: 'w', variable: b }]);
      oa.step({ w: g }, () => 0.05);
      oa.step({ w: g }, () => 0.05);
      ob.step({ w: g }, () => 0.05);
      const saved = await ob.readState();
      const oc = createOptimizer(kind, { weightDecay: 0.01 }, [{ name: 'w', variable: b }]);
      oc.writeState(saved);
      oc.step({ w: g }, () => 0.05);
      expect(Array.from(b.dataSync()), kind).toEqual(Array.from(a.dataSync()));
      [oa, ob, oc].forEach((o) => o.dispose());
      tf.dispose([a, b, g]);
    }
  });

  it('refuses constants outside the published ranges with a clear message', () => {
    const v = tf.variable(tf.ones([2]), true);
    expect(() => createOptimizer('adafactor', { adafactor: { ...({} as OptimizerHyper['adafactor']), decayRate: 0.5 } }, [{ name: 'v', variable: v }])).toThrow(/decayRate must be negative/);
    expect(() => createOptimizer('lars', { trust: 0 }, [{ name: 'v', variable: v }])).toThrow(/trust coefficient must be positive/);
    v.dispose();
  });
});
