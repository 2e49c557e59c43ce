/**
 * The one training loop. A `RunDriver` takes a `TrainingRun` one step at a time and decides what
 * follows a step: the ESD re-estimate the run did before it, a validation evaluation when one is due,
 * and, after the last step, the final spectra and the validation and test results. It reports each
 * of these to its hooks, in this order, and awaits them (so the browser worker can post messages and
 * save state, and the headless engine can record its curves, without either repeating the cadence).
 *
 * Users: src/train/experiment.ts (Node: CLI and sweeps, runs to the end) and
 * src/workers/trainHandler.ts (browser worker: pauses, single steps, live updates between steps).
 */
import type { EsdEvent, EvalEvent, StepEvent, StepOutcome, TrainingRun } from './run';
import type { EvalResult } from './tasks/types';

/** What the driver reports, each awaited before it goes on. */
export interface DriverHooks {
  /** A re-estimate (taken before the step it precedes, or the final one); `globalLr` is η_t then. */
  onEsd?(e: EsdEvent, globalLr: number): void | Promise<void>;
  /** An optimiser step was taken (after its re-estimate, before its evaluation). */
  onStep?(e: StepEvent): void | Promise<void>;
  /** A validation evaluation. */
  onEval?(e: EvalEvent): void | Promise<void>;
}

/** The result of `advance`: a step was taken, the loss was not finite, or the step threw. */
export type Advance = { ok: true; event: StepEvent } | { ok: false; reason: 'diverged'; message: string } | { ok: false; reason: 'failed'; error: unknown };

/**
 * The end of a run: its validation and test results and the mean training loss of the last epoch.
 * With `select: 'best-val'` val and test are those of the best validation evaluation (at `selectedStep`).
 */
export interface RunEnd {
  step: number;
  val: EvalResult;
  test: EvalResult;
  /** The step val and test were measured at: the last step, or the best validation evaluation. */
  selectedStep: number;
  /** Mean loss of the last `stepsPerEpoch` steps (NaN before the first step). */
  trainLoss: number;
}

export interface DriverOptions {
  /**
   * Takes the optimiser step (default: `run.trainStep()`). The browser worker races it with the loss
   * of its GPU device; an exception becomes `{ ok: false, reason: 'failed' }`.
   */
  takeStep?: () => Promise<StepOutcome>;
}

/** True when `a` is a better validation result than `b` (NaN never is; any finite one beats none). */
export function betterVal(a: EvalResult, b: EvalResult | null): boolean {
  if (!Number.isFinite(a.metric)) return false;
  if (b === null || !Number.isFinite(b.metric)) return true;
  return a.higherIsBetter ? a.metric > b.metric : a.metric < b.metric;
}

export class RunDriver {
  private lastVal: EvalEvent | null = null;
  /** With select 'best-val': the best validation evaluation so far and the test result at it. */
  private best: { step: number; val: EvalResult; test: EvalResult } | null = null;
  private readonly recentLosses: number[] = [];

  constructor(
    readonly run: TrainingRun,
    private readonly hooks: DriverHooks = {},
    private readonly options: DriverOptions = {},
  ) {}

  get done(): boolean {
    return this.run.done;
  }

  /** The last validation evaluation (null before the first). */
  get lastEvaluation(): EvalEvent | null {
    return this.lastVal;
  }

  /** Whether a validation evaluation follows the step just taken. */
  private evaluationDue(step: number): boolean {
    return step % this.run.settings.evalEvery === 0 || this.run.done;
  }

  /** One optimiser step and what follows it (its re-estimate, an evaluation when due). */
  async advance(): Promise<Advance> {
    const { run } = this;
    // η_t of the step about to be taken: the rate a re-estimate before it applies to.
    const eta = run.globalLr();
    let out: StepOutcome;
    try {
      out = await (this.options.takeStep ? this.options.takeStep() : run.trainStep());
    } catch (error) {
      return { ok: false, reason: 'failed', error };
    }
    if (!out.ok) return out;
    if (out.esd) await this.hooks.onEsd?.(out.esd, eta);
    await this.hooks.onStep?.(out.event);
    this.recentLosses.push(out.event.loss);
    if (this.recentLosses.length > run.stepsPerEpoch) this.recentLosses.shift();
    if (this.evaluationDue(out.event.step)) await this.evaluate();
    return { ok: true, event: out.event };
  }

  /** Evaluate on the validation split now and report it. */
  async evaluate(): Promise<EvalEvent> {
    const e = await this.run.evaluate('val');
    this.lastVal = e;
    await this.hooks.onEval?.(e);
    await this.considerBest(e);
    return e;
  }

  /** select 'best-val': a new best validation result takes the test split now (the authors' best epoch). */
  private async considerBest(e: EvalEvent): Promise<void> {
    if (this.run.settings.select !== 'best-val' || !betterVal(e.result, this.best?.val ?? null)) return;
    this.best = { step: e.step, val: e.result, test: (await this.run.evaluate('test')).result };
  }

  /**
   * After the last step (or a divergence): the final spectra, then validation (reused when it was
   * evaluated at this very step) and test.
   */
  async finish(): Promise<RunEnd> {
    const { run } = this;
    const last = await run.reestimate();
    await this.hooks.onEsd?.(last, run.globalLr());
    const lastVal = this.lastVal && this.lastVal.step === run.step ? this.lastVal : await run.evaluate('val');
    const n = this.recentLosses.length;
    const trainLoss = n ? this.recentLosses.reduce((a, b) => a + b, 0) / n : NaN;
    if (run.settings.select === 'best-val') {
      await this.considerBest(lastVal);
      if (this.best) return { step: run.step, val: this.best.val, test: this.best.test, selectedStep: this.best.step, trainLoss };
    }
    const test = (await run.evaluate('test')).result;
    return { step: run.step, val: lastVal.result, test, selectedStep: run.step, trainLoss };
  }
}
