import { describe, expect, it } from 'vitest';
import type { EvalResult } from '../../train/tasks/types';
import { channelEvalRows } from './channelSeries';

const result = (extra: Record<string, number>): EvalResult => ({ split: 'val', loss: 0, metric: 0.5, metricName: 'nRMSE', higherIsBetter: false, extra });

describe('channelEvalRows', () => {
  it('one row per step with a column per run and channel; non-finite values become gaps', () => {
    const { rows, series } = channelEvalRows({
      baseline: [{ step: 10, result: result({ 'nrmse.density': 0.2, 'nrmse.pressure': NaN, rolloutMse: 1 }) }],
      tempbalance: [
        { step: 20, result: result({ 'nrmse.density': 0.1, 'nrmse.pressure': 0.3 }) },
        { step: 10, result: result({ 'nrmse.density': 0.25, 'nrmse.pressure': 0.35 }) },
      ],
    });
    expect(rows).toEqual([
      { step: 10, 'baseline:density': 0.2, 'baseline:pressure': null, 'tempbalance:density': 0.25, 'tempbalance:pressure': 0.35 },
      { step: 20, 'tempbalance:density': 0.1, 'tempbalance:pressure': 0.3 },
    ]);
    expect(series.map((s) => s.key)).toEqual(['baseline:density', 'baseline:pressure', 'tempbalance:density', 'tempbalance:pressure']);
  });

  it('is empty for one-channel tasks', () => {
    expect(channelEvalRows({ baseline: [{ step: 1, result: result({ nrmseLastFrame: 0.3 }) }] })).toEqual({ rows: [], series: [] });
  });
});
