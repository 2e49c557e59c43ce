/**
 * Sharpness-Aware Minimization (Foret et al. 2021), the gradient half: SAM changes which gradient the
 * base optimiser sees, not the update rule, so any optimiser (and TempBalance's rates) sits on top.
 *
 *   g = ∇L(w);  ε = ρ · g / ‖g‖   (‖·‖ over all parameters together, + 1e-12 as in the reference code)
 *   g_SAM = ∇L(w + ε);  w is put back exactly (saved copies, not w + ε − ε, which would round)
 * The loss reported is L(w), from the first pass. ρ = 0 is one plain forward–backward pass.
 */
import * as tf from '@tensorflow/tfjs';

/** The loss and gradients of one step, keyed by tfjs variable name (what tf.variableGrads returns). */
export interface StepGradients {
  value: tf.Scalar;
  grads: tf.NamedTensorMap;
}

/**
 * Loss at w and the gradient SAM steps with. `loss` is evaluated twice when ρ > 0 (two forward–backward
 * passes). The caller owns and disposes `value` and `grads`; nothing else is left allocated.
 */
export function samGradients(loss: () => tf.Scalar, vars: readonly tf.Variable[], rho: number): StepGradients {
  if (!(rho >= 0) || !Number.isFinite(rho)) throw new Error(`SAM ρ must be a finite number ≥ 0, got ${rho}`);
  const first = tf.variableGrads(loss, [...vars]);
  if (rho === 0) return first;
  const saved = vars.map((v) => tf.clone(v));
  try {
    tf.tidy(() => {
      const gs = vars.map((v) => first.grads[v.name]);
      const sq = gs.filter((g): g is tf.Tensor => g !== undefined).map((g) => tf.sum(tf.square(g)));
      const norm = tf.sqrt(sq.length ? tf.addN(sq) : tf.scalar(0));
      const scale = tf.div(rho, tf.add(norm, 1e-12));
      vars.forEach((v, i) => {
        if (gs[i] !== undefined) v.assign(tf.add(v, tf.mul(gs[i], scale)));
      });
    });
    const second = tf.variableGrads(loss, [...vars]);
    second.value.dispose();
    tf.dispose(Object.values(first.grads));
    return { value: first.value, grads: second.grads };
  } finally {
    vars.forEach((v, i) => v.assign(saved[i]));
    tf.dispose(saved);
  }
}
