import { describe, expect, it } from 'vitest';
import { aggregate, type JobResult, type SweepSchedule } from '../../experiment/sweep';
import { spreadRange, spreadRows } from './spreadRows';

/** One run with its spreads: start/end as (fitted, corrected). */
const r = (ratio: number, seed: number, schedule: SweepSchedule, start: [number, number], end: [number, number]): JobResult => ({
  jobId: `${ratio}/${seed}/${schedule}`, ratio, seed, schedule, val: 0.5, test: 0.5, metricName: 'accuracy', higherIsBetter: true, ms: 1,
  spread: { start: { fitted: start[0], corrected: start[1], layers: 4 }, end: { fitted: end[0], corrected: end[1], layers: 4 } },
});

describe('α spread vs ratio rows', () => {
  const runs = [
    r(0.02, 1, 'baseline', [0.5, 0.1], [0.9, 0.4]),
    r(0.02, 2, 'baseline', [0.7, 0.3], [1.1, 0.6]),
    r(0.02, 1, 'tempbalance', [0.5, 0.1], [0.6, 0.2]),
    r(0.02, 2, 'tempbalance', [0.7, 0.3], [0.8, 0.2]),
    r(0.5, 1, 'baseline', [0.5, 0.1], [0.55, 0.15]),
    r(0.5, 1, 'tempbalance', [0.5, 0.1], [0.5, NaN]),
  ];

  it('are the means over seeds per schedule, start and end, shape-corrected or as fitted', () => {
    const agg = aggregate(runs);
    expect(spreadRows(agg, 'corrected')).toEqual([
      { ratio: 0.02, baselineStart: expect.closeTo(0.2, 12), baselineEnd: expect.closeTo(0.5, 12), tempbalanceStart: expect.closeTo(0.2, 12), tempbalanceEnd: expect.closeTo(0.2, 12), baselineN: 2, tempbalanceN: 2 },
      // A NaN mean (one run's spread undefined) is a gap, never NaN in the plotted data.
      { ratio: 0.5, baselineStart: expect.closeTo(0.1, 12), baselineEnd: expect.closeTo(0.15, 12), tempbalanceStart: expect.closeTo(0.1, 12), tempbalanceEnd: null, baselineN: 1, tempbalanceN: 1 },
    ]);
    const fitted = spreadRows(agg, 'fitted');
    expect(fitted[0]).toMatchObject({ baselineStart: expect.closeTo(0.6, 12), baselineEnd: expect.closeTo(1.0, 12), tempbalanceEnd: expect.closeTo(0.7, 12) });
    expect(JSON.stringify(fitted)).not.toMatch(/NaN|Infinity/);
  });

  it('are empty for a sweep without recorded spreads (older result files, earlier browser sweeps)', () => {
    const old = runs.map(({ spread: _s, ...rest }) => rest);
    expect(spreadRows(aggregate(old), 'corrected')).toEqual([]);
    expect(spreadRange([])).toBeNull();
  });

  it('the y range spans every plotted value and skips gaps', () => {
    expect(spreadRange(spreadRows(aggregate(runs), 'corrected'))).toEqual([expect.closeTo(0.1, 12), expect.closeTo(0.5, 12)]);
  });
});
