/**
 * What every per-parameter-rate optimiser does besides its update rule: resolve each parameter's
 * gradient and rate before any tensor is touched, count iterations, refuse use after dispose, and
 * read, write and free its state variables. adam.ts and sgd.ts supply only the rule (`UpdateRule`),
 * so the contract of `PerParamOptimizer` (types.ts) is kept in one place.
 */
import * as tf from '@tensorflow/tfjs';
import {
  gradOf,
  rateOf,
  readVariables,
  writeVariables,
  type NamedVariable,
  type OptimizerKind,
  type OptimizerState,
  type PerParamOptimizer,
  type RateSource,
} from './types';

/** One parameter's optimiser state; the rule adds its moments or buffers. */
export interface Slot {
  param: NamedVariable;
}

/** An update rule: the part of an optimiser that differs between kinds. */
export interface UpdateRule<S extends Slot> {
  readonly kind: OptimizerKind;
  /** One slot per parameter, in parameter order (the order of the saved state). */
  readonly slots: readonly S[];
  /** Update one parameter in place with its gradient and rate; called inside `tf.tidy`. */
  update(slot: S, grad: tf.Tensor, lr: number): void;
  /** The slot's state variables, in a fixed order (empty if it keeps none). */
  stateOf(slot: S): tf.Variable[];
  /**
   * A per-parameter step counter saved with the state (Adam's bias-correction t). Without one the
   * saved `counters` are empty and only the kind is checked when the state is written back.
   */
  readonly counter?: { get(slot: S): number; set(slot: S, t: number): void };
}

/** Whether a parameter takes weight decay: not if it is exempt (biases, norms) or the decay is 0. */
export function decays(param: NamedVariable, weightDecay: number): boolean {
  return param.weightDecay !== false && weightDecay !== 0;
}

/** A zero state variable shaped like the parameter; inside tidy so the zerosLike temporary is freed. */
export function zeroStateLike(param: NamedVariable): tf.Variable {
  return tf.tidy(() => tf.zerosLike(param.variable).variable(false));
}

/** The optimiser that applies `rule` to every parameter with a gradient, at that parameter's rate. */
export function createPerParamOptimizer<S extends Slot>(rule: UpdateRule<S>): PerParamOptimizer {
  const { kind, slots, counter } = rule;
  let iterations = 0;
  let disposed = false;
  const stateVariables = (): tf.Variable[] => slots.flatMap((s) => rule.stateOf(s));

  return {
    kind,
    get iterations() {
      return iterations;
    },
    step(grads: tf.NamedTensorMap, lrs: RateSource): void {
      if (disposed) throw new Error('Optimizer used after dispose()');
      // Resolve every rate before touching any tensor: a missing rate must not leave a half-step.
      const work: { s: S; g: tf.Tensor; lr: number }[] = [];
      for (const s of slots) {
        const g = gradOf(grads, s.param);
        if (g !== undefined) work.push({ s, g, lr: rateOf(lrs, s.param.name) });
      }
      tf.tidy(() => {
        for (const w of work) rule.update(w.s, w.g, w.lr);
      });
      iterations += 1;
    },
    stateVariables,
    async readState(): Promise<OptimizerState> {
      const counters = counter ? slots.map((s) => counter.get(s)) : [];
      return { kind, iterations, counters, values: await readVariables(stateVariables()) };
    },
    writeState(state: OptimizerState): void {
      if (counter) {
        if (state.kind !== kind || state.counters.length !== slots.length) throw new Error(`optimizer state is for ${state.kind} over ${state.counters.length} parameters`);
      } else if (state.kind !== kind) {
        throw new Error(`optimizer state is for ${state.kind}, not ${kind}`);
      }
      writeVariables(stateVariables(), state.values, (v, x) => tf.tidy(() => v.assign(tf.tensor(x, v.shape))));
      if (counter) slots.forEach((s, i) => counter.set(s, state.counters[i]));
      iterations = state.iterations;
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      for (const v of stateVariables()) v.dispose();
    },
  };
}
