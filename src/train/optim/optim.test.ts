import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../math/random';
import type { ParamSpec } from '../../models/types';
import { DEFAULT_SCHEDULE, globalLr } from '../schedule';
import { DEFAULT_TEMPBALANCE, TempBalanceScheduler } from '../tempbalance';
import { createOptimizer, type NamedVariable, type OptimizerKind, type PerParamOptimizer } from './index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * A small seeded quadratic: loss = Σ_p ½ Σ aₚ ⊙ (θₚ − cₚ)², a > 0, over a vector [5] and a matrix
 * [3, 4]. Two copies with identical initial values let us run ours and tfjs's side by side.
 */
function problem(seed: number) {
  const rng = createRng(seed);
  const shapes: Record<string, number[]> = { w: [3, 4], b: [5] };
  const spec = Object.entries(shapes).map(([name, shape]) => {
    const n = shape.reduce((x, y) => x * y, 1);
    const draw = (f: () => number) => Float32Array.from({ length: n }, f);
    return { name, shape, init: draw(() => rng.normal()), a: draw(() => rng.uniform(0.5, 2)), c: draw(() => rng.normal()) };
  });
  const make = (): NamedVariable[] =>
    spec.map((s) => ({ name: s.name, variable: tf.variable(tf.tensor(s.init, s.shape), true) }));
  const consts = spec.map((s) => ({ a: tf.tensor(s.a, s.shape), c: tf.tensor(s.c, s.shape) }));
  const loss = (vars: NamedVariable[]) => () =>
    tf.addN(vars.map((v, i) => tf.mul(0.5, tf.sum(tf.mul(consts[i].a, tf.square(tf.sub(v.variable, consts[i].c))))))) as tf.Scalar;
  // Gradients keyed by parameter name, computed with tfjs autodiff.
  const gradsOf = (vars: NamedVariable[]): tf.NamedTensorMap => {
    const { value, grads } = tf.variableGrads(loss(vars), vars.map((v) => v.variable));
    value.dispose();
    const out: tf.NamedTensorMap = {};
    for (const v of vars) out[v.name] = grads[v.variable.name];
    return out;
  };
  const disposeAll = (vars: NamedVariable[]) => vars.forEach((v) => v.variable.dispose());
  const disposeConsts = () => consts.forEach((k) => tf.dispose([k.a, k.c]));
  return { spec, make, gradsOf, disposeAll, disposeConsts };
}

/**
 * The same Adam trajectory in float64 JS, element by element, with the closed-form gradient
 * g = a ⊙ (θ − c) of the quadratic: the exact reference both float32 implementations approximate.
 */
function adamFloat64(p: ReturnType<typeof problem>, lr: number, b1: number, b2: number, eps: number, steps: number): Float32Array[] {
  return p.spec.map((s) =>
    Float32Array.from(s.init, (theta0, i) => {
      let theta = theta0;
      let m = 0;
      let v = 0;
      for (let t = 1; t <= steps; t++) {
        const g = s.a[i] * (theta - s.c[i]);
        m = b1 * m + (1 - b1) * g;
        v = b2 * v + (1 - b2) * g * g;
        theta -= (lr * (m / (1 - b1 ** t))) / (Math.sqrt(v / (1 - b2 ** t)) + eps);
      }
      return theta;
    }),
  );
}

const values = (vars: NamedVariable[]): Float32Array[] => vars.map((v) => v.variable.dataSync() as Float32Array);
const maxAbsDiff = (x: Float32Array[], y: Float32Array[]): number =>
  Math.max(...x.map((arr, i) => Math.max(...arr.map((e, j) => Math.abs(e - y[i][j])))));

/**
 * Run `steps` of ours (rate lr everywhere) and of a tfjs optimiser on twin copies; return the max
 * |Δθ| between them, and between each and `exact` if given.
 */
function compareWithTfjs(
  kind: OptimizerKind,
  hyper: object,
  ref: tf.Optimizer,
  lr: number,
  steps: number,
  exact?: (p: ReturnType<typeof problem>) => Float32Array[],
): { vsTfjs: number; oursVsExact: number; tfjsVsExact: number } {
  const p = problem(7);
  const ours = p.make();
  const theirs = p.make();
  const opt = createOptimizer(kind, hyper, ours);
  for (let t = 0; t < steps; t++) {
    const g1 = p.gradsOf(ours);
    opt.step(g1, () => lr);
    tf.dispose(Object.values(g1));
    // tfjs optimisers key gradients by tfjs variable name.
    const g2 = p.gradsOf(theirs);
    ref.applyGradients(Object.fromEntries(theirs.map((v) => [v.variable.name, g2[v.name]])));
    tf.dispose(Object.values(g2));
  }
  const d = maxAbsDiff(values(ours), values(theirs));
  const x = exact?.(p);
  const oursVsExact = x ? maxAbsDiff(values(ours), x) : Number.NaN;
  const tfjsVsExact = x ? maxAbsDiff(values(theirs), x) : Number.NaN;
  // Sanity: both actually moved away from the start (otherwise agreement is vacuous).
  const start = values(p.make());
  expect(maxAbsDiff(values(ours), start)).toBeGreaterThan(0.05);
  opt.dispose();
  ref.dispose();
  p.disposeAll(ours);
  p.disposeAll(theirs);
  p.disposeConsts();
  return { vsTfjs: d, oursVsExact, tfjsVsExact };
}

