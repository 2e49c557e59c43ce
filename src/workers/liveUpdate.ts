/**
 * Applying an `update` request (trainProtocol.ts) to a live TrainingRun: learning-rate-type settings
 * only (LIVE_KEYS), between two steps.
 *
 * Everything is re-derived through runSettingsOf, the same function that built the run, so a live
 * change gives exactly the settings a fresh run with the patched config would have had:
 * - schedule, warm-up, step decay → the run's schedule (globalLr reads it every step);
 * - TempBalance options and interval → the scheduler's config, used from the next re-estimate on
 *   (current ratios stay until then: a re-estimate needs a fresh ESD);
 * - fit options → the next re-estimate; evalEvery → the trainer's loop;
 * - weight decay / momentum → a new optimiser of the same kind over the same variables, with the
 *   moments copied over (the optimisers take their hyper-parameters at construction).
 */
import { errorMessage } from '../io/errors';
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../experiment/schema';
import { trainableParams } from '../models/types';
import { createOptimizer, type OptimizerHyper, type PerParamOptimizer } from '../train/optim';
import type { ScheduleLabel, TrainingRun } from '../train/run';
import { runSettingsOf } from '../train/setup';
import { isLivePatch, LIVE_KEYS } from './trainProtocol';

/** The outcome of an update: the new config, or why it was refused (the run is unchanged then). */
export type UpdateOutcome = { ok: true; config: ExperimentConfig } | { ok: false; message: string };

/** Keys of a patch that need a reset (empty for a live patch). */
export function nonLiveKeys(patch: Partial<ExperimentConfig>): string[] {
  return Object.keys(patch).filter((k) => !(LIVE_KEYS as readonly string[]).includes(k));
}

/**
 * Apply `patch` to `run` (built from `config` for `label`). Atomic: a patch with any non-live key, or
 * an optimiser change that cannot carry the moments over, changes nothing.
 */
export async function applyLiveUpdate(run: TrainingRun, config: ExperimentConfig, label: ScheduleLabel, patch: Partial<ExperimentConfig>): Promise<UpdateOutcome> {
  if (!isLivePatch(patch)) {
    return { ok: false, message: `${nonLiveKeys(patch).join(', ')} cannot change during a run: reset the run to apply it.` };
  }
  const next: ExperimentConfig = { ...config, ...patch };
  const s = runSettingsOf(next, label, run.task.trainSize);
  if (hyperChanged(run.settings.hyper, s.hyper)) {
    try {
      await replaceOptimizer(run, s.hyper);
    } catch (e) {
      return { ok: false, message: `the optimiser could not take the new settings: ${errorMessage(e)}` };
    }
  }
  // RunSettings and TempBalanceConfig are plain objects the run reads at every step / re-estimate.
  Object.assign(run.settings, { evalEvery: s.evalEvery, hyper: s.hyper, schedule: s.schedule, fit: s.fit, tempbalance: s.tempbalance });
  Object.assign(run.scheduler.cfg, { ...s.tempbalance, enabled: label === 'tempbalance', warmupSteps: s.schedule.warmupSteps });
  return { ok: true, config: next };
}

function hyperChanged(a: Partial<OptimizerHyper>, b: Partial<OptimizerHyper>): boolean {
  return a.weightDecay !== b.weightDecay || a.momentum !== b.momentum;
}

/**
 * Swap in an optimiser with new hyper-parameters, keeping moments, step counters and the weight-decay
 * exemptions (biases and norms, as in run.ts). TrainingRun exposes its optimiser read-only; the swap
 * is the one place that writes it.
 */
async function replaceOptimizer(run: TrainingRun, hyper: Partial<OptimizerHyper>): Promise<void> {
  const old = run.optimizer;
  const state = await old.readState();
  const next = createOptimizer(
    run.settings.optimizer,
    hyper,
    trainableParams(run.model).map((p) => ({ name: p.spec.name, variable: p.variable, weightDecay: p.spec.role !== 'bias' && p.spec.role !== 'norm' })),
  );
  try {
    // tidy: writeState assigns from temporary tensors, which would otherwise stay allocated.
    tf.tidy(() => next.writeState(state));
  } catch (e) {
    next.dispose();
    throw e;
  }
  (run as unknown as { optimizer: PerParamOptimizer }).optimizer = next;
  old.dispose();
}
