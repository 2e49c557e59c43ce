/**
 * SGD with optional (Nesterov) momentum and L2 weight decay, a learning rate per parameter.
 * The NeurIPS TempBalance image experiments use SGD with momentum and cosine decay.
 *
 * Per parameter with gradient g and rate η (PyTorch SGD, dampening 0; tf.train.momentum):
 *   g ← g + wd·θ                               (if wd > 0)
 *   b ← μ·b + g                                (b starts at 0, so the first b is g, as in PyTorch)
 *   θ ← θ − η·b            or, Nesterov:  θ ← θ − η·(g + μ·b)
 * With μ = 0 there is no buffer and θ ← θ − η·g (tf.train.sgd).
 */
import * as tf from '@tensorflow/tfjs';
import { createPerParamOptimizer, decays, zeroStateLike, type Slot } from './perParam';
import { assertUniqueNames, type NamedVariable, type OptimizerHyper, type PerParamOptimizer } from './types';

interface SgdSlot extends Slot {
  decay: boolean;
  /** Momentum buffer, same shape as the parameter; null without momentum. */
  buf: tf.Variable | null;
}

/** SGD over `variables`; momentum 0 gives plain SGD. */
export function createSgd(
  hyper: Pick<OptimizerHyper, 'momentum' | 'nesterov' | 'weightDecay'>,
  variables: readonly NamedVariable[],
): PerParamOptimizer {
  assertUniqueNames(variables);
  const { momentum: mu, nesterov, weightDecay: wd } = hyper;
  if (nesterov && !(mu > 0)) throw new Error('Nesterov momentum needs momentum > 0');
  const slots: SgdSlot[] = variables.map((param) => ({
    param,
    decay: decays(param, wd),
    buf: mu > 0 ? zeroStateLike(param) : null,
  }));

  const update = (s: SgdSlot, g0: tf.Tensor, lr: number): void => {
    const theta = s.param.variable;
    const g = s.decay ? tf.add(g0, tf.mul(theta, wd)) : g0;
    let direction = g;
    if (s.buf !== null) {
      const b = tf.add(tf.mul(s.buf, mu), g);
      s.buf.assign(b);
      direction = nesterov ? tf.add(g, tf.mul(b, mu)) : b;
    }
    theta.assign(tf.add(tf.mul(direction, -lr), theta));
  };

  return createPerParamOptimizer({
    kind: 'sgd',
    slots,
    update,
    stateOf: (s) => (s.buf === null ? [] : [s.buf]),
  });
}
