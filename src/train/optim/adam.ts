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
import {
  assertUniqueNames,
  gradOf,
  rateOf,
  readVariables,
  writeVariables,
  type OptimizerState,
  type NamedVariable,
  type OptimizerHyper,
  type PerParamOptimizer,
  type RateSource,
} from './types';

interface AdamSlot {
  param: NamedVariable;
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
  // Moments start at zero; created inside tidy so the zerosLike temporaries are freed.
  const slots: AdamSlot[] = variables.map((param) => ({
    param,
    decay: param.weightDecay !== false && wd !== 0,
    m: tf.tidy(() => tf.zerosLike(param.variable).variable(false)),
    v: tf.tidy(() => tf.zerosLike(param.variable).variable(false)),
    t: 0,
  }));
  let iterations = 0;
  let disposed = false;

  const stepOne = (s: AdamSlot, g0: tf.Tensor, lr: number): void => {
    s.t += 1;
    const bc1 = 1 - Math.pow(beta1, s.t);
    const bc2 = 1 - Math.pow(beta2, s.t);
    const theta = s.param.variable;
    const g = kind === 'adam' && s.decay ? tf.add(g0, tf.mul(theta, wd)) : g0;
    const m = tf.add(tf.mul(s.m, beta1), tf.mul(g, 1 - beta1));
    const v = tf.add(tf.mul(s.v, beta2), tf.mul(tf.square(g), 1 - beta2));
    s.m.assign(m);
    s.v.assign(v);
    const update = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), epsilon));
    const decayed = kind === 'adamw' && s.decay ? tf.mul(theta, 1 - lr * wd) : theta;
    theta.assign(tf.add(tf.mul(update, -lr), decayed));
  };

  return {
    kind,
    get iterations() {
      return iterations;
    },
    step(grads: tf.NamedTensorMap, lrs: RateSource): void {
      if (disposed) throw new Error('Optimizer used after dispose()');
      // Resolve every rate before touching any tensor: a missing rate must not leave a half-step.
      const work: { s: AdamSlot; g: tf.Tensor; lr: number }[] = [];
      for (const s of slots) {
        const g = gradOf(grads, s.param);
        if (g !== undefined) work.push({ s, g, lr: rateOf(lrs, s.param.name) });
      }
      tf.tidy(() => {
        for (const w of work) stepOne(w.s, w.g, w.lr);
      });
      iterations += 1;
    },
    stateVariables(): tf.Variable[] {
      return slots.flatMap((s) => [s.m, s.v]);
    },
    async readState(): Promise<OptimizerState> {
      return { kind, iterations, counters: slots.map((s) => s.t), values: await readVariables(this.stateVariables()) };
    },
    writeState(state: OptimizerState): void {
      if (state.kind !== kind || state.counters.length !== slots.length) throw new Error(`optimizer state is for ${state.kind} over ${state.counters.length} parameters`);
      writeVariables(this.stateVariables(), state.values, (v, x) => tf.tidy(() => v.assign(tf.tensor(x, v.shape))));
      slots.forEach((s, i) => (s.t = state.counters[i]));
      iterations = state.iterations;
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      for (const s of slots) {
        s.m.dispose();
        s.v.dispose();
      }
    },
  };
}
