/**
 * LARS (You, Gitman & Ginsburg 2017, "Large Batch Training of Convolutional Networks", Algorithm 1)
 * with a learning rate per parameter. Each parameter tensor is one layer of the paper.
 *
 * Per parameter w with gradient g, rate γ (the global rate of the paper, here per parameter):
 *   λ = η_trust · ‖w‖ / (‖g‖ + β‖w‖)     (local LR; 1 when ‖w‖ or ‖g‖ is 0; β = wd, η_trust = trust)
 *   b ← μ·b + γ·λ·(g + β·w)             (b starts at 0; μ = momentum; β·w only where decay applies)
 *   w ← w − b
 * TempBalance on top multiplies γ. The published trust coefficient is 0.001, so useful global rates
 * are of order 1 (the paper trains AlexNet with γ up to 10s).
 */
import * as tf from '@tensorflow/tfjs';
import { createPerParamOptimizer, decays, zeroStateLike, type Slot } from './perParam';
import { assertUniqueNames, type NamedVariable, type OptimizerHyper, type PerParamOptimizer } from './types';

interface LarsSlot extends Slot {
  decay: boolean;
  buf: tf.Variable;
}

/** LARS over `variables`. */
export function createLars(
  hyper: Pick<OptimizerHyper, 'momentum' | 'weightDecay' | 'trust'>,
  variables: readonly NamedVariable[],
): PerParamOptimizer {
  assertUniqueNames(variables);
  const { momentum: mu, weightDecay: wd, trust } = hyper;
  if (!(trust > 0)) throw new Error(`LARS trust coefficient must be positive, got ${trust}`);
  const slots: LarsSlot[] = variables.map((param) => ({ param, decay: decays(param, wd), buf: zeroStateLike(param) }));

  const update = (s: LarsSlot, g: tf.Tensor, lr: number): void => {
    const w = s.param.variable;
    const beta = s.decay ? wd : 0;
    const wNorm = tf.norm(w);
    const gNorm = tf.norm(g);
    const ok = tf.logicalAnd(tf.greater(wNorm, 0), tf.greater(gNorm, 0));
    const denom = tf.add(gNorm, tf.mul(wNorm, beta));
    // Safe denominator: the branch not taken must not produce Inf/NaN.
    const local = tf.where(ok, tf.div(tf.mul(wNorm, trust), tf.where(ok, denom, tf.onesLike(denom))), tf.onesLike(wNorm));
    const direction = beta > 0 ? tf.add(g, tf.mul(w, beta)) : g;
    const b = tf.add(tf.mul(s.buf, mu), tf.mul(direction, tf.mul(local, lr)));
    s.buf.assign(b);
    w.assign(tf.sub(w, b));
  };

  return createPerParamOptimizer({ kind: 'lars', slots, update, stateOf: (s) => [s.buf] });
}
