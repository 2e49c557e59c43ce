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

interface SgdSlot {
  param: NamedVariable;
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
    decay: param.weightDecay !== false && wd !== 0,
    buf: mu > 0 ? tf.tidy(() => tf.zerosLike(param.variable).variable(false)) : null,
  }));
  let iterations = 0;
  let disposed = false;

  const stepOne = (s: SgdSlot, g0: tf.Tensor, lr: number): void => {
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

  return {
    kind: 'sgd',
    get iterations() {
      return iterations;
    },
    step(grads: tf.NamedTensorMap, lrs: RateSource): void {
      if (disposed) throw new Error('Optimizer used after dispose()');
      const work: { s: SgdSlot; g: tf.Tensor; lr: number }[] = [];
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
      return slots.flatMap((s) => (s.buf === null ? [] : [s.buf]));
    },
    async readState(): Promise<OptimizerState> {
      return { kind: 'sgd', iterations, counters: [], values: await readVariables(this.stateVariables()) };
    },
    writeState(state: OptimizerState): void {
      if (state.kind !== 'sgd') throw new Error(`optimizer state is for ${state.kind}, not sgd`);
      writeVariables(this.stateVariables(), state.values, (v, x) => tf.tidy(() => v.assign(tf.tensor(x, v.shape))));
      iterations = state.iterations;
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      for (const s of slots) s.buf?.dispose();
    },
  };
}
