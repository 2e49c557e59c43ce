/**
 * Adafactor (Shazeer & Stern 2018, "Adafactor: Adaptive Learning Rates with Sublinear Memory Cost",
 * Algorithms 4 and 5), with a learning rate per parameter so TempBalance can scale it.
 *
 * Per parameter X with gradient G at its step t (t counts the steps it received a gradient):
 *   β̂₂ = 1 − t^c                                    (c = decayRate, published −0.8)
 *   matrix (rank ≥ 2, factored over the last two axes, n × m):
 *     R ← β̂₂·R + (1 − β̂₂)·rowmean(G² + ε₁)          (shape …×n)
 *     C ← β̂₂·C + (1 − β̂₂)·colmean(G² + ε₁)          (shape …×m)
 *     V̂ = (R / mean(R)) ⊗ C                          (= R Cᵀ / 1ᵀR of the paper, which uses sums)
 *   vector: V̂ ← β̂₂·V̂ + (1 − β̂₂)·(G² + ε₁)
 *   U = G / √V̂,   Û = U / max(1, RMS(U) / d)         (update clipping, d = clipThreshold)
 *   with β₁ > 0: M ← β₁·M + (1 − β₁)·Û and the update is M (the paper's optional momentum), else Û
 *   step size α = ρ · (scaleParameter ? max(ε₂, RMS(X)) : 1),
 *     ρ = min(η, 1/√t) with relativeStep (η = 10⁻² gives the paper's ρₜ = min(10⁻², 1/√t)), else η
 *   X ← X·(1 − α·wd) − α·update                       (decoupled decay, as Hugging Face's Adafactor)
 * η is this parameter's rate. The authors' fine-tuning code runs Adafactor with relative_step and
 * scale_parameter off, i.e. α = η, which is our default; TempBalance then multiplies α directly.
 */
import * as tf from '@tensorflow/tfjs';
import { createPerParamOptimizer, decays, type Slot } from './perParam';
import { assertUniqueNames, type NamedVariable, type OptimizerHyper, type PerParamOptimizer } from './types';

interface AdafactorSlot extends Slot {
  decay: boolean;
  factored: boolean;
  /** Factored: row statistics R (shape without the last axis) and column statistics C (without the second last). */
  r: tf.Variable | null;
  c: tf.Variable | null;
  /** Unfactored (vectors and scalars): the full second moment. */
  v: tf.Variable | null;
  /** First moment, only when β₁ > 0. */
  m: tf.Variable | null;
  t: number;
}

const zeros = (shape: number[]): tf.Variable => tf.tidy(() => tf.zeros(shape).variable(false));
const rms = (x: tf.Tensor): tf.Scalar => tf.sqrt(tf.mean(tf.square(x)));

/** Adafactor over `variables`. */
export function createAdafactor(
  hyper: Pick<OptimizerHyper, 'beta1' | 'weightDecay' | 'adafactor'>,
  variables: readonly NamedVariable[],
): PerParamOptimizer {
  assertUniqueNames(variables);
  const { beta1, weightDecay: wd } = hyper;
  const { eps1, eps2, clipThreshold, decayRate, relativeStep, scaleParameter } = hyper.adafactor;
  if (!(decayRate < 0)) throw new Error(`Adafactor decayRate must be negative (published −0.8), got ${decayRate}`);
  if (!(clipThreshold > 0)) throw new Error(`Adafactor clipThreshold must be positive, got ${clipThreshold}`);
  const slots: AdafactorSlot[] = variables.map((param) => {
    const shape = param.variable.shape;
    const factored = shape.length >= 2;
    return {
      param,
      decay: decays(param, wd),
      factored,
      r: factored ? zeros(shape.slice(0, -1)) : null,
      c: factored ? zeros([...shape.slice(0, -2), shape[shape.length - 1]]) : null,
      v: factored ? null : zeros(shape),
      m: beta1 > 0 ? zeros(shape) : null,
      t: 0,
    };
  });

  const update = (s: AdafactorSlot, g: tf.Tensor, lr: number): void => {
    s.t += 1;
    const beta2t = 1 - Math.pow(s.t, decayRate);
    const theta = s.param.variable;
    const g2 = tf.add(tf.square(g), eps1);
    let vhat: tf.Tensor;
    if (s.factored && s.r && s.c) {
      const r = tf.add(tf.mul(s.r, beta2t), tf.mul(tf.mean(g2, -1), 1 - beta2t));
      const c = tf.add(tf.mul(s.c, beta2t), tf.mul(tf.mean(g2, -2), 1 - beta2t));
      s.r.assign(r);
      s.c.assign(c);
      const rNorm = tf.div(r, tf.mean(r, -1, true));
      vhat = tf.mul(tf.expandDims(rNorm, -1), tf.expandDims(c, -2));
    } else if (s.v) {
      vhat = tf.add(tf.mul(s.v, beta2t), tf.mul(g2, 1 - beta2t));
      s.v.assign(vhat);
    } else {
      throw new Error('Adafactor slot without state');
    }
    const u = tf.div(g, tf.sqrt(vhat));
    const clipped = tf.div(u, tf.maximum(tf.div(rms(u), clipThreshold), 1));
    let direction: tf.Tensor = clipped;
    if (s.m) {
      direction = tf.add(tf.mul(s.m, beta1), tf.mul(clipped, 1 - beta1));
      s.m.assign(direction);
    }
    const rho = relativeStep ? Math.min(lr, 1 / Math.sqrt(s.t)) : lr;
    // α stays a tensor when it depends on RMS(X): no GPU→CPU read inside the step.
    const alpha: tf.Tensor | number = scaleParameter ? tf.mul(tf.maximum(rms(theta), eps2), rho) : rho;
    const decayed = s.decay ? tf.mul(theta, tf.sub(1, tf.mul(alpha, wd))) : theta;
    theta.assign(tf.sub(decayed, tf.mul(direction, alpha)));
  };

  return createPerParamOptimizer({
    kind: 'adafactor',
    slots,
    update,
    stateOf: (s) => [s.r, s.c, s.v, s.m].filter((v): v is tf.Variable => v !== null),
    counter: { get: (s) => s.t, set: (s, t) => (s.t = t) },
  });
}
