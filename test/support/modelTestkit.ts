/**
 * Helpers for the model tests (not used by the app): seeded random tensors, a smooth scalar loss,
 * and the checks every model builder must pass (gradients against finite differences, seeding,
 * no tensor leaks). Kept out of *.test.ts so each test file stays short and says only what differs.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect } from 'vitest';
import type { Rng } from '../../src/math/random';
import { checkGradients, type GradCheckEntry, type GradCheckOptions } from './gradcheck';
import type { TrainableModel } from '../../src/models/types';

/** Run the file's tests on the cpu backend: deterministic kernels and no device to wait for. */
export function useCpuBackend(): void {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
}

/** Float32 tensor of standard-normal values × scale from a seeded RNG. */
export function randomTensor(rng: Rng, shape: number[], scale = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = rng.normal() * scale;
  return tf.tensor(values, shape, 'float32');
}

/** tf.Variable of random values (for gradient checks of bare ops). */
export function randomVariable(rng: Rng, shape: number[], name: string, scale = 1): tf.Variable {
  const t = randomTensor(rng, shape, scale);
  const v = tf.variable(t, true, name);
  t.dispose();
  return v;
}

/**
 * A smooth, non-degenerate scalar loss of an output: Σ y ⊙ R with a fixed random R. Linear in y, so
 * its gradient is R itself and finite differences see only the model's own curvature.
 */
export function projectionLoss(y: tf.Tensor, r: tf.Tensor): tf.Scalar {
  return tf.sum(tf.mul(y, r));
}

/** Largest |a − b| over two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Largest |a| over an array. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/**
 * checkGradients, then expect every sampled coordinate within 1 % of its finite difference (the
 * tolerance gradcheck.ts's Richardson extrapolation reaches in float32). Returns the entries.
 */
export function expectGradientsMatch(
  loss: () => tf.Scalar,
  variables: tf.Variable[],
  rng: Rng,
  options: GradCheckOptions,
): GradCheckEntry[] {
  const entries = checkGradients(loss, variables, rng, options);
  for (const e of entries) expect(e.relError, JSON.stringify(e)).toBeLessThan(1e-2);
  return entries;
}

/**
 * Whole-model gradient check of a PDE model: input of `inShape` and projection of `outShape` drawn
 * from `rng` (in that order), 2 coordinates per parameter, loss in training mode.
 */
export function expectModelGradientsMatch(model: TrainableModel, rng: Rng, inShape: number[], outShape: number[]): void {
  const x = randomTensor(rng, inShape);
  const proj = randomTensor(rng, outShape);
  const loss = () => projectionLoss(model.apply(x, true), proj);
  expectGradientsMatch(loss, model.params.map((p) => p.variable), rng, { coordsPerVariable: 2 });
  tf.dispose([x, proj]);
}

/**
 * Seeding of a model builder: seed 5 twice gives bit-identical initial weights, seed 6 a first
 * parameter at least 0.01 away somewhere.
 */
export function expectSeededInit(build: (seed: number) => TrainableModel): void {
  const [a, b, c] = [build(5), build(5), build(6)];
  a.params.forEach((p, i) => expect(maxAbsDiff(p.variable.dataSync(), b.params[i].variable.dataSync())).toBe(0));
  expect(maxAbsDiff(a.params[0].variable.dataSync(), c.params[0].variable.dataSync())).toBeGreaterThan(0.01);
  [a, b, c].forEach((m) => m.dispose());
}

/** One plain gradient-descent step θ ← θ − lr·∇θ loss over `vars`, inside tidy. */
export function sgdStep(loss: () => tf.Scalar, vars: tf.Variable[], lr: number): void {
  tf.tidy(() => {
    const { grads } = tf.variableGrads(loss, vars);
    for (const v of vars) v.assign(tf.sub(v, tf.mul(lr, grads[v.name])));
  });
}

/**
 * Tensor-leak check: `setup` allocates a model and its data and returns one training step and a
 * disposer. After one warm-up step (lazily cached tensors may appear then), `steps` more steps must
 * leave tf.memory().numTensors unchanged, and disposing must return it to where it was before setup.
 */
export function expectNoTensorLeaks(setup: () => { step: () => void; dispose: () => void }, steps = 50): void {
  const before0 = tf.memory().numTensors;
  const { step, dispose } = setup();
  step();
  const before = tf.memory().numTensors;
  for (let i = 0; i < steps; i++) step();
  expect(tf.memory().numTensors).toBe(before);
  dispose();
  expect(tf.memory().numTensors).toBe(before0);
}

/**
 * expectNoTensorLeaks for a PDE model: MSE against a random target, plain SGD at rate 1e-3. `build`
 * runs inside the check so the model's own tensors are counted; input and target of `inShape` and
 * `outShape` are drawn from `rng` after it.
 */
export function expectNoPdeTrainingLeaks(build: () => TrainableModel, rng: Rng, inShape: number[], outShape: number[]): void {
  expectNoTensorLeaks(() => {
    const model = build();
    const x = randomTensor(rng, inShape);
    const y = randomTensor(rng, outShape);
    const vars = model.params.map((p) => p.variable);
    const loss = () => tf.losses.meanSquaredError(y, model.apply(x, true)) as tf.Scalar;
    return {
      step: () => sgdStep(loss, vars, 1e-3),
      dispose: () => {
        tf.dispose([x, y]);
        model.dispose();
      },
    };
  });
}
