/**
 * LAMB (You et al. 2020, "Large Batch Optimization for Deep Learning: Training BERT in 76 minutes",
 * Algorithm 2) with a learning rate per parameter. Each parameter tensor is one "layer" of the paper.
 *
 * Per parameter θ with step count t, gradient g, rate η:
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²,   m̂ = m / (1 − β1ᵗ),   v̂ = v / (1 − β2ᵗ)
 *   r = m̂ / (√v̂ + ε) + wd·θ                           (wd only on parameters that take decay)
 *   trust = ‖θ‖ / ‖r‖   (φ = identity; 1 when either norm is 0, as in the reference implementations)
 *   θ ← θ − η · trust · r
 * The layer-wise trust ratio is what the NeurIPS 2023 TempBalance paper compares against; TempBalance
 * on top multiplies η.
 */
import * as tf from '@tensorflow/tfjs';
import { createPerParamOptimizer, decays, zeroStateLike, type Slot } from './perParam';
import { assertUniqueNames, type NamedVariable, type OptimizerHyper, type PerParamOptimizer } from './types';

interface LambSlot extends Slot {
  decay: boolean;
  m: tf.Variable;
  v: tf.Variable;
  t: number;
}

/**
 * ‖a‖ / ‖b‖, or 1 when either norm is 0 (a zero-initialised bias, or a zero update), kept on the
 * device so a step never waits for a GPU read.
 */
export function trustRatio(numerator: tf.Tensor, denominator: tf.Tensor): tf.Tensor {
  const a = tf.norm(numerator);
  const b = tf.norm(denominator);
  const ok = tf.logicalAnd(tf.greater(a, 0), tf.greater(b, 0));
  // Divide by a safe denominator so the branch not taken never makes Inf/NaN.
  return tf.where(ok, tf.div(a, tf.where(ok, b, tf.onesLike(b))), tf.onesLike(a));
}

/** LAMB over `variables`. */
export function createLamb(
  hyper: Pick<OptimizerHyper, 'beta1' | 'beta2' | 'epsilon' | 'weightDecay'>,
  variables: readonly NamedVariable[],
): PerParamOptimizer {
  assertUniqueNames(variables);
  const { beta1, beta2, epsilon, weightDecay: wd } = hyper;
  const slots: LambSlot[] = variables.map((param) => ({ param, decay: decays(param, wd), m: zeroStateLike(param), v: zeroStateLike(param), t: 0 }));

  const update = (s: LambSlot, g: tf.Tensor, lr: number): void => {
    s.t += 1;
    const theta = s.param.variable;
    const m = tf.add(tf.mul(s.m, beta1), tf.mul(g, 1 - beta1));
    const v = tf.add(tf.mul(s.v, beta2), tf.mul(tf.square(g), 1 - beta2));
    s.m.assign(m);
    s.v.assign(v);
    const adam = tf.div(tf.div(m, 1 - Math.pow(beta1, s.t)), tf.add(tf.sqrt(tf.div(v, 1 - Math.pow(beta2, s.t))), epsilon));
    const r = s.decay ? tf.add(adam, tf.mul(theta, wd)) : adam;
    theta.assign(tf.sub(theta, tf.mul(r, tf.mul(trustRatio(theta, r), lr))));
  };

  return createPerParamOptimizer({
    kind: 'lamb',
    slots,
    update,
    stateOf: (s) => [s.m, s.v],
    counter: { get: (s) => s.t, set: (s, t) => (s.t = t) },
  });
}
