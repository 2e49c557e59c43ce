import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEDULE,
  globalLr,
  isWarmupOver,
  scheduleCurve,
  stepEveryFromEpochs,
  warmupStepsFromRatio,
  type ScheduleConfig,
} from './schedule';

const cfg = (over: Partial<ScheduleConfig>): ScheduleConfig => ({ ...DEFAULT_SCHEDULE, baseLr: 1, ...over });

describe('globalLr', () => {
  it('constant: base everywhere, warm-up ramps first', () => {
    const c = cfg({ kind: 'constant', baseLr: 0.3 });
    expect(globalLr(c, 0, 10)).toBe(0.3);
    expect(globalLr(c, 9, 10)).toBe(0.3);
    // W = 4, from 0: step 1 → 0.3·1/4 = 0.075; step 4 → 0.3.
    const w = cfg({ kind: 'constant', baseLr: 0.3, warmupSteps: 4 });
    expect(globalLr(w, 0, 10)).toBe(0);
    expect(globalLr(w, 1, 10)).toBeCloseTo(0.075, 15);
    expect(globalLr(w, 4, 10)).toBe(0.3);
  });

  it('linear warm-up then linear decay to 0 (HF get_linear_schedule_with_warmup)', () => {
    // base 1, W = 2, T = 10. Warm-up: 0, 0.5. Decay: (10 − s)/(10 − 2) = (10 − s)/8.
    const c = cfg({ kind: 'linear', warmupSteps: 2 });
    const expected = [0, 0.5, 1, 7 / 8, 6 / 8, 5 / 8, 4 / 8, 3 / 8, 2 / 8, 1 / 8];
    const got = Array.from(scheduleCurve(c, 10));
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 15));
    // At and past the end: 0 (max(0, ·)).
    expect(globalLr(c, 10, 10)).toBe(0);
    expect(globalLr(c, 50, 10)).toBe(0);
  });

  it('warm-up from a fraction and decay to a floor', () => {
    // base 2, f = 0.1, W = 4: step 0 → 2·0.1 = 0.2; step 2 → 2·(0.1 + 0.9·2/4) = 2·0.55 = 1.1.
    // floor = 2·0.25 = 0.5, T = 12: step 8 → 0.5 + 1.5·(12 − 8)/8 = 0.5 + 0.75 = 1.25; end → 0.5.
    const c = cfg({ kind: 'linear', baseLr: 2, warmupSteps: 4, warmupStartFactor: 0.1, minLrFactor: 0.25 });
    expect(globalLr(c, 0, 12)).toBeCloseTo(0.2, 15);
    expect(globalLr(c, 2, 12)).toBeCloseTo(1.1, 15);
    expect(globalLr(c, 4, 12)).toBe(2);
    expect(globalLr(c, 8, 12)).toBeCloseTo(1.25, 15);
    expect(globalLr(c, 12, 12)).toBeCloseTo(0.5, 15);
  });

  it('warm-up + cosine: peak, half-way value, floor', () => {
    // W = 2, T = 10 ⇒ span 8. step 2 → p = 0 → 1. step 6 → p = ½ → ½(1 + cos(π/2)) = ½.
    // step 4 → p = ¼ → ½(1 + cos(π/4)) = ½ + √2/4 ≈ 0.853553. step 10 → 0.
    const c = cfg({ kind: 'cosine', warmupSteps: 2 });
    expect(globalLr(c, 1, 10)).toBeCloseTo(0.5, 15);
    expect(globalLr(c, 2, 10)).toBeCloseTo(1, 15);
    expect(globalLr(c, 4, 10)).toBeCloseTo(0.5 + Math.SQRT2 / 4, 15);
    expect(globalLr(c, 6, 10)).toBeCloseTo(0.5, 15);
    expect(globalLr(c, 10, 10)).toBeCloseTo(0, 15);
    // With floor 0.2: step 6 → 0.2 + 0.8·½ = 0.6.
    expect(globalLr({ ...c, minLrFactor: 0.2 }, 6, 10)).toBeCloseTo(0.6, 15);
  });

  it('cosine without warm-up equals CosineAnnealingLR(T_max = T, eta_min = 0)', () => {
    // eta_t = ½ (1 + cos(π t / T)); identity checked at every step.
    const c = cfg({ kind: 'cosine' });
    for (let t = 0; t <= 20; t++) {
      expect(globalLr(c, t, 20)).toBeCloseTo(0.5 * (1 + Math.cos((Math.PI * t) / 20)), 14);
    }
  });

  it('step decay: ×gamma every k steps (FNO recipe ×0.5 every 100 epochs)', () => {
    // base 1e-3, γ = 0.5, k = 3: steps 0–2 → 1e-3, 3–5 → 5e-4, 6–8 → 2.5e-4, 9 → 1.25e-4.
    const c = cfg({ kind: 'step', baseLr: 1e-3, stepEvery: 3, gamma: 0.5 });
    const expected = [1e-3, 1e-3, 1e-3, 5e-4, 5e-4, 5e-4, 2.5e-4, 2.5e-4, 2.5e-4, 1.25e-4];
    Array.from(scheduleCurve(c, 10)).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 18));
    // 100 epochs of 7 steps ⇒ k = 700.
    expect(stepEveryFromEpochs(100, 7)).toBe(700);
    // Warm-up on top of step decay: W = 4, step 3 → (3/4)·5e-4.
    expect(globalLr({ ...c, warmupSteps: 4 }, 3, 10)).toBeCloseTo(0.75 * 5e-4, 18);
  });

  it('degenerate runs: no decay phase keeps the peak', () => {
    const c = cfg({ kind: 'linear', warmupSteps: 5 });
    expect(globalLr(c, 5, 5)).toBe(1);
    expect(globalLr(cfg({ kind: 'cosine' }), 0, 0)).toBe(1);
  });
});

describe('helpers', () => {
  it('warm-up steps from a ratio round up like HF', () => {
    // 6 % of 250 steps = 15 (0.06·250 is exactly 15 in binary floating point).
    expect(warmupStepsFromRatio(0.06, 250)).toBe(15);
    expect(warmupStepsFromRatio(0.1, 33)).toBe(4); // 3.3 → 4
    expect(warmupStepsFromRatio(0, 100)).toBe(0);
  });

  it('isWarmupOver switches exactly at step W', () => {
    expect(isWarmupOver({ warmupSteps: 3 }, 2)).toBe(false);
    expect(isWarmupOver({ warmupSteps: 3 }, 3)).toBe(true);
    expect(isWarmupOver({ warmupSteps: 0 }, 0)).toBe(true);
  });
});