describe('equal rates reproduce tfjs optimisers', () => {
  it('Adam (no wd) matches tf.train.adam(lr, 0.9, 0.999, eps) over 20 steps, and float64 Adam better', () => {
    const lr = 0.05;
    const r = compareWithTfjs(
      'adam',
      { beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 },
      tf.train.adam(lr, 0.9, 0.999, 1e-7),
      lr,
      20,
      (p) => adamFloat64(p, lr, 0.9, 0.999, 1e-7, 20),
    );
    // Ours follows the exact float64 trajectory to float32 rounding.
    expect(r.oursVsExact).toBeLessThan(1e-6);
    // tfjs keeps β2ᵗ in a float32 variable: 1 − fround(0.999) = 0.00099998713, 1.3e-5 relative off,
    // so its √v̂ is ~6e-6 relative off and θ drifts by ~lr·6e-6 per step. Ours (1 − β2ᵗ in float64,
    // like PyTorch) is the more accurate of the two; the gap between them is that drift and no more.
    expect(r.tfjsVsExact).toBeGreaterThan(r.oursVsExact);
    expect(r.vsTfjs).toBeLessThan(20 * lr * 1e-5);
  });

  it('SGD momentum matches tf.train.momentum (plain and Nesterov); μ = 0 matches tf.train.sgd', () => {
    const cases: [object, tf.Optimizer, number][] = [
      [{ momentum: 0.9, nesterov: false, weightDecay: 0 }, tf.train.momentum(0.05, 0.9), 0.05],
      [{ momentum: 0.9, nesterov: true, weightDecay: 0 }, tf.train.momentum(0.05, 0.9, true), 0.05],
      [{ momentum: 0, nesterov: false, weightDecay: 0 }, tf.train.sgd(0.1), 0.1],
    ];
    for (const [hyper, ref, lr] of cases) expect(compareWithTfjs('sgd', hyper, ref, lr, 20).vsTfjs).toBeLessThan(1e-6);
  });
});

/**
 * Scalar problem loss = ½(θ − 2)², gradient g = θ − 2, θ₀ = 1, rate 0.1; θ after each step.
 * The target 2 keeps the L2 term wd·θ from being proportional to g (Adam would normalise it away).
 */
function scalarRun(kind: OptimizerKind, hyper: object, steps: number): number[] {
  const v = { name: 'theta', variable: tf.variable(tf.scalar(1), true) };
  const opt = createOptimizer(kind, hyper, [v]);
  const out: number[] = [];
  for (let t = 0; t < steps; t++) {
    const g = tf.tidy(() => tf.sub(v.variable, 2));
    opt.step({ theta: g }, new Map([['theta', 0.1]]));
    g.dispose();
    out.push(v.variable.dataSync()[0]);
  }
  opt.dispose();
  v.variable.dispose();
  return out;
}

