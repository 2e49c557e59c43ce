/**
 * Parameter bookkeeping shared by every model builder: seeded initialisers, a registry that
 * creates named tf.Variables with their ParamSpec, the ESD snapshot and disposal.
 *
 * Initial values are drawn in JavaScript from the project's seeded RNG (src/math/random.ts) into a
 * Float32Array and only then uploaded, so the same seed gives bit-identical initial weights on every
 * tfjs backend (tf.randomNormal & co. would depend on the backend's own generator).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../math/random';
import type { NamedTensor } from '../math/types';
import type { ModelParam, ParamSpec } from './types';

/** How a parameter's initial values are drawn. Scales are documented where each model uses them. */
export type Init =
  | { kind: 'zeros' }
  | { kind: 'ones' }
  /** U(lo, hi). PyTorch's default nn.Linear / nn.Conv init is U(±1/√fan_in). */
  | { kind: 'uniform'; lo: number; hi: number }
  /** Normal(0, std) truncated at ±2 std by redrawing (BERT/RoBERTa use std 0.02). */
  | { kind: 'truncatedNormal'; std: number }
  /** Glorot/Xavier uniform: U(±√(6 / (fanIn + fanOut))). */
  | { kind: 'glorotUniform'; fanIn: number; fanOut: number };

/** Fill a Float32Array of `size` values from `rng` following `init`. */
export function initValues(size: number, init: Init, rng: Rng): Float32Array {
  const out = new Float32Array(size);
  switch (init.kind) {
    case 'zeros':
      break;
    case 'ones':
      out.fill(1);
      break;
    case 'uniform':
      for (let i = 0; i < size; i++) out[i] = rng.uniform(init.lo, init.hi);
      break;
    case 'truncatedNormal':
      for (let i = 0; i < size; i++) {
        let z = rng.normal();
        while (Math.abs(z) > 2) z = rng.normal();
        out[i] = z * init.std;
      }
      break;
    case 'glorotUniform': {
      const limit = Math.sqrt(6 / (init.fanIn + init.fanOut));
      for (let i = 0; i < size; i++) out[i] = rng.uniform(-limit, limit);
      break;
    }
  }
  return out;
}

// tfjs keeps one global registry of variable names; two live models with the same parameter names
// (baseline and TempBalance runs side by side, or tests) would collide. Each model therefore gets a
// unique prefix: the tfjs name is `${prefix}/${spec.name}`, while spec.name stays stable.
let modelCounter = 0;

/** Collects a model's parameters; every builder creates its variables through one registry. */
export class ParamRegistry {
  readonly params: ModelParam[] = [];
  readonly prefix: string;
  private readonly rng: Rng;
  private readonly byName = new Map<string, ModelParam>();

  /** `rng` is forked per parameter name, so adding a layer does not change the others' weights. */
  constructor(kind: string, rng: Rng) {
    modelCounter += 1;
    this.prefix = `${kind}${modelCounter}`;
    this.rng = rng;
  }

  /** Create a trainable variable with a stable name and its spec; the name must be new. */
  add(spec: ParamSpec, shape: number[], init: Init): tf.Variable {
    if (this.byName.has(spec.name)) throw new Error(`duplicate parameter name ${spec.name}`);
    const size = shape.reduce((a, b) => a * b, 1);
    const values = initValues(size, init, this.rng.fork(spec.name));
    const initial = tf.tensor(values, shape, 'float32');
    const variable = tf.variable(initial, true, `${this.prefix}/${spec.name}`);
    initial.dispose(); // the variable holds its own reference to the data
    const param: ModelParam = { spec, variable };
    this.params.push(param);
    this.byName.set(spec.name, param);
    return variable;
  }

  /** The variable registered under a stable spec name (throws if absent). */
  get(name: string): tf.Variable {
    const p = this.byName.get(name);
    if (!p) throw new Error(`no parameter ${name}`);
    return p.variable;
  }

  /**
   * Read back every parameter with spec.esd === true. Each array is a copy: on the cpu backend
   * `data()` returns the variable's own backing store, which a caller might mutate or transfer
   * to a worker (detaching it).
   */
  async esdSnapshot(): Promise<NamedTensor[]> {
    const chosen = this.params.filter((p) => p.spec.esd);
    const arrays = await Promise.all(chosen.map((p) => p.variable.data()));
    return chosen.map((p, i) => ({
      name: p.spec.name,
      shape: p.variable.shape.slice(),
      data: Float32Array.from(arrays[i] as Float32Array),
    }));
  }

  /** Dispose every variable (idempotent). */
  dispose(): void {
    for (const p of this.params) if (!p.variable.isDisposed) p.variable.dispose();
  }
}

/**
 * Convenience for a dense layer: weight [dIn, dOut] (role 'matrix', ESD on) and optional bias
 * `${name}.bias` (role 'bias', follows the weight). Returns both variables.
 */
export function addDense(
  reg: ParamRegistry,
  name: string,
  block: number | null,
  dIn: number,
  dOut: number,
  init: Init,
  opts: { bias?: boolean; biasInit?: Init; role?: 'matrix' | 'head'; esd?: boolean } = {},
): { w: tf.Variable; b: tf.Variable | null } {
  const role = opts.role ?? 'matrix';
  const w = reg.add({ name, block, layer: name, role, esd: opts.esd ?? true }, [dIn, dOut], init);
  const b =
    opts.bias === false
      ? null
      : reg.add({ name: `${name}.bias`, block, layer: name, role: 'bias', esd: false }, [dOut], opts.biasInit ?? { kind: 'zeros' });
  return { w, b };
}

/** PyTorch's default init for nn.Linear / nn.Conv (kaiming_uniform with a = √5): U(±1/√fan_in). */
export function torchDefault(fanIn: number): Init {
  const bound = 1 / Math.sqrt(fanIn);
  return { kind: 'uniform', lo: -bound, hi: bound };
}
