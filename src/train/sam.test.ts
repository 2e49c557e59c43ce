import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { samGradients } from './sam';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Quadratic L(w) = ½ Σ aᵢ (wᵢ − cᵢ)² over two parameters: ∇L = a ⊙ (w − c), so SAM's gradient is
// exactly a ⊙ (w + ρ g/‖g‖ − c), computable by hand.
const A = [[1, 2, 0.5], [3, 1.5]];
const C = [[0.2, -0.4, 1], [0.5, 0]];
const W0 = [[1, 1, -1], [-0.5, 2]];

function setup() {
  const vars = W0.map((w) => tf.tidy(() => tf.variable(tf.tensor1d(w), true)));
  const a = A.map((x) => tf.tensor1d(x));
  const c = C.map((x) => tf.tensor1d(x));
  const loss = () => tf.addN(vars.map((v, i) => tf.mul(0.5, tf.sum(tf.mul(a[i], tf.square(tf.sub(v, c[i]))))))) as tf.Scalar;
  const dispose = () => tf.dispose([...vars, ...a, ...c]);
  return { vars, loss, dispose };
}

describe('samGradients', () => {
  it('is ∇L(w + ρ g/‖g‖) on a quadratic, reports L(w) and puts w back exactly', () => {
    const rho = 0.3;
    const g = W0.map((w, p) => w.map((x, i) => A[p][i] * (x - C[p][i])));
    const norm = Math.sqrt(g.flat().reduce((s, x) => s + x * x, 0));
    const expected = W0.map((w, p) => w.map((x, i) => A[p][i] * (x + (rho * g[p][i]) / norm - C[p][i])));
    const loss0 = W0.reduce((s, w, p) => s + w.reduce((t, x, i) => t + 0.5 * A[p][i] * (x - C[p][i]) ** 2, 0), 0);

    const { vars, loss, dispose } = setup();
    const before = tf.memory().numTensors;
    const { value, grads } = samGradients(loss, vars, rho);
    expect(value.dataSync()[0]).toBeCloseTo(loss0, 5);
    vars.forEach((v, p) => {
      const got = grads[v.name].dataSync();
      expected[p].forEach((x, i) => expect(got[i]).toBeCloseTo(x, 5));
      expect(Array.from(v.dataSync())).toEqual(Array.from(Float32Array.from(W0[p])));
    });
    // SAM's gradient differs from the plain one (the test would catch a skipped second pass).
    expect(Math.abs(grads[vars[0].name].dataSync()[0] - g[0][0])).toBeGreaterThan(0.01);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    dispose();
  });

  it('ρ = 0 is the plain gradient (one pass); a bad ρ is refused', () => {
    const { vars, loss, dispose } = setup();
    let calls = 0;
    const counted = () => {
      calls++;
      return loss();
    };
    const { value, grads } = samGradients(counted, vars, 0);
    expect(calls).toBe(1);
    expect(grads[vars[1].name].dataSync()[0]).toBeCloseTo(A[1][0] * (W0[1][0] - C[1][0]), 6);
    tf.dispose([value, ...Object.values(grads)]);
    const two = samGradients(counted, vars, 0.1);
    expect(calls).toBe(3);
    tf.dispose([two.value, ...Object.values(two.grads)]);
    expect(() => samGradients(loss, vars, -1)).toThrow(/SAM ρ must be/);
    dispose();
  });
});
