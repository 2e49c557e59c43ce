/**
 * Entry point of the per-parameter-rate optimisers: one factory for every kind.
 *
 *   const opt = createOptimizer('adamw', { weightDecay: 0.1 }, model.params.map((p) => ({
 *     name: p.spec.name, variable: p.variable, weightDecay: p.spec.role !== 'bias' && p.spec.role !== 'norm',
 *   })));
 *   const { grads, value } = tf.variableGrads(() => loss(batch));
 *   opt.step(grads, (name) => scheduler.lr(name, globalLr(schedule, t, T)));
 *   tf.dispose([grads, value]);
 */
import { createAdafactor } from './adafactor';
import { createAdam } from './adam';
import { createLamb } from './lamb';
import { createLars } from './lars';
import { createSgd } from './sgd';
import { DEFAULT_OPTIMIZER_HYPER, type NamedVariable, type OptimizerHyper, type OptimizerKind, type PerParamOptimizer } from './types';

export * from './types';
export { createAdam } from './adam';
export { createSgd } from './sgd';
export { createAdafactor } from './adafactor';
export { createLamb } from './lamb';
export { createLars } from './lars';

/** Build an optimiser of `kind`; unspecified hyper-parameters take PyTorch's defaults. */
export function createOptimizer(
  kind: OptimizerKind,
  hyper: Partial<OptimizerHyper>,
  variables: readonly NamedVariable[],
): PerParamOptimizer {
  const h: OptimizerHyper = { ...DEFAULT_OPTIMIZER_HYPER, ...hyper };
  switch (kind) {
    case 'adam':
    case 'adamw':
      return createAdam(kind, h, variables);
    case 'sgd':
      return createSgd(h, variables);
    case 'adafactor':
      // Adafactor's β1 is off unless asked for (published: no momentum); Adam's 0.9 is not its default.
      return createAdafactor({ ...h, beta1: hyper.beta1 ?? 0, adafactor: { ...DEFAULT_OPTIMIZER_HYPER.adafactor, ...hyper.adafactor } }, variables);
    case 'lamb':
      return createLamb(h, variables);
    case 'lars':
      return createLars(h, variables);
    default: {
      const never: never = kind;
      throw new Error(`Unknown optimizer kind: ${String(never)}`);
    }
  }
}
