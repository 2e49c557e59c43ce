import { describe, expect, it } from 'vitest';
import { presetOverrides } from './presets';
import {
  aggregate,
  aggregateCsv,
  expandGrid,
  meanStd,
  parseNumberList,
  parseReportResults,
  pendingJobs,
  reportJson,
  resultsCsv,
  sweepIdOf,
  sweepReport,
  timeLeftMs,
  type JobResult,
  type SweepSchedule,
  type SweepSpec,
} from './sweep';
import { decodeLink } from './url';

const spec: SweepSpec = { preset: 'sentiment-low', ratios: [0.05, 0.2], seeds: [1, 2], steps: 20 };

function result(ratio: number, seed: number, schedule: SweepSchedule, test: number, metric: 'accuracy' | 'nRMSE' = 'accuracy'): JobResult {
  return { jobId: `${ratio}/${seed}/${schedule}`, ratio, seed, schedule, val: test, test, metricName: metric, higherIsBetter: metric === 'accuracy', ms: 1000 };
}

describe('expandGrid', () => {
  it('makes ratios × seeds × 2 single-schedule jobs in ratio → seed → schedule order', () => {
    const { jobs, notices } = expandGrid(spec, presetOverrides);
    expect(notices).toEqual([]);
    expect(jobs.map((j) => [j.ratio, j.seed, j.schedule])).toEqual([
      [0.05, 1, 'baseline'], [0.05, 1, 'tempbalance'], [0.05, 2, 'baseline'], [0.05, 2, 'tempbalance'],
      [0.2, 1, 'baseline'], [0.2, 1, 'tempbalance'], [0.2, 2, 'baseline'], [0.2, 2, 'tempbalance'],
    ]);
    for (const j of jobs) {
      expect(j.config.mode).toBe(j.schedule);
      expect(j.config.ratio).toBe(j.ratio);
      expect(j.config.seed).toBe(j.seed);
      expect(j.config.steps).toBe(20);
      // The rest is the preset's: the sweep changes only the grid keys and steps.
      expect(j.config.assign).toBe(presetOverrides(spec.preset)!.assign);
    }
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
  });

  it('job ids are links that decode back to the exact config', () => {
    for (const j of expandGrid(spec, presetOverrides).jobs) {
      const back = decodeLink(j.id, presetOverrides);
      expect(back.notices).toEqual([]);
      expect(back.config).toEqual(j.config);
    }
  });

  it('ids are stable across expansions and change with any setting', () => {
    const a = expandGrid(spec, presetOverrides).jobs.map((j) => j.id);
    expect(expandGrid({ ...spec }, presetOverrides).jobs.map((j) => j.id)).toEqual(a);
    const b = expandGrid({ ...spec, overrides: { lr: '0.002' } }, presetOverrides).jobs;
    expect(b[0].config.lr).toBe(0.002);
    expect(b.some((j) => a.includes(j.id))).toBe(false);
    expect(sweepIdOf(expandGrid(spec, presetOverrides).jobs)).toBe(sweepIdOf(expandGrid(spec, presetOverrides).jobs));
    expect(sweepIdOf(b)).not.toBe(sweepIdOf(expandGrid(spec, presetOverrides).jobs));
  });

  it('ignores overrides of grid keys, and merges ratios that clamp to the same value', () => {
    const { jobs, notices } = expandGrid({ preset: 'sentiment-low', ratios: [0.001, 0.002], seeds: [3], overrides: { seed: '9', mode: 'compare' } }, presetOverrides);
    expect(jobs.map((j) => [j.ratio, j.seed, j.schedule])).toEqual([[0.005, 3, 'baseline'], [0.005, 3, 'tempbalance']]);
    expect(notices.map((n) => n.key).sort()).toEqual(['mode', 'ratio', 'ratio', 'seed']);
  });
});