describe('weight decay, by hand', () => {
  const h = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 };

  it('AdamW: decoupled decay θ(1 − η·wd) next to the Adam step', () => {
    // η = 0.1, wd = 0.01. Step 1: g = −1; decay 1·(1 − 0.001) = 0.999; m = −0.1, v = 0.001;
    //   m̂ = −1, v̂ = 1 ⇒ θ₁ = 0.999 + 0.1/(1 + 1e-8) = 1.098999999.
    // Step 2: g = −0.901; decay 1.099·0.999 = 1.097901; m = −0.09 − 0.0901 = −0.1801;
    //   v = 0.000999 + 0.001·0.811801 = 0.001810801; m̂ = −0.1801/0.19 = −0.9478947;
    //   v̂ = 0.001810801/0.001999 = 0.9058534, √v̂ = 0.9517633 ⇒ θ₂ = 1.097901 + 0.0995936 = 1.1974946.
    // Step 3, same recurrence (float64): 1.2951412. Adam + L2 would give 1.0999999990, 1.1995760, 1.2983666.
    const th = scalarRun('adamw', h, 3);
    expect(th[0]).toBeCloseTo(1.098999999, 6);
    expect(th[1]).toBeCloseTo(1.1974945326, 6);
    expect(th[2]).toBeCloseTo(1.2951411935, 6);
  });

  it('Adam + L2: g ← g + wd·θ inside the normalised step', () => {
    // Step 1: g = −1 + 0.01 = −0.99 ⇒ m̂/√v̂ = −1 ⇒ θ₁ = 1.1 (the penalty vanishes in step 1).
    // Step 2: g = −0.9 + 0.011 = −0.889; m = −0.0891 − 0.0889 = −0.178; v = 0.000979120 + 0.000790321
    //   = 0.001769441; m̂ = −0.9368421, √v̂ = √0.8851631 = 0.9408311 ⇒ θ₂ = 1.1 + 0.0995760 = 1.1995760.
    // Step 3 (float64): 1.2983666; plain Adam (wd 0) would give 1.2984137.
    const th = scalarRun('adam', h, 3);
    expect(th[0]).toBeCloseTo(1.1, 6);
    expect(th[1]).toBeCloseTo(1.1995760188, 6);
    expect(th[2]).toBeCloseTo(1.2983665625, 6);
  });

  it('SGD + L2 + momentum: b = μb + g + wd·θ', () => {
    // η = 0.1, μ = 0.9, wd = 0.01. Step 1: g = −0.99, b = −0.99 ⇒ θ₁ = 1.099.
    // Step 2: g = −0.901 + 0.01099 = −0.89001, b = −0.891 − 0.89001 = −1.78101 ⇒ θ₂ = 1.277101.
    const th = scalarRun('sgd', { momentum: 0.9, nesterov: false, weightDecay: 0.01 }, 2);
    expect(th[0]).toBeCloseTo(1.099, 6);
    expect(th[1]).toBeCloseTo(1.277101, 6);
  });

  it('weightDecay: false exempts a parameter', () => {
    // AdamW with the parameter exempt equals Adam without decay: θ₁ = 1 − 0.1/(1 + 1e-8).
    const v = { name: 'theta', variable: tf.variable(tf.scalar(1), true), weightDecay: false };
    const opt = createOptimizer('adamw', h, [v]);
    const g = tf.scalar(1);
    opt.step({ theta: g }, () => 0.1);
    expect(v.variable.dataSync()[0]).toBeCloseTo(0.9, 6);
    tf.dispose([g, v.variable]);
    opt.dispose();
  });
});

describe('per-parameter rates', () => {
  for (const kind of ['adamw', 'adam', 'sgd'] as const) {
    it(`${kind}: rate 0 freezes a parameter, rates 0.1 vs 0.2 double the first move`, () => {
      // Three identical scalars, identical gradients 0.5; rates 0, 0.1, 0.2. First-step move:
      // SGD η·g (μ buffer starts at g); Adam(W) η·m̂/(√v̂ + ε) = η·0.5/(0.5 + 1e-8) ≈ η. Either way ∝ η.
      const vars = ['a', 'b', 'c'].map((name) => ({ name, variable: tf.variable(tf.scalar(1), true) }));
      const opt = createOptimizer(kind, { weightDecay: 0.01 }, vars);
      const rates = new Map([['a', 0], ['b', 0.1], ['c', 0.2]]);
      for (let t = 0; t < 3; t++) {
        const g = { a: tf.scalar(0.5), b: tf.scalar(0.5), c: tf.scalar(0.5) };
        if (t === 0) {
          opt.step(g, rates);
          const [a, b, c] = vars.map((v) => v.variable.dataSync()[0]);
          expect(a).toBe(1); // bit-exact: θ + (−0)·u with wd term (1 − 0·wd) = 1
          expect(1 - b).toBeGreaterThan(0.04);
          expect((1 - c) / (1 - b)).toBeCloseTo(2, 5);
        } else {
          opt.step(g, rates);
        }
        tf.dispose(Object.values(g));
      }
      expect(vars[0].variable.dataSync()[0]).toBe(1);
      opt.dispose();
      vars.forEach((v) => v.variable.dispose());
    });
  }

  it('a Map without the parameter is an error and leaves every parameter untouched', () => {
    const vars = ['a', 'b'].map((name) => ({ name, variable: tf.variable(tf.scalar(1), true) }));
    const opt = createOptimizer('adamw', {}, vars);
    const g = { a: tf.scalar(1), b: tf.scalar(1) };
    expect(() => opt.step(g, new Map([['a', 0.1]]))).toThrow(/"b"/);
    expect(vars.map((v) => v.variable.dataSync()[0])).toEqual([1, 1]);
    tf.dispose(Object.values(g));
    opt.dispose();
    vars.forEach((v) => v.variable.dispose());
  });

  it('gradients keyed by tfjs variable name also work; missing gradients are skipped', () => {
    const vars = ['a', 'b'].map((name) => ({ name, variable: tf.variable(tf.scalar(1), true) }));
    const opt = createOptimizer('sgd', { momentum: 0 }, vars);
    const g = tf.scalar(1);
    opt.step({ [vars[0].variable.name]: g }, () => 0.25);
    expect(vars.map((v) => v.variable.dataSync()[0])).toEqual([0.75, 1]);
    g.dispose();
    opt.dispose();
    vars.forEach((v) => v.variable.dispose());
  });
});

