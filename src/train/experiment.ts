/**
 * Run an experiment to completion without a UI: the baseline and/or TempBalance run of one config,
 * each from the same seed (same data subset, initial weights and batch order). Used by the headless
 * CLI (`npm run experiment`) and by sweeps. The loop itself is RunDriver (driver.ts), which the
 * browser's training worker drives step by step; this file only records what it reports.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../experiment/schema';
import type { ParamSpec } from '../models/types';
import { RunDriver } from './driver';
import { TrainingRun, type EsdProvider, type ScheduleLabel } from './run';
import { buildModel, buildTask, runSettingsOf, type DataLoaders } from './setup';
import type { EvalResult, Task } from './tasks/types';

export interface CurvePoint {
  step: number;
  loss: number;
  lr: number;
  /** Validation metric (accuracy or nRMSE) where evaluated. */
  val?: number;
  valLoss?: number;
}

export interface LayerHistory {
  name: string;
  /** The analysed tensor's shape (dense [in, out], conv [k, in, out]). */
  shape: number[];
  block: number | null;
  /** Steps of the re-estimates (shared by alpha and lr). */
  steps: number[];
  alpha: number[];
  /** Learning rate ηₗ = ratio · η_t at each re-estimate. */
  lr: number[];
}

export interface RunReport {
  schedule: ScheduleLabel;
  /** Final metrics: training loss (mean of the last epoch's steps), validation and test results. */
  final: { loss: number; val: EvalResult; test: EvalResult; steps: number; diverged?: string; selectedStep?: number };
  curve: CurvePoint[];
  layers: LayerHistory[];
  ms: number;
}

export interface ExperimentReport {
  config: ExperimentConfig;
  task: string;
  backend: string;
  runs: RunReport[];
}

/** Which schedules a mode runs. */
export function schedulesOf(mode: ExperimentConfig['mode']): ScheduleLabel[] {
  return mode === 'compare' ? ['baseline', 'tempbalance'] : [mode];
}

export interface ExperimentHooks {
  onProgress?(label: ScheduleLabel, step: number, total: number): void;
}

export async function runExperiment(cfg: ExperimentConfig, loaders: DataLoaders, esd: EsdProvider, hooks: ExperimentHooks = {}): Promise<ExperimentReport> {
  const task = await buildTask(cfg, loaders);
  const runs: RunReport[] = [];
  for (const label of schedulesOf(cfg.mode)) runs.push(await runOne(cfg, label, task, loaders, esd, hooks));
  return { config: cfg, task: task.description, backend: tf.getBackend(), runs };
}

async function runOne(cfg: ExperimentConfig, label: ScheduleLabel, task: Task, loaders: DataLoaders, esd: EsdProvider, hooks: ExperimentHooks): Promise<RunReport> {
  const t0 = performance.now();
  const model = await buildModel(cfg, loaders);
  const specs = new Map<string, ParamSpec>(model.params.map((p) => [p.spec.name, p.spec]));
  const run = new TrainingRun(task, model, runSettingsOf(cfg, label, task.trainSize), esd);
  const curve: CurvePoint[] = [];
  const history = new Map<string, LayerHistory>();
  const driver = new RunDriver(run, {
    onEsd(e, eta) {
      for (const { metrics: l } of e.layers) {
        let h = history.get(l.name);
        if (!h) history.set(l.name, (h = { name: l.name, shape: l.shape, block: specs.get(l.name)?.block ?? null, steps: [], alpha: [], lr: [] }));
        h.steps.push(e.step);
        h.alpha.push(l.alpha);
        h.lr.push((e.ratios[l.name] ?? 1) * eta);
      }
    },
    onStep(e) {
      curve.push({ step: e.step, loss: e.loss, lr: e.lr });
      hooks.onProgress?.(label, e.step, run.settings.steps);
    },
    onEval(e) {
      // The evaluation follows the step it belongs to, so its point is the last one.
      const point = curve[curve.length - 1];
      point.val = e.result.metric;
      point.valLoss = e.result.loss;
    },
  });
  let diverged: string | undefined;
  try {
    while (!driver.done) {
      const out = await driver.advance();
      if (out.ok) continue;
      if (out.reason === 'failed') throw out.error;
      diverged = out.message;
      break;
    }
    const end = await driver.finish();
    return {
      schedule: label,
      final: { loss: end.trainLoss, val: end.val, test: end.test, steps: end.step, ...(diverged ? { diverged } : {}), ...(end.selectedStep !== end.step ? { selectedStep: end.selectedStep } : {}) },
      curve,
      layers: [...history.values()],
      ms: performance.now() - t0,
    };
  } finally {
    run.dispose();
  }
}