describe('bookkeeping', () => {
  it('pendingJobs leaves out jobs with a result, keeping grid order', () => {
    const { jobs } = expandGrid(spec, presetOverrides);
    const done = [jobs[1], jobs[4]].map((j) => ({ ...result(j.ratio, j.seed, j.schedule, 0.5), jobId: j.id }));
    expect(pendingJobs(jobs, done)).toEqual(jobs.filter((_, i) => i !== 1 && i !== 4));
  });

  it('parseNumberList reads lists and names the bad item', () => {
    expect(parseNumberList(' 0.02, 0.05,0.02 ,', 'ratios')).toEqual({ values: [0.02, 0.05] });
    expect(parseNumberList('1,x', 'seeds').error).toBe('seeds: "x" is not a number');
    expect(parseNumberList('1,2.5', 'seeds', { integer: true }).error).toMatch(/"2.5" is not a whole number/);
    expect(parseNumberList(' , ', 'ratios').error).toMatch(/at least one/);
  });

  it('timeLeftMs: mean job time × remaining waves', () => {
    expect(timeLeftMs([], 3, 2)).toBeNull();
    expect(timeLeftMs([1000, 3000], 0, 2)).toBe(0);
    expect(timeLeftMs([1000, 3000], 3, 2)).toBe(4000); // 2 waves of 2000 ms
    expect(timeLeftMs([1000, 3000], 3, 1)).toBe(6000);
  });
});

