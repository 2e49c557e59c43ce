/**
 * The authors' protocol as settings, checked by hand: their NLP re-estimation interval, epochs → steps,
 * the best-validation choice of a run and of a learning-rate grid, and their FNO script's
 * "tb_std_sigmoid" (α − mean α through the piecewise sigmoid, no division by the std).
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../experiment/schema';
import { selectByValidation, type JobResult } from '../experiment/sweep';
import { betterVal } from './driver';
import { runLengthOf } from './setup';
import { assignLayerRates, paperEsdInterval } from './tempbalance';
import type { EvalResult } from './tasks/types';

describe('the authors\' protocol', () => {
  it('re-estimates every min(100, max(1, ⌊batches per epoch / 10⌋)) steps', () => {
    expect([1, 3, 9, 10, 25, 999, 1000, 1009, 5000].map(paperEsdInterval)).toEqual([1, 1, 1, 1, 2, 99, 100, 100, 100]);
  });

  it('epochs → steps = epochs × ⌊n / batch⌋; evalEvery 0 = once per epoch; intervalMode paper', () => {
    const cfg = { ...defaultConfig(), epochs: 10, batch: 4, evalEvery: 0, intervalMode: 'paper' as const };
    // 13 examples (the paper's 0.02 % of SST-2), batch 4: 3 full batches per epoch (the partial one is dropped).
    expect(runLengthOf(cfg, 13)).toEqual({ steps: 30, evalEvery: 3, esdInterval: 1 });
    expect(runLengthOf({ ...cfg, batch: 16 }, 2086)).toEqual({ steps: 1300, evalEvery: 130, esdInterval: 13 });
    expect(runLengthOf({ ...cfg, intervalMode: 'epoch' }, 13).esdInterval).toBe('epoch');
    // Without epochs the old settings are untouched (steps, interval 0 = per epoch).
    expect(runLengthOf({ ...defaultConfig(), steps: 77, evalEvery: 5, interval: 0 })).toEqual({ steps: 77, evalEvery: 5, esdInterval: 'epoch' });
    expect(() => runLengthOf(cfg)).toThrow(/size of the training set/);
  });

  it('best validation: higher accuracy or lower nRMSE wins, ties keep the earlier, NaN never wins', () => {
    const r = (metric: number, higherIsBetter = true): EvalResult => ({ split: 'val', loss: NaN, metric, metricName: higherIsBetter ? 'accuracy' : 'nRMSE', higherIsBetter, extra: {} });
    expect(betterVal(r(0.6), null)).toBe(true);
    expect(betterVal(r(0.6), r(0.5))).toBe(true);
    expect(betterVal(r(0.5), r(0.5))).toBe(false);
    expect(betterVal(r(NaN), r(0.5))).toBe(false);
    expect(betterVal(r(0.5), r(NaN))).toBe(true);
    expect(betterVal(r(0.1, false), r(0.2, false))).toBe(true);
    expect(betterVal(r(0.3, false), r(0.2, false))).toBe(false);
  });

  it('a learning-rate grid keeps, per ratio and schedule, the rate with the best mean validation (test plays no part)', () => {
    const job = (ratio: number, seed: number, schedule: 'baseline' | 'tempbalance', lr: number, val: number, test: number): JobResult => ({
      jobId: `${ratio}-${seed}-${schedule}-${lr}`, ratio, seed, schedule, lr, val, test, metricName: 'accuracy', higherIsBetter: true, ms: 1,
    });
    const results = [
      // baseline: mean val 0.6 at 1e-3, 0.65 at 3e-3 → 3e-3 (even though 1e-3 has the better test).
      job(0.1, 1, 'baseline', 1e-3, 0.5, 0.9), job(0.1, 2, 'baseline', 1e-3, 0.7, 0.9),
      job(0.1, 1, 'baseline', 3e-3, 0.6, 0.1), job(0.1, 2, 'baseline', 3e-3, 0.7, 0.2),
      // tempbalance: 1e-3 (0.8) beats 3e-3 (0.75).
      job(0.1, 1, 'tempbalance', 1e-3, 0.8, 0.3), job(0.1, 2, 'tempbalance', 1e-3, 0.8, 0.4),
      job(0.1, 1, 'tempbalance', 3e-3, 0.7, 0.5), job(0.1, 2, 'tempbalance', 3e-3, 0.8, 0.6),
    ];
    const { kept, chosen } = selectByValidation(results);
    expect(chosen.get('0.1|baseline')).toBe(3e-3);
    expect(chosen.get('0.1|tempbalance')).toBe(1e-3);
    expect(kept.map((r) => r.test)).toEqual([0.1, 0.2, 0.3, 0.4]);
  });

  it('the FNO script\'s tb_std_sigmoid: ratio 10^(s·(σ(τ(α − mean α)) − ½)), per layer, no std', () => {
    // α = [2, 3, 4], mean 3, τ = 10, s_min = s_max = 0.5: x = −1, 0, 1.
    const rates = assignLayerRates([2, 3, 4], { assignFunc: 'sigmoid', sMin: 0.5, slope: 1, sigmoidMin: 0.5, sigmoidMax: 0.5, expTemp: 10, lrNormalize: false });
    const s = (x: number) => 1 / (1 + Math.exp(-10 * x)) - 0.5;
    expect(rates[0]).toBeCloseTo(10 ** (0.5 * s(-1)), 12); // ≈ 0.5624
    expect(rates[1]).toBeCloseTo(1, 12);
    expect(rates[2]).toBeCloseTo(10 ** (0.5 * s(1)), 12); // ≈ 1.778
    expect(rates[0]).toBeCloseTo(0.56236, 4);
  });
});
