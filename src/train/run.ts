/**
 * One training run: a model, its task, a per-parameter optimiser, the global schedule and the
 * TempBalance scheduler (disabled for the baseline). The same class runs in a browser worker and in
 * Node; everything environment-specific (where ESDs are computed, where events go) is injected.
 *
 * Determinism: initial weights, dropout masks and batch order come from the run seed only, and the
 * ESD re-estimate is awaited before the next step, so the step at which new rates apply never
 * depends on timing. Same seed + config ⇒ same loss curve on the same backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { FitOptions, LayerEsd, NamedTensor } from '../math/types';
import { shapeCorrectedAlphas } from '../math/reference';
import { trainableParams, type TrainableModel } from '../models/types';
import { createOptimizer, type OptimizerHyper, type OptimizerKind, type OptimizerState, type PerParamOptimizer } from './optim';
import { BatchSampler } from './sampler';
import { globalLr, type ScheduleConfig } from './schedule';
import { balanceEstimates, llrdFactors } from './methods';
import { samGradients } from './sam';
import { TempBalanceScheduler, type TempBalanceConfig, type UnitReport } from './tempbalance';
import type { EvalResult, SplitName, Task } from './tasks/types';

export type ScheduleLabel = 'baseline' | 'tempbalance';

/**
 * Where ESDs are computed: the ESD worker in the browser, inline in Node. One record per snapshot
 * matrix, in snapshot order (metrics, chart, eigenvalues, tail).
 */
export type EsdProvider = (weights: NamedTensor[], fit: FitOptions) => Promise<LayerEsd[]>;

export interface RunSettings {
  label: ScheduleLabel;
  seed: number;
  steps: number;
  batch: number;
  /** Evaluate on the validation split every this many steps (and at the end). */
  evalEvery: number;
  /** 'best-val': the run's result is its best validation evaluation, with the test metric there. */
  select: 'last' | 'best-val';
  optimizer: OptimizerKind;
  hyper: Partial<OptimizerHyper>;
  schedule: ScheduleConfig;
  /** `enabled` is forced to (label === 'tempbalance'). */
  tempbalance: TempBalanceConfig;
  fit: FitOptions;
  /** SAM neighbourhood size ρ (0 or absent: plain gradients; > 0: two forward–backward passes). */
  sam?: number;
  /** Layer-wise learning-rate decay factor ξ per block from the top (1 or absent: off). */
  llrd?: number;
}

export interface StepEvent {
  step: number;
  epoch: number;
  loss: number;
  lr: number;
}
/** A re-estimate: every ESD matrix's analysis, the scheduled units and each matrix's ratio. */
export interface EsdEvent {
  step: number;
  /** In snapshot order; the eigenvalues are the event's own (a worker transfers them onward). */
  layers: LayerEsd[];
  /** Scheduled units with their mean α and ratio (empty before TempBalance applies). */
  units: UnitReport[];
  /** Learning-rate ratio ηₗ/η_t of every ESD matrix, by name. */
  ratios: Record<string, number>;
  /** False while TempBalance is off (baseline, or before warm-up ends with after_warm). */
  applied: boolean;
}
export interface EvalEvent {
  step: number;
  result: EvalResult;
}

/** The outcome of one optimiser step. */
export type StepOutcome = { ok: true; event: StepEvent; esd: EsdEvent | null } | { ok: false; reason: 'diverged'; message: string };

/** Everything needed to continue a run elsewhere (another backend after a lost GPU device). */
export interface RunState {
  step: number;
  weights: Record<string, Float32Array>;
  optimizer: OptimizerState;
  ratios: [string, number][];
}

export class TrainingRun {
  readonly optimizer: PerParamOptimizer;
  readonly scheduler: TempBalanceScheduler;
  private readonly sampler: BatchSampler;
  /** LLRD factor per parameter (all 1 when off); TempBalance's ratio multiplies it. */
  private readonly rateScale: ReadonlyMap<string, number>;
  private stepsDone = 0;
  private lastLoss = NaN;
  /** Whether the last step ended an epoch (drives per-epoch re-estimation). */
  private pendingEpochEnd = false;

  constructor(
    readonly task: Task,
    readonly model: TrainableModel,
    readonly settings: RunSettings,
    private readonly esd: EsdProvider,
  ) {
    this.sampler = new BatchSampler(task.trainSize, settings.batch, settings.seed);
    const tb: TempBalanceConfig = {
      ...settings.tempbalance,
      enabled: settings.label === 'tempbalance',
      warmupSteps: settings.schedule.warmupSteps,
    };
    this.scheduler = new TempBalanceScheduler(model.params.map((p) => p.spec), tb);
    this.rateScale = llrdFactors(model.params.map((p) => p.spec), settings.llrd ?? 1);
    this.optimizer = createOptimizer(
      settings.optimizer,
      settings.hyper,
      // Biases and norms are exempt from weight decay, as in the papers' Hugging Face / PyTorch code.
      trainableParams(model).map((p) => ({ name: p.spec.name, variable: p.variable, weightDecay: p.spec.role !== 'bias' && p.spec.role !== 'norm' })),
    );
  }

