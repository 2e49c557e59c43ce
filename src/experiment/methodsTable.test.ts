import { describe, expect, it } from 'vitest';
import { pairedTTest } from '../math/stats';
import { methodRows } from './methodsTable';
import type { JobResult, SweepSchedule } from './sweep';

/** An nRMSE run (lower is better); `val` defaults to the test value. */
function run(seed: number, schedule: SweepSchedule, test: number, extra: Partial<JobResult> = {}): JobResult {
  return { jobId: `${seed}/${schedule}/${extra.lr ?? ''}`, ratio: 0.02, seed, schedule, val: test, test, metricName: 'nRMSE', higherIsBetter: false, ms: 1, ...extra };
}

const ft = [run(1, 'baseline', 0.30), run(1, 'tempbalance', 0.29), run(2, 'baseline', 0.20), run(2, 'tempbalance', 0.21), run(3, 'baseline', 0.25), run(3, 'tempbalance', 0.24)];

describe('methodRows', () => {
  it('pairs each method with TB within it and with FT\'s baseline, signed so positive is better', () => {
    const sam = [run(1, 'baseline', 0.28), run(1, 'tempbalance', 0.27), run(2, 'baseline', 0.19), run(2, 'tempbalance', 0.17), run(3, 'baseline', 0.26), run(3, 'tempbalance', 0.22)];
    const [ftRow, samRow] = methodRows(ft, [['FT', ft], ['SAM', sam]]);
    // FT against itself: zero, with p = 1.
    expect(ftRow.vsFt).toMatchObject({ mean: 0, n: 3, won: 0, p: 1 });
    expect(ftRow.tbGain.mean).toBeCloseTo((0.01 - 0.01 + 0.01) / 3, 12);
    expect(ftRow.tbGain.won).toBe(2);
    // SAM's TB gain: baseline − TB per seed = 0.01, 0.02, 0.04.
    const d = [0.01, 0.02, 0.04];
    expect(samRow.tbGain.mean).toBeCloseTo(d.reduce((a, b) => a + b) / 3, 12);
    expect(samRow.tbGain.p).toBeCloseTo(pairedTTest([0, 0, 0], d).p, 12);
    expect(samRow.tbGain.won).toBe(3);
    // SAM over FT: 0.02, 0.01, −0.01; SAM + TB over FT: 0.03, 0.03, 0.03 (p 0: no spread).
    expect(samRow.vsFt.mean).toBeCloseTo(0.02 / 3, 12);
    expect(samRow.vsFt.won).toBe(2);
    expect(samRow.tbVsFt.mean).toBeCloseTo(0.03, 12);
    expect(samRow.tbVsFt.won).toBe(3);
    // SAM + TB over FT + TB: 0.02, 0.04, 0.02.
    expect(samRow.tbVsFtTb.mean).toBeCloseTo(0.08 / 3, 12);
    expect(samRow.tbVsFtTb.won).toBe(3);
    expect(ftRow.tbVsFtTb).toMatchObject({ mean: 0, won: 0 });
    expect(samRow.baseline.mean).toBeCloseTo((0.28 + 0.19 + 0.26) / 3, 12);
  });

  it('keeps, per method and schedule, only the learning rate validation chose; test plays no part', () => {
    // lr 1 has the better validation, lr 2 the better test: lr 1 is kept for both schedules.
    const grid = [1, 2, 3].flatMap((seed) => (['baseline', 'tempbalance'] as const).flatMap((s) => [
      run(seed, s, 0.5, { lr: 1, val: 0.1 }),
      run(seed, s, 0.01, { lr: 2, val: 0.2 }),
    ]));
    const [row] = methodRows(ft, [['LAMB', grid]]);
    expect(row.lr).toEqual({ baseline: 1, tempbalance: 1 });
    expect(row.baseline.mean).toBeCloseTo(0.5, 12);
    expect(row.vsFt.won).toBe(0);
  });

  it('pairs only seeds both sides finished; failed runs are left out', () => {
    const partial = [run(1, 'baseline', 0.3), run(1, 'tempbalance', 0.2), run(2, 'baseline', NaN, { error: 'boom' }), run(2, 'tempbalance', 0.2)];
    const [row] = methodRows(ft, [['X', partial]]);
    expect(row.tbGain.n).toBe(1);
    expect(row.tbGain.p).toBeNaN();
    expect(row.tbVsFt.n).toBe(2);
  });
});
