/**
 * Adam and AdamW with a learning rate per parameter (Kingma & Ba 2015; Loshchilov & Hutter 2019).
 *
 * Per parameter with step count t, gradient g, rate η:
 *   'adam' + wd:  g ← g + wd·θ                        (L2 penalty, PyTorch Adam `weight_decay`)
 *   'adamw':      θ ← θ·(1 − η·wd)                    (decoupled, PyTorch AdamW; uses this parameter's η)
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 *   θ ← θ − η · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε)
 * With wd = 0 and equal rates this is tf.train.adam's update, op for op (bias corrections divide the
 * moments, ε is added to √v̂), so the two agree to float32 rounding. The bias corrections are computed
 * in float64 in JS: tfjs keeps β^t in a float32 variable, which differs by < 1e-7 relative.
 * t counts the steps this parameter actually received a gradient (PyTorch's per-parameter `step`).
 */
import * as tf from '@tensorflow/tfjs';
import { createPerParamOptimizer, decays, zeroStateLike, type Slot } from './perParam';
import { assertUniqueNames, type NamedVariable, type OptimizerHyper, type PerParamOptimizer } from './types';

interface AdamSlot extends Slot {
  decay: boolean;
  /** First moment, same shape as the parameter. */
  m: tf.Variable;
  /** Second moment, same shape as the parameter. */
  v: tf.Variable;
  t: number;
}

/** Adam ('adam', L2 or no decay) or AdamW ('adamw', decoupled decay) over `variables`. */
export function createAdam(
  kind: 'adam' | 'adamw',
  hyper: Pick<OptimizerHyper, 'beta1' | 'beta2' | 'epsilon' | 'weightDecay'>,
  variables: readonly NamedVariable[],
): PerParamOptimizer {
  assertUniqueNames(variables);
  const { beta1, beta2, epsilon, weightDecay: wd } = hyper;
  // Moments start at zero.
  const slots: AdamSlot[] = variables.map((param) => ({
    param,
    decay: decays(param, wd),
    m: zeroStateLike(param),
    v: zeroStateLike(param),
    t: 0,
  }));

  const update = (s: AdamSlot, g0: tf.Tensor, lr: number): void => {
    s.t += 1;
    const bc1 = 1 - Math.pow(beta1, s.t);
    const bc2 = 1 - Math.pow(beta2, s.t);
    const theta = s.param.variable;
    const g = kind === 'adam' && s.decay ? tf.add(g0, tf.mul(theta, wd)) : g0;
    const m = tf.add(tf.mul(s.m, beta1), tf.mul(g, 1 - beta1));
    const v = tf.add(tf.mul(s.v, beta2), tf.mul(tf.square(g), 1 - beta2));
    s.m.assign(m);
    s.v.assign(v);
    const normalised = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), epsilon));
    const decayed = kind === 'adamw' && s.decay ? tf.mul(theta, 1 - lr * wd) : theta;
    theta.assign(tf.add(tf.mul(normalised, -lr), decayed));
  };

  return createPerParamOptimizer({
    kind,
    slots,
    update,
    stateOf: (s) => [s.m, s.v],
    // t counts the steps this parameter received a gradient; saved so a restored run's bias corrections continue.
    counter: { get: (s) => s.t, set: (s, t) => (s.t = t) },
  });
}
