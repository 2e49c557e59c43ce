import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregate, parseReportResults, type JobResult, type SweepSchedule } from '../../experiment/sweep';
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

  it('chart a real CLI sweep file: each point is the mean of its runs’ recorded spreads', () => {
    const json = JSON.parse(readFileSync('test/fixtures/sweep/tiny-spread.json', 'utf8')) as { results: JobResult[] };
    const rows = spreadRows(aggregate(parseReportResults(json)), 'corrected');
    expect(rows.map((r) => r.ratio)).toEqual([0.02, 0.05]);
    // Recomputed here from the raw runs, without the aggregate: plain means over the seeds.
    const mean = (ratio: number, schedule: SweepSchedule, when: 'start' | 'end', kind: 'corrected' | 'fitted') => {
      const xs = json.results.filter((r) => r.ratio === ratio && r.schedule === schedule).map((r) => r.spread![when][kind]);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    for (const kind of ['corrected', 'fitted'] as const) {
      for (const r of spreadRows(aggregate(parseReportResults(json)), kind)) {
        expect(r.baselineN).toBe(2);
        expect(r.tempbalanceN).toBe(2);
        expect(r.baselineStart).toBeCloseTo(mean(r.ratio, 'baseline', 'start', kind), 14);
        expect(r.baselineEnd).toBeCloseTo(mean(r.ratio, 'baseline', 'end', kind), 14);
        expect(r.tempbalanceStart).toBeCloseTo(mean(r.ratio, 'tempbalance', 'start', kind), 14);
        expect(r.tempbalanceEnd).toBeCloseTo(mean(r.ratio, 'tempbalance', 'end', kind), 14);
      }
    }
    // The shapes' part is taken out: corrected spreads are below the spreads of α as fitted in this model.
    for (const r of rows) expect(r.baselineStart!).toBeLessThan(spreadRows(aggregate(parseReportResults(json)), 'fitted')[rows.indexOf(r)].baselineStart!);
  });
});
