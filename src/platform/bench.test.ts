/**
 * The benchmark helpers on tfjs's cpu backend in Node (the browser backends are covered by
 * e2e/backend.spec.ts): the correctness check must accept a correct matMul and reject a wrong one,
 * and a benchmark run must leave no tensor behind.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchActiveBackend, verifyMatMul } from './bench';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('verifyMatMul', () => {
  it('agrees with the float64 reference to float32 precision on a correct backend', async () => {
    const check = await verifyMatMul();
    expect(check.backend).toBe('cpu');
    expect(check.relError).toBeLessThan(1e-6);
    expect(check.relError).toBeGreaterThan(0); // float32 rounding is visible: the comparison is real
  });

  describe('with a broken matMul kernel', () => {
    // Swap the cpu BatchMatMul kernel for one that transposes B first: a plausible indexing bug.
    const original = tf.getKernel('BatchMatMul', 'cpu')!;
    beforeAll(() => {
      tf.unregisterKernel('BatchMatMul', 'cpu');
      tf.registerKernel({
        ...original,
        kernelFunc: (args) => {
          const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
          const backend = args.backend as tf.KernelBackend;
          const bT = tf.tidy(() => {
            const t = tf.engine().makeTensorFromTensorInfo(b);
            return tf.reverse(t, -1); // columns in the wrong order
          });
          const out = original.kernelFunc({ ...args, inputs: { a, b: bT }, backend });
          bT.dispose();
          return out;
        },
      });
    });
    afterAll(() => {
      tf.unregisterKernel('BatchMatMul', 'cpu');
      tf.registerKernel(original);
    });

    it('reports a large error', async () => {
      expect((await verifyMatMul()).relError).toBeGreaterThan(0.1);
    });
  });
});

describe('benchActiveBackend', () => {
  it('times the fixed workload and leaks no tensor', async () => {
    const r = await benchActiveBackend({ iterations: 1, warmup: 1, matMulSize: 32 });
    expect(r.backend).toBe('cpu');
    expect(r.matMulSize).toBe(32);
    expect(r.leakedTensors).toBe(0);
    expect(r.matMulMs).toBeGreaterThan(0);
    expect(r.stepsPerSec).toBeCloseTo(1000 / (r.matMulMs + r.convMs), 9);
  });
});
