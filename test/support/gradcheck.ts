/**
 * Gradient check against central finite differences, for the model tests (test-only).
 *
 * Float32 caveat (why the defaults are what they are): with loss L of order 1–10 and machine epsilon
 * ε ≈ 6e-8, the central difference D(h) = (L(θ+h) − L(θ−h)) / 2h carries a round-off error ≈ ε·|L|/h
 * and a truncation error ≈ h²·|L'''|/6. With h = 1e-2 the round-off is ~1e-5–1e-4, but in deep models
 * the truncation error reached 1 % (seen on a transformer's position embedding). So we use Richardson
 * extrapolation, (4·D(h/2) − D(h))/3, which cancels the h² term (error O(h⁴)) at ~3× the round-off.
 * The step also has to be small against the scale on which the loss varies: a transformer's 0.02-scale
 * embeddings pass through LayerNorm, which divides by their ~0.03 standard deviation, so h = 1e-2 is
 * not "small" there (measured: 1.3 % error); pass a per-variable step (e.g. 2e-3 for embeddings).
 * Shrinking h everywhere instead costs accuracy through round-off (FNO spectral weights: 1.8 %).
 * Gradients smaller than `atol` (default 1e-2; e.g. exactly-zero ones such as the key bias of attention,
 * which softmax cancels) are compared in absolute terms: |analytic − numeric| / atol.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/math/random';

/** One checked coordinate. */
export interface GradCheckEntry {
  variable: string;
  index: number;
  analytic: number;
  numeric: number;
  /** |analytic − numeric| / max(|analytic|, |numeric|, atol). */
  relError: number;
}

/** Options of checkGradients. */
export interface GradCheckOptions {
  /** Coordinates sampled per variable (uniformly, with the rng). Default 3. */
  coordsPerVariable?: number;
  /** Finite-difference step, or a step per variable. Default 1e-2. */
  h?: number | ((v: tf.Variable) => number);
  /** Absolute floor of the relative-error denominator. Default 1e-2. */
  atol?: number;
}

function lossAt(loss: () => tf.Scalar): number {
  return tf.tidy(() => loss().dataSync()[0]);
}

/**
 * Compare tf.variableGrads of `loss` with central finite differences on a few random coordinates
 * of each variable. Variables are restored exactly afterwards. Uses dataSync (test utility only).
 */
export function checkGradients(
  loss: () => tf.Scalar,
  variables: tf.Variable[],
  rng: Rng,
  options: GradCheckOptions = {},
): GradCheckEntry[] {
  const coords = options.coordsPerVariable ?? 3;
  const atol = options.atol ?? 1e-2;
  const { value, grads } = tf.variableGrads(loss, variables);
  value.dispose();
  const entries: GradCheckEntry[] = [];
  for (const v of variables) {
    const g = grads[v.name].dataSync();
    const original = Float32Array.from(v.dataSync());
    const h = typeof options.h === 'function' ? options.h(v) : (options.h ?? 1e-2);
    const picks = new Set<number>();
    while (picks.size < Math.min(coords, original.length)) picks.add(rng.int(original.length));
    for (const index of picks) {
      const probe = (delta: number): number => {
        const values = Float32Array.from(original);
        values[index] += delta;
        tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
        return lossAt(loss);
      };
      const central = (step: number): number => (probe(step) - probe(-step)) / (2 * step);
      const numeric = (4 * central(h / 2) - central(h)) / 3;
      const analytic = g[index];
      const relError = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), atol);
      entries.push({ variable: v.name, index, analytic, numeric, relError });
    }
    tf.tidy(() => v.assign(tf.tensor(original, v.shape)));
  }
  tf.dispose(Object.values(grads));
  return entries;
}