  get step(): number {
    return this.stepsDone;
  }
  get epoch(): number {
    return this.sampler.epoch;
  }
  get done(): boolean {
    return this.stepsDone >= this.settings.steps;
  }
  get stepsPerEpoch(): number {
    return this.sampler.stepsPerEpoch;
  }

  /** Global learning rate η_t of the next step. */
  globalLr(): number {
    return globalLr(this.settings.schedule, this.stepsDone, this.settings.steps);
  }

  /**
   * Re-estimate ESDs (when due), then one optimiser step. A non-finite loss stops the run before the
   * update is applied, so the weights stay at their last finite values.
   */
  async trainStep(): Promise<StepOutcome> {
    let esd: EsdEvent | null = null;
    if (this.scheduler.shouldReestimate(this.stepsDone, this.pendingEpochEnd)) esd = await this.reestimate();

    const { indices, epochEnded } = this.sampler.next();
    const { x, y } = this.task.batch(indices);
    const vars = trainableParams(this.model).map((p) => p.variable);
    this.model.beginStep?.(this.stepsDone);
    const { value, grads } = samGradients(() => this.task.loss(this.model.apply(x, true), y), vars, this.settings.sam ?? 0);
    try {
      const loss = (await value.data())[0];
      if (!Number.isFinite(loss)) {
        return { ok: false, reason: 'diverged', message: `Training diverged at step ${this.stepsDone + 1}: the loss is ${loss}. The last finite metrics are kept; lower the learning rate and reset.` };
      }
      const eta = this.globalLr();
      // tf.variableGrads keys gradients by tfjs variable name; the optimiser maps them to parameters.
      this.optimizer.step(grads, (name) => this.scheduler.lr(name, eta) * (this.rateScale.get(name) ?? 1));
      this.stepsDone++;
      this.lastLoss = loss;
      this.pendingEpochEnd = epochEnded;
      return { ok: true, event: { step: this.stepsDone, epoch: this.sampler.epoch, loss, lr: eta }, esd };
    } finally {
      tf.dispose([x, y, value]);
      tf.dispose(Object.values(grads));
    }
  }


  /** Snapshot the ESD matrices, analyse them (ESD worker / inline) and update the ratios. */
  async reestimate(): Promise<EsdEvent> {
    const weights = await this.model.esdSnapshot();
    const layers = await this.esd(weights, this.settings.fit);
    const metrics = layers.map((l) => l.metrics);
    // The charts get α as fitted; only the scheduler sees the shape-corrected values.
    const metric = this.settings.tempbalance.metric ?? 'alpha';
    // The shape correction is defined for α only; another metric is balanced as measured.
    const estimates = metric !== 'alpha' ? balanceEstimates(metrics, metric) : this.settings.tempbalance.alphaRef === 'random' ? shapeCorrectedAlphas(metrics, this.settings.fit) : metrics;
    const update = this.scheduler.update(this.stepsDone, estimates);
    const ratios: Record<string, number> = {};
    for (const w of weights) ratios[w.name] = this.scheduler.ratio(w.name);
    return { step: this.stepsDone, layers, units: update.units, ratios, applied: update.applied };
  }

  async evaluate(split: SplitName): Promise<EvalEvent> {
    return { step: this.stepsDone, result: await this.task.evaluate(this.model, split) };
  }

  get loss(): number {
    return this.lastLoss;
  }

  /** Copy weights, optimiser state and ratios to plain arrays. */
  async saveState(): Promise<RunState> {
    const weights: Record<string, Float32Array> = {};
    // Copies: on the cpu backend data() can return the variable's own storage, which a transfer would detach.
    for (const p of this.model.params) weights[p.spec.name] = ((await p.variable.data()) as Float32Array).slice();
    return { step: this.stepsDone, weights, optimizer: await this.optimizer.readState(), ratios: [...this.scheduler.ratios] };
  }

  /**
   * Continue from a saved state (fresh model and run on possibly another backend, same settings).
   * The batch order is replayed from the seed, so the continued run sees the batches it would have.
   */
  restoreState(state: RunState): void {
    for (const p of this.model.params) {
      const w = state.weights[p.spec.name];
      if (!w || w.length !== p.variable.size) throw new Error(`saved state does not fit parameter ${p.spec.name}`);
      tf.tidy(() => p.variable.assign(tf.tensor(w, p.variable.shape)));
    }
    this.optimizer.writeState(state.optimizer);
    this.scheduler.restore(new Map(state.ratios));
    while (this.stepsDone < state.step) {
      this.pendingEpochEnd = this.sampler.next().epochEnded;
      this.stepsDone++;
    }
  }

  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}
