import { describe, expect, it } from 'vitest';
import { presetOverrides } from './presets';
import { mergeShardReports, parseShard, shardFromEnv, shardJobs, type ShardFile } from './shard';
import { expandGrid, sweepReport, type JobResult, type SweepJob, type SweepSpec } from './sweep';

const spec: SweepSpec = { preset: 'sentiment-low', ratios: [0.05, 0.2], seeds: [1, 2, 3], steps: 20 };
const { jobs } = expandGrid(spec, presetOverrides);

function resultOf(j: SweepJob, test = 0.5 + j.seed / 100): JobResult {
  return { jobId: j.id, ratio: j.ratio, seed: j.seed, schedule: j.schedule, val: test, test, metricName: 'accuracy', higherIsBetter: true, loss: 0.3, steps: 20, ms: 1000 + j.seed };
}
function shardFile(index: number, count: number, opts: { app?: string; spec?: SweepSpec; results?: JobResult[] } = {}): ShardFile {
  const mine = shardJobs(jobs, { index, count });
  const results = opts.results ?? mine.map((j) => resultOf(j));
  return { file: `s${index}.json`, report: sweepReport(opts.spec ?? spec, jobs, results, { app: opts.app ?? '0.1.0', shard: { index, count }, wallMs: 100 * index, backend: 'wasm' }) };
}

describe('parseShard', () => {
  it('reads K/N with 1 ≤ K ≤ N and explains anything else', () => {
    expect(parseShard('2/8').shard).toEqual({ index: 2, count: 8 });
    expect(parseShard(' 1 / 1 ').shard).toEqual({ index: 1, count: 1 });
    expect(parseShard('0/3').error).toMatch(/K must be from 1 to 3/);
    expect(parseShard('4/3').error).toMatch(/K must be from 1 to 3/);
    expect(parseShard('1/0').error).toMatch(/N must be at least 1/);
    expect(parseShard('2').error).toMatch(/expects K\/N/);
    expect(parseShard('a/b').error).toMatch(/expects K\/N/);
  });
});

describe('shardFromEnv', () => {
  it('maps a Slurm array onto shards 1…N whatever its first index and step', () => {
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ shard: { index: 1, count: 4 }, source: 'SLURM_ARRAY_TASK_ID=0' });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '8', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '8' })).toMatchObject({ shard: { index: 8, count: 8 } });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '6', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '5' })).toMatchObject({ shard: { index: 4, count: 5 } });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '5' })).toMatchObject({ error: expect.stringMatching(/not on the array's grid/) });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '9', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '4' })).toMatchObject({ error: expect.stringMatching(/task 10 of only 4/) });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '4' }, 3)).toMatchObject({ error: expect.stringMatching(/--shards 3 disagrees/) });
  });
  it('takes a Kubernetes completion index (0-based) with --shards N, and nothing without a scheduler', () => {
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '2' }, 3)).toEqual({ shard: { index: 3, count: 3 }, source: 'JOB_COMPLETION_INDEX=2' });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '3' }, 3)).toMatchObject({ error: expect.stringMatching(/beyond --shards 3/) });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '0' })).toMatchObject({ error: expect.stringMatching(/pass --shards N/) });
    expect(shardFromEnv({})).toBeNull();
    expect(shardFromEnv({ PATH: '/bin' }, 4)).toBeNull();
  });
});

describe('shardJobs', () => {
  it('splits the grid into N disjoint parts that cover it, round robin', () => {
    for (const count of [1, 2, 3, 5, 12, 13]) {
      const parts = Array.from({ length: count }, (_, k) => shardJobs(jobs, { index: k + 1, count }));
      const ids = parts.flat().map((j) => j.id);
      expect(new Set(ids).size).toBe(jobs.length);
      expect(ids.length).toBe(jobs.length);
      // Sizes differ by at most one.
      const sizes = parts.map((p) => p.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(shardJobs([10, 11, 12, 13, 14, 15, 16], { index: 2, count: 3 })).toEqual([11, 14]);
  });
});

describe('mergeShardReports', () => {
  it('puts the shards back into one report in grid order, identical to the unsharded results', () => {
    const { report, missing } = mergeShardReports([shardFile(3, 3), shardFile(1, 3), shardFile(2, 3)], { command: 'merge' });
    expect(missing).toEqual([]);
    expect(report.results).toEqual(jobs.map((j) => resultOf(j)));
    expect(report.shard).toBeUndefined();
    expect(report.wallMs).toBe(300);
    expect(report.command).toBe('merge');
    expect(report.aggregate).toEqual(sweepReport(spec, jobs, jobs.map((j) => resultOf(j))).aggregate);
  });
  it('reports the jobs no shard finished (failed runs count as missing)', () => {
    const s2 = shardFile(2, 3);
    s2.report.results[0] = { ...s2.report.results[0], error: 'out of memory', test: NaN, val: NaN };
    const { report, missing } = mergeShardReports([shardFile(1, 3), s2]);
    const expected = [...shardJobs(jobs, { index: 3, count: 3 }), shardJobs(jobs, { index: 2, count: 3 })[0]].map((j) => j.id);
    expect(missing.map((j) => j.id).sort()).toEqual(expected.sort());
    expect(report.results.length).toBe(jobs.length - expected.length);
  });
  it('accepts the same job twice with the same outcome, refuses it with a different one', () => {
    const a = shardFile(1, 2);
    expect(mergeShardReports([a, shardFile(1, 2), shardFile(2, 2)]).missing).toEqual([]);
    const changed = shardFile(1, 2, { results: shardJobs(jobs, { index: 1, count: 2 }).map((j) => resultOf(j, 0.9)) });
    expect(() => mergeShardReports([a, changed])).toThrow(/has different results in s1.json and s1.json/);
  });
  it('refuses shards of different grids, specs or versions', () => {
    expect(() => mergeShardReports([shardFile(1, 2), shardFile(2, 2, { app: '0.2.0' })])).toThrow(/version 0.2.0 of the lab/);
    const other = { ...spec, seeds: [1, 2, 4] };
    expect(() => mergeShardReports([shardFile(1, 2), shardFile(2, 2, { spec: other })])).toThrow(/different sweep/);
    const b = shardFile(2, 2);
    b.report = { ...b.report, jobs: b.report.jobs.slice(1) };
    expect(() => mergeShardReports([shardFile(1, 2), b])).toThrow(/different grids/);
    const v = shardFile(2, 2);
    v.report = { ...v.report, version: 2 as 1 };
    expect(() => mergeShardReports([shardFile(1, 2), v])).toThrow(/report version 2/);
    expect(() => mergeShardReports([])).toThrow(/at least one/);
  });
});
