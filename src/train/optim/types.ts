/**
 * Shared types of the optimisers with a per-parameter learning rate (TEMPBALANCE.md §3: TempBalance
 * changes only the learning rate, so every parameter needs its own η each step).
 *
 * tfjs's own optimisers hold one learning rate per instance; the measured workaround of one optimiser
 * per rate group (PLATFORM.md) breaks as soon as groups change at a re-estimate. These optimisers take
 * the rates as an argument of every `step` instead, and keep their state (moments) per parameter.
 */
import type * as tf from '@tensorflow/tfjs';

/** Which update rule. */
export type OptimizerKind = 'adamw' | 'adam' | 'sgd';

/** Hyper-parameters of every kind; a kind ignores the fields it does not use. */
export interface OptimizerHyper {
  /** Adam(W): first-moment decay. */
  beta1: number;
  /** Adam(W): second-moment decay. */
  beta2: number;
  /** Adam(W): added to √v̂. PyTorch default 1e-8; tf.train.adam uses the backend epsilon (1e-7). */
  epsilon: number;
  /**
   * 'adamw': decoupled decay θ ← θ(1 − η·wd) (PyTorch AdamW, scaled by the parameter's own η).
   * 'adam' and 'sgd': L2 penalty added to the gradient, g ← g + wd·θ (PyTorch `weight_decay`).
   */
  weightDecay: number;
  /** SGD: momentum μ (0: plain SGD). */
  momentum: number;
  /** SGD: Nesterov momentum. */
  nesterov: boolean;
}

/** PyTorch's defaults; the papers' recipes override weightDecay (0.1 RoBERTa, 1e-4 FNO) and momentum. */
export const DEFAULT_OPTIMIZER_HYPER: OptimizerHyper = {
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 0,
  momentum: 0.9,
  nesterov: false,
};

/** A trainable variable under its parameter name (ParamSpec.name). */
export interface NamedVariable {
  name: string;
  variable: tf.Variable;
  /** False to exempt it from weight decay (HF excludes biases and LayerNorm weights). Default true. */
  weightDecay?: boolean;
}

/** Per-parameter learning rates: a map with an entry for every parameter stepped, or a function. */
export type RateSource = ReadonlyMap<string, number> | ((name: string) => number);

/** An optimiser whose learning rate is chosen per parameter at every step. */
export interface PerParamOptimizer {
  readonly kind: OptimizerKind;
  /**
   * Apply one update in place (`variable.assign` inside `tf.tidy`). `grads` is keyed by parameter
   * name, or by the tfjs variable name (what `tf.variableGrads` returns); parameters without a
   * gradient are skipped and keep their state (PyTorch semantics). The caller still owns `grads`.
   */
  step(grads: tf.NamedTensorMap, lrs: RateSource): void;
  /** Number of `step` calls so far. */
  readonly iterations: number;
  /** The optimiser's own state variables (moments / momentum buffers), for inspection and counting. */
  stateVariables(): tf.Variable[];
  /** Copy the state out (for recovery after a lost GPU device or a backend switch). */
  readState(): Promise<OptimizerState>;
  /** Overwrite the state with one read from an optimiser of the same kind over the same parameters. */
  writeState(state: OptimizerState): void;
  /** Free the state; the optimiser cannot step afterwards. Model variables are not touched. */
  dispose(): void;
}

/** A backend-independent copy of an optimiser's state: plain arrays, in `stateVariables()` order. */
export interface OptimizerState {
  kind: OptimizerKind;
  iterations: number;
  /** Per-parameter step counters (Adam's bias-correction t), in parameter order. */
  counters: number[];
  values: Float32Array[];
}

/** Read every state variable back to the CPU. */
export async function readVariables(vars: readonly tf.Variable[]): Promise<Float32Array[]> {
  // Copies: on the cpu backend data() can return the variable's own storage, which a transfer would detach.
  return Promise.all(vars.map(async (v) => ((await v.data()) as Float32Array).slice()));
}

/** Check that a saved state fits these variables, then assign it. */
export function writeVariables(vars: readonly tf.Variable[], values: readonly Float32Array[], assign: (v: tf.Variable, x: Float32Array) => void): void {
  if (values.length !== vars.length) throw new Error(`optimizer state has ${values.length} tensors, expected ${vars.length}`);
  vars.forEach((v, i) => {
    if (values[i].length !== v.size) throw new Error(`optimizer state tensor ${i} has ${values[i].length} values, expected ${v.size}`);
  });
  vars.forEach((v, i) => assign(v, values[i]));
}

/** Learning rate of one parameter; a Map without an entry is a wiring bug, so it throws. */
export function rateOf(lrs: RateSource, name: string): number {
  const lr = typeof lrs === 'function' ? lrs(name) : lrs.get(name);
  if (lr === undefined || !Number.isFinite(lr)) {
    throw new Error(`No finite learning rate for parameter "${name}" (got ${String(lr)})`);
  }
  return lr;
}

/** The gradient of a parameter, looked up by parameter name first, then by tfjs variable name. */
export function gradOf(grads: tf.NamedTensorMap, v: NamedVariable): tf.Tensor | undefined {
  return grads[v.name] ?? grads[v.variable.name];
}

/** Reject duplicate parameter names early: state is keyed by them. */
export function assertUniqueNames(variables: readonly NamedVariable[]): void {
  const seen = new Set<string>();
  for (const v of variables) {
    if (seen.has(v.name)) throw new Error(`Duplicate parameter name "${v.name}"`);
    seen.add(v.name);
  }
}
