import { describe, expect, it } from 'vitest';
import { aggregate, type JobResult, type SweepSchedule } from '../../experiment/sweep';
import { chartRows, gainDomain } from './SweepCharts';

const r = (ratio: number, seed: number, schedule: SweepSchedule, test: number): JobResult => ({
  jobId: `${ratio}/${seed}/${schedule}`, ratio, seed, schedule, val: test, test, metricName: 'nRMSE', higherIsBetter: false, ms: 1,
});

describe('chart rows', () => {
  it('plot means, draw an undefined spread as no bar, and leave out ratios without a pair', () => {
    const agg = aggregate([r(0.1, 1, 'baseline', 0.3), r(0.1, 1, 'tempbalance', 0.2), r(0.5, 1, 'baseline', 0.1), r(0.5, 2, 'baseline', 0.2)]);
    const { metric, gain } = chartRows(agg);
    expect(metric).toEqual([
      { ratio: 0.1, baseline: 0.3, baselineStd: 0, tempbalance: 0.2, tempbalanceStd: 0 },
      { ratio: 0.5, baseline: expect.closeTo(0.15, 15), baselineStd: expect.closeTo(Math.SQRT1_2 * 0.1, 15), tempbalance: null, tempbalanceStd: 0 },
    ]);
    // nRMSE: the gain is baseline − TempBalance.
    expect(gain).toEqual([{ ratio: 0.1, gain: expect.closeTo(0.1, 15), gainStd: 0 }]);
    // Every plotted number is finite or null (JSON-safe, recharts-safe).
    expect(JSON.stringify({ metric, gain })).not.toMatch(/NaN|Infinity/);
  });

  it('the gain axis always contains 0 and every error bar', () => {
    const [lo, hi] = gainDomain([{ ratio: 0.1, gain: 0.05, gainStd: 0.02 }, { ratio: 0.5, gain: -0.01, gainStd: 0.005 }]);
    expect(lo).toBeLessThan(-0.015);
    expect(hi).toBeGreaterThan(0.07);
    expect(gainDomain([{ ratio: 0.1, gain: 0.02, gainStd: 0 }])[0]).toBeLessThan(0);
    expect(gainDomain([{ ratio: 0.1, gain: 0, gainStd: 0 }])).toEqual([-0.01, 0.01]);
    expect(gainDomain([])).toEqual([-0.01, 0.01]);
  });
});