describe('memory', () => {
  for (const [kind, hyper] of [
    ['adamw', { weightDecay: 0.1 }],
    ['adam', { weightDecay: 1e-4 }],
    ['sgd', { momentum: 0.9, nesterov: true, weightDecay: 5e-4 }],
  ] as const) {
    it(`${kind}: tf.memory().numTensors is flat across 300 steps; dispose frees the state`, () => {
      const p = problem(11);
      const vars = p.make();
      const before = tf.memory().numTensors;
      const opt: PerParamOptimizer = createOptimizer(kind, hyper, vars);
      const withState = tf.memory().numTensors;
      expect(withState - before).toBe(opt.stateVariables().length);
      const rates = new Map([['w', 0.01], ['b', 0.02]]);
      for (let t = 0; t < 300; t++) {
        const g = p.gradsOf(vars);
        opt.step(g, rates);
        tf.dispose(Object.values(g));
        if (t === 0 || t === 299) expect(tf.memory().numTensors).toBe(withState);
      }
      expect(opt.iterations).toBe(300);
      opt.dispose();
      expect(tf.memory().numTensors).toBe(before);
      expect(() => opt.step({}, rates)).toThrow(/dispose/);
      p.disposeAll(vars);
      p.disposeConsts();
    });
  }
});

describe('wiring: global schedule × TempBalance ratios → optimiser', () => {
  it('plain SGD moves each parameter by exactly η_t · ratio · g', () => {
    // Two blocks with α 2 and 6 ⇒ block ratios 0.5 and 1.5 (linear_map); embedding and head keep 1.
    // Schedule: linear warm-up W = 4 from 0 ⇒ η at step 2 = 0.1 · 2/4 = 0.05.
    const specs: ParamSpec[] = [
      { name: 'emb', block: null, layer: 'emb', role: 'embedding', esd: true },
      { name: 'b0.w', block: 0, layer: 'b0.w', role: 'matrix', esd: true },
      { name: 'b0.w.bias', block: 0, layer: 'b0.w', role: 'bias', esd: false },
      { name: 'b1.w', block: 1, layer: 'b1.w', role: 'matrix', esd: true },
      { name: 'head', block: null, layer: 'head', role: 'head', esd: true },
    ];
    const tbs = new TempBalanceScheduler(specs, { ...DEFAULT_TEMPBALANCE, unit: 'block' });
    tbs.update(0, [
      { name: 'emb', alpha: 9, n_eigs: 64, status: 'ok' },
      { name: 'b0.w', alpha: 2, n_eigs: 64, status: 'ok' },
      { name: 'b1.w', alpha: 6, n_eigs: 64, status: 'ok' },
      { name: 'head', alpha: 9, n_eigs: 64, status: 'ok' },
    ]);
    const schedule = { ...DEFAULT_SCHEDULE, kind: 'linear' as const, baseLr: 0.1, warmupSteps: 4 };
    const eta = globalLr(schedule, 2, 100);
    const vars = specs.map((s) => ({ name: s.name, variable: tf.variable(tf.scalar(1), true) }));
    const opt = createOptimizer('sgd', { momentum: 0 }, vars);
    const grads = Object.fromEntries(specs.map((s) => [s.name, tf.scalar(2)]));
    opt.step(grads, (name) => tbs.lr(name, eta));
    // Δθ = −η·ratio·g = −0.05 · (1, 0.5, 0.5, 1.5, 1) · 2 = −(0.1, 0.05, 0.05, 0.15, 0.1).
    const moved = vars.map((v) => 1 - v.variable.dataSync()[0]);
    [0.1, 0.05, 0.05, 0.15, 0.1].forEach((want, i) => expect(moved[i]).toBeCloseTo(want, 6));
    tf.dispose(Object.values(grads));
    opt.dispose();
    vars.forEach((v) => v.variable.dispose());
  });
});
