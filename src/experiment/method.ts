/**
 * The name of the method a config trains with, for run labels in the lab, its charts and exports:
 * "method" vs "method + TempBalance" (issue 10). Pure.
 */
import type { ExperimentConfig } from './schema';

const OPTIMIZER_NAMES: Record<ExperimentConfig['optimizer'], string> = {
  adamw: 'AdamW',
  adam: 'Adam',
  sgd: 'SGD',
  adafactor: 'AdaFactor',
  lamb: 'LAMB',
  lars: 'LARS',
};

/** The optimisers the papers' recipes use by default: not named, so classic runs keep "Baseline". */
const RECIPE_OPTIMIZERS = new Set<ExperimentConfig['optimizer']>(['adamw', 'adam', 'sgd']);

/**
 * The comparison method of a config in the paper's table words ("LoRA r=8", "SAM ρ=0.05",
 * "AdaFactor", "LLRD ξ=0.8", joined with " + "), or null for plain fine-tuning / training with the
 * recipe's optimiser (then runs are called Baseline and TempBalance as before).
 */
export function methodName(cfg: Pick<ExperimentConfig, 'optimizer' | 'sam' | 'llrd' | 'lora' | 'model'>): string | null {
  const parts: string[] = [];
  if (cfg.lora > 0 && cfg.model === 'transformer') parts.push(`LoRA r=${cfg.lora}`);
  if (!RECIPE_OPTIMIZERS.has(cfg.optimizer)) parts.push(OPTIMIZER_NAMES[cfg.optimizer]);
  if (cfg.sam > 0) parts.push(`SAM ρ=${cfg.sam}`);
  if (cfg.llrd < 1) parts.push(`LLRD ξ=${cfg.llrd}`);
  return parts.length ? parts.join(' + ') : null;
}

/** A run's display name: "Baseline" / "TempBalance", or "<method>" / "<method> + TB" under a method. */
export function runName(label: 'baseline' | 'tempbalance', cfg: Parameters<typeof methodName>[0]): string {
  const m = methodName(cfg);
  if (m === null) return label === 'baseline' ? 'Baseline' : 'TempBalance';
  return label === 'baseline' ? m : `${m} + TB`;
}