describe('meanStd', () => {
  it('matches the closed form with the n − 1 divisor', () => {
    // 1, 2, 3, 4: mean 2.5, Σ(x − 2.5)² = 5, sample variance 5/3.
    const s = meanStd([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.std).toBeCloseTo(Math.sqrt(5 / 3), 15);
    expect(s.n).toBe(4);
  });

  it('is shift-invariant without cancellation (values near 1e8 with a spread of 1)', () => {
    const s = meanStd([1e8 + 1, 1e8 + 2, 1e8 + 3, 1e8 + 4]);
    expect(s.std).toBeCloseTo(Math.sqrt(5 / 3), 9);
  });

  it('one value has no spread (NaN), none has no mean, NaN values are skipped', () => {
    expect(meanStd([0.7])).toEqual({ mean: 0.7, std: NaN, n: 1 });
    expect(meanStd([])).toEqual({ mean: NaN, std: NaN, n: 0 });
    expect(meanStd([NaN, 2, 4])).toEqual({ mean: 3, std: Math.SQRT2, n: 2 });
  });
});

describe('aggregate', () => {
  it('averages the runs\' α spreads per schedule; rows without spreads have none', () => {
    const sp = (start: number, end: number) => ({ start: { fitted: start + 1, corrected: start, layers: 12 }, end: { fitted: end + 1, corrected: end, layers: 12 } });
    const rs = [
      { ...result(0.05, 1, 'baseline', 0.6), spread: sp(0.4, 0.5) }, { ...result(0.05, 1, 'tempbalance', 0.7), spread: sp(0.4, 0.3) },
      { ...result(0.05, 2, 'baseline', 0.6), spread: sp(0.6, 0.7) }, { ...result(0.05, 2, 'tempbalance', 0.7), spread: sp(0.6, 0.5) },
      result(0.2, 1, 'baseline', 0.8), result(0.2, 1, 'tempbalance', 0.82),
    ];
    const [low, high] = aggregate(rs).rows;
    expect(low.spread?.baseline.start.corrected).toBeCloseTo(0.5, 15);
    expect(low.spread?.baseline.end.corrected).toBeCloseTo(0.6, 15);
    expect(low.spread?.tempbalance.end.corrected).toBeCloseTo(0.4, 15);
    expect(low.spread?.tempbalance.end.fitted).toBeCloseTo(1.4, 15);
    expect(low.spread?.baseline.n).toBe(2);
    expect(high.spread).toBeUndefined();
  });

  it('per ratio and schedule mean ± std; improvement = tb − baseline for accuracy', () => {
    const rs = [
      result(0.2, 1, 'baseline', 0.8), result(0.2, 1, 'tempbalance', 0.82),
      result(0.05, 1, 'baseline', 0.6), result(0.05, 1, 'tempbalance', 0.7),
      result(0.05, 2, 'baseline', 0.62), result(0.05, 2, 'tempbalance', 0.66),
    ];
    const agg = aggregate(rs);
    expect(agg.metricName).toBe('accuracy');
    expect(agg.rows.map((r) => r.ratio)).toEqual([0.05, 0.2]);
    const low = agg.rows[0];
    expect(low.baseline.mean).toBeCloseTo(0.61, 15);
    expect(low.tempbalance.mean).toBeCloseTo(0.68, 15);
    // Paired over all seeds: the mean difference equals the difference of the means.
    expect(low.improvement.mean).toBeCloseTo(low.tempbalance.mean - low.baseline.mean, 15);
    // Differences 0.10 and 0.04: std = |0.10 − 0.04| / √2.
    expect(low.improvement.std).toBeCloseTo(0.06 / Math.SQRT2, 14);
    expect(agg.rows[1].improvement).toEqual({ mean: expect.closeTo(0.02, 15), std: NaN, n: 1 });
  });

  it('for nRMSE lower is better: improvement = baseline − tb', () => {
    const agg = aggregate([result(0.1, 1, 'baseline', 0.3, 'nRMSE'), result(0.1, 1, 'tempbalance', 0.25, 'nRMSE')]);
    expect(agg.higherIsBetter).toBe(false);
    expect(agg.rows[0].improvement.mean).toBeCloseTo(0.05, 15);
  });

  it('pairs only seeds that have both schedules; a constant offset has zero spread', () => {
    const rs = [1, 2, 3].flatMap((s) => [result(0.1, s, 'baseline', 0.5 + s / 10), result(0.1, s, 'tempbalance', 0.5 + s / 10 + 0.25)]);
    rs.push(result(0.1, 4, 'baseline', 0.1)); // no TempBalance partner
    const row = aggregate(rs).rows[0];
    expect(row.baseline.n).toBe(4);
    expect(row.improvement.n).toBe(3);
    expect(row.improvement.mean).toBeCloseTo(0.25, 14);
    expect(row.improvement.std).toBeLessThan(1e-15);
  });
});

describe('exports', () => {
  const rs = [result(0.05, 1, 'baseline', 0.6), result(0.05, 1, 'tempbalance', 0.7), result(0.05, 2, 'baseline', NaN)];

  it('aggregate CSV has one row per ratio and empty cells for undefined values', () => {
    const lines = aggregateCsv(aggregate(rs)).trim().split('\n');
    expect(lines[0]).toBe('ratio,baseline_test_accuracy_mean,baseline_test_accuracy_std,baseline_n,tempbalance_test_accuracy_mean,tempbalance_test_accuracy_std,tempbalance_n,improvement_mean,improvement_std,pairs,p_paired_t,seeds_won');
    const cells = lines[1].split(',');
    expect(cells).toHaveLength(12);
    expect(Number(cells[0])).toBe(0.05);
    expect(cells[2]).toBe(''); // one finite baseline value: no std
    expect(Number(cells[7])).toBeCloseTo(0.1, 15);
    expect(cells[11]).toBe(String(aggregate(rs).rows[0].won));
  });

  it('aggregate rows carry the paired t-test p-value and the seeds won', () => {
    // Gains 0.02, 0.04, −0.01 over three seeds: t = 0.01667 / (0.02517 / √3) = 1.147, df 2 ⇒ p = 0.370 (scipy.stats.ttest_rel).
    const mk = (seed: number, schedule: 'baseline' | 'tempbalance', test: number) => ({ ...rs[0], seed, schedule, test, val: test });
    const row = aggregate([mk(1, 'baseline', 0.5), mk(1, 'tempbalance', 0.52), mk(2, 'baseline', 0.6), mk(2, 'tempbalance', 0.64), mk(3, 'baseline', 0.7), mk(3, 'tempbalance', 0.69)]).rows[0];
    expect(row.won).toBe(2);
    expect(row.improvement.n).toBe(3);
    expect(row.p).toBeCloseTo(0.3701, 3);
  });

  it('results CSV quotes messages', () => {
    const csv = resultsCsv([{ ...rs[0], diverged: 'loss is "NaN", at step 3' }]);
    expect(csv.split('\n')[1]).toBe('0.05,1,baseline,accuracy,0.6,0.6,,,1000,"loss is ""NaN"", at step 3",');
  });

  it('JSON report round-trips results, NaN as null', () => {
    const { jobs } = expandGrid(spec, presetOverrides);
    const text = reportJson(sweepReport(spec, jobs, rs, { wallMs: 5000, command: 'npm run sweep' }));
    const json = JSON.parse(text);
    expect(json.results[2].test).toBeNull();
    expect(json.jobs).toHaveLength(8);
    expect(json.aggregate.rows[0].baseline.std).toBeNull();
    const back = parseReportResults(json);
    expect(back[2].test).toBeNaN();
    expect(back.slice(0, 2)).toEqual(rs.slice(0, 2));
  });
});
