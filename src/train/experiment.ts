/**
 * Run an experiment to completion without a UI: the baseline and/or TempBalance run of one config,
 * each from the same seed (same data subset, initial weights and batch order). Used by the headless
 * CLI (`npm run experiment`) and by sweeps; the browser's training worker drives TrainingRun step by
 * step instead, with the same pieces.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../experiment/schema';
import type { LayerMetrics } from '../math/types';
import type { ParamSpec } from '../models/types';
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
  final: { loss: number; val: EvalResult; test: EvalResult; steps: number; diverged?: string };
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
  const run = new TrainingRun(task, model, runSettingsOf(cfg, label), esd);
  const curve: CurvePoint[] = [];
  const history = new Map<string, LayerHistory>();
  const record = (step: number, layers: LayerMetrics[], ratios: Record<string, number>, eta: number) => {
    for (const l of layers) {
      let h = history.get(l.name);
      if (!h) history.set(l.name, (h = { name: l.name, shape: l.shape, block: specs.get(l.name)?.block ?? null, steps: [], alpha: [], lr: [] }));
      h.steps.push(step);
      h.alpha.push(l.alpha);
      h.lr.push((ratios[l.name] ?? 1) * eta);
    }
  };
  let diverged: string | undefined;
  const recentLosses: number[] = [];
  try {
    while (!run.done) {
      const eta = run.globalLr();
      const out = await run.trainStep();
      if (!out.ok) {
        diverged = out.message;
        break;
      }
      if (out.esd) record(out.esd.step, out.esd.layers, out.esd.ratios, eta);
      const point: CurvePoint = { step: out.event.step, loss: out.event.loss, lr: out.event.lr };
      if (out.event.step % cfg.evalEvery === 0 || run.done) {
        const v = await run.evaluate('val');
        point.val = v.result.metric;
        point.valLoss = v.result.loss;
      }
      curve.push(point);
      recentLosses.push(out.event.loss);
      if (recentLosses.length > run.stepsPerEpoch) recentLosses.shift();
      hooks.onProgress?.(label, out.event.step, cfg.steps);
    }
    // Final spectra, after the last step.
    const last = await run.reestimate();
    record(last.step, last.layers, last.ratios, run.globalLr());
    const val = await task.evaluate(model, 'val');
    const test = await task.evaluate(model, 'test');
    const loss = recentLosses.length ? recentLosses.reduce((a, b) => a + b, 0) / recentLosses.length : NaN;
    return {
      schedule: label,
      final: { loss, val, test, steps: run.step, ...(diverged ? { diverged } : {}) },
      curve,
      layers: [...history.values()],
      ms: performance.now() - t0,
    };
  } finally {
    run.dispose();
  }
}
