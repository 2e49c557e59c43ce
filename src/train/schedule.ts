/**
 * The global ("untuned") learning rate η_t of TEMPBALANCE.md §3: the ordinary schedule every layer
 * follows in the baseline, and the rate TempBalance multiplies by its per-layer ratios.
 *
 * Pure: numbers in, a number out. No tfjs, no DOM.
 *
 * Conventions (chosen to match what the papers' code bases do, so curves line up):
 * - `step` is the 0-based index of the optimiser step about to be taken; `totalSteps` is the number
 *   of optimiser steps in the whole run.
 * - Warm-up is linear over `warmupSteps` steps, as in Hugging Face `get_linear_schedule_with_warmup`
 *   (used by the EMNLP code for RoBERTa): η = base · step / W. With `warmupStartFactor = 0` the very
 *   first step therefore has η = 0, exactly as there; set a small start factor to avoid that.
 * - Linear decay goes from base at step W to the floor at step T (HF formula, with a floor):
 *   η = floor + (base − floor) · max(0, (T − step) / (T − W)).
 * - Cosine decay (HF `get_cosine_schedule_with_warmup`, half a period; `CosineAnnealingLR` with
 *   T_max = T − W when W = 0): η = floor + (base − floor) · ½ (1 + cos(π · p)), p = (step − W)/(T − W).
 * - Step decay (PyTorch `StepLR`, used for FNO/UNet: ×0.5 every 100 epochs): η = base · γ^⌊step / k⌋.
 *   k is in optimiser steps; for an epoch-wise decay pass k = epochs · stepsPerEpoch (see
 *   `stepEveryFromEpochs`). Step decay counts from step 0, warm-up (if any) is applied on top.
 */

/** Shape of the schedule after warm-up. */
export type ScheduleKind = 'constant' | 'linear' | 'cosine' | 'step';

/** One configuration for every global schedule; fields a kind does not use are ignored. */
export interface ScheduleConfig {
  kind: ScheduleKind;
  /** Peak learning rate (after warm-up). */
  baseLr: number;
  /** Linear warm-up length in optimiser steps (0: none). */
  warmupSteps: number;
  /** Warm-up starts at base · warmupStartFactor (0: from zero, HF behaviour). In [0, 1]. */
  warmupStartFactor: number;
  /** 'linear' / 'cosine' decay to base · minLrFactor instead of 0. In [0, 1]. */
  minLrFactor: number;
  /** 'step': multiply by gamma every stepEvery optimiser steps. */
  stepEvery: number;
  /** 'step': decay factor, e.g. 0.5. */
  gamma: number;
}

/** Defaults: the RoBERTa fine-tuning recipe shape (linear decay to 0, no warm-up until set). */
export const DEFAULT_SCHEDULE: ScheduleConfig = {
  kind: 'linear',
  baseLr: 2e-5,
  warmupSteps: 0,
  warmupStartFactor: 0,
  minLrFactor: 0,
  stepEvery: 100,
  gamma: 0.5,
};

/**
 * Warm-up length from a ratio of the run, as HF `TrainingArguments.get_warmup_steps` does:
 * ⌈ratio · totalSteps⌉ (e.g. 6 % warm-up for RoBERTa fine-tuning).
 */
export function warmupStepsFromRatio(ratio: number, totalSteps: number): number {
  if (!(ratio > 0) || !(totalSteps > 0)) return 0;
  return Math.ceil(ratio * totalSteps);
}

/** Step-decay period in optimiser steps for a decay every `epochs` epochs. */
export function stepEveryFromEpochs(epochs: number, stepsPerEpoch: number): number {
  return Math.max(1, Math.round(epochs * stepsPerEpoch));
}

/** True once warm-up is over, i.e. from step `warmupSteps` on (TempBalance's `after_warm`). */
export function isWarmupOver(cfg: Pick<ScheduleConfig, 'warmupSteps'>, step: number): boolean {
  return step >= cfg.warmupSteps;
}

/**
 * Global learning rate η_t for optimiser step `step` (0-based) of a run of `totalSteps` steps.
 * Steps past the end keep the final value (the floor for decaying kinds).
 */
export function globalLr(cfg: ScheduleConfig, step: number, totalSteps: number): number {
  const base = cfg.baseLr;
  const w = Math.max(0, Math.floor(cfg.warmupSteps));
  const s = Math.max(0, step);

  if (s < w) {
    // Linear ramp from base·f at step 0 towards base at step W (reached at s = W).
    const f = clamp01(cfg.warmupStartFactor);
    const ramp = f + (1 - f) * (s / w);
    // Step decay keeps counting through warm-up; the other kinds are at their peak during it.
    return ramp * (cfg.kind === 'step' ? stepDecayValue(cfg, s) : base);
  }

  switch (cfg.kind) {
    case 'constant':
      return base;
    case 'step':
      return stepDecayValue(cfg, s);
    case 'linear':
    case 'cosine': {
      const floor = base * clamp01(cfg.minLrFactor);
      const span = totalSteps - w;
      // No decay phase at all (run not longer than warm-up): stay at the peak.
      if (!(span > 0)) return base;
      const p = Math.min(1, (s - w) / span);
      const shape = cfg.kind === 'linear' ? 1 - p : 0.5 * (1 + Math.cos(Math.PI * p));
      return floor + (base - floor) * shape;
    }
    default: {
      const never: never = cfg.kind;
      throw new Error(`Unknown schedule kind: ${String(never)}`);
    }
  }
}

/** The whole curve (for charts): η_t for t = 0..totalSteps−1. */
export function scheduleCurve(cfg: ScheduleConfig, totalSteps: number): Float64Array {
  const out = new Float64Array(Math.max(0, totalSteps));
  for (let t = 0; t < out.length; t++) out[t] = globalLr(cfg, t, totalSteps);
  return out;
}

function stepDecayValue(cfg: ScheduleConfig, step: number): number {
  const k = Math.max(1, Math.floor(cfg.stepEvery));
  return cfg.baseLr * Math.pow(cfg.gamma, Math.floor(step / k));
}

function clamp01(x: number): number {
  if (!(x > 0)) return 0;
  return x > 1 ? 1 : x;
}
