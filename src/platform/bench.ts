/**
 * A tiny, fixed tfjs workload to compare backends in the browser (page or worker), and a matMul
 * correctness check against a float64 JavaScript reference. Runs on whatever backend is active.
 *
 * The workload is the two kernels our models spend their time in: a dense 256×256 matMul and a 1-D
 * convolution written as im2col + matMul (the form that trains on wasm, see src/models/ops.ts).
 * Every iteration ends with an async read-back of a scalar, so GPU backends are timed to completion,
 * not to command submission. Never `dataSync()`: on webgpu it is a canvas-based emulation, and in
 * Chromium 156 + SwiftShader every later `await data()` then fails ("A valid external Instance
 * reference no longer exists", docs/BACKENDS.md).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '../math/random';
import { conv1dIm2col } from '../models/ops';

/** Shapes of the benchmark workload; fixed so numbers stay comparable across runs and backends. */
export const BENCH_SHAPES = {
  /** [n, n] × [n, n] */
  matMul: 256,
  /** conv input [batch, length, cIn], kernel [k, cIn, cOut] */
  conv: { batch: 16, length: 128, cIn: 32, k: 5, cOut: 64 },
} as const;

export interface BenchOptions {
  /** Timed iterations (default 20). */
  iterations?: number;
  /** Untimed iterations first: shader compilation, XNNPACK packing, thread start-up (default 3). */
  warmup?: number;
  seed?: number;
  /** Side of the square matMul (default BENCH_SHAPES.matMul = 256); larger sizes show thread scaling. */
  matMulSize?: number;
}

/** Milliseconds per iteration (median of the timed iterations) and the derived rates. */
export interface BenchResult {
  backend: string;
  iterations: number;
  matMulSize: number;
  matMulMs: number;
  convMs: number;
  /** One step = one matMul + one conv. */
  stepsPerSec: number;
  /** Tensors alive after the run minus before: must be 0 (nothing leaked). */
  leakedTensors: number;
}

/** Time the fixed workload on the active backend. */
export async function benchActiveBackend(options: BenchOptions = {}): Promise<BenchResult> {
  const iterations = options.iterations ?? 20;
  const warmup = options.warmup ?? 3;
  await tf.ready();
  const before = tf.memory().numTensors;
  const rng = createRng(options.seed ?? 1).fork('bench');
  const n = options.matMulSize ?? BENCH_SHAPES.matMul;
  const c = BENCH_SHAPES.conv;
  const a = tf.tensor2d(randomArray(rng, n * n), [n, n]);
  const b = tf.tensor2d(randomArray(rng, n * n), [n, n]);
  const x = tf.tensor3d(randomArray(rng, c.batch * c.length * c.cIn), [c.batch, c.length, c.cIn]);
  const kernel = tf.tensor3d(randomArray(rng, c.k * c.cIn * c.cOut), [c.k, c.cIn, c.cOut]);
  let timing: { matMulMs: number; convMs: number };
  try {
    const matMulOnce = () => readBack(() => tf.matMul(a, b).sum()); // [n, n] → scalar
    const convOnce = () => readBack(() => conv1dIm2col(x, kernel, 'same').sum()); // [batch, length, cOut] → scalar
    timing = { matMulMs: await timeMedian(matMulOnce, warmup, iterations), convMs: await timeMedian(convOnce, warmup, iterations) };
  } finally {
    tf.dispose([a, b, x, kernel]);
  }
  return {
    backend: tf.getBackend(),
    iterations,
    matMulSize: n,
    ...timing,
    stepsPerSec: 1000 / (timing.matMulMs + timing.convMs),
    leakedTensors: tf.memory().numTensors - before,
  };
}

/** Run `f` in a tidy scope, wait for its (small) result on the CPU, free it. */
async function readBack(f: () => tf.Tensor): Promise<void> {
  const t = tf.tidy(f);
  try {
    await t.data();
  } finally {
    t.dispose();
  }
}

/** Median wall time in ms of `fn` over `iterations` calls, after `warmup` untimed calls. */
async function timeMedian(fn: () => Promise<unknown>, warmup: number, iterations: number): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((p, q) => p - q);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}

function randomArray(rng: Rng, size: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.uniform(-1, 1);
  return out;
}

/** Result of {@link verifyMatMul}. */
export interface MatMulCheck {
  backend: string;
  /** max |C_backend − C_ref| / max |C_ref| over all entries. */
  relError: number;
}

/**
 * Multiply two seeded matrices on the active backend and compare with a float64 triple loop.
 * float32 accumulation over k terms of size ≤ 1 gives errors ~k·2⁻²⁴ relative: 1e-5 is a loose bound.
 */
export async function verifyMatMul(m = 17, k = 33, n = 9, seed = 3): Promise<MatMulCheck> {
  await tf.ready();
  const rng = createRng(seed).fork('verify-matmul');
  const a = randomArray(rng, m * k);
  const b = randomArray(rng, k * n);
  const ref = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a[i * k + t] * b[t * n + j];
      ref[i * n + j] = s;
    }
  }
  const product = tf.tidy(() => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])));
  const got = await product.data();
  product.dispose();
  let maxErr = 0;
  let maxRef = 0;
  for (let i = 0; i < ref.length; i++) {
    maxErr = Math.max(maxErr, Math.abs(got[i] - ref[i]));
    maxRef = Math.max(maxRef, Math.abs(ref[i]));
  }
  return { backend: tf.getBackend(), relError: maxErr / maxRef };
}
