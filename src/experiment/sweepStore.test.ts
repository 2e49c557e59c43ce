import { describe, expect, it } from 'vitest';
import { presetOverrides } from './presets';
import { sweepIdOf, type JobResult, type SweepJob, type SweepSpec } from './sweep';
import { beginSweep, endSweep, MemorySweepStore, reopenSweep } from './sweepStore';

const spec: SweepSpec = { preset: 'sentiment-low', ratios: [0.05, 0.2], seeds: [1, 2], steps: 10 };

function resultOf(job: SweepJob, test: number): JobResult {
  return { jobId: job.id, ratio: job.ratio, seed: job.seed, schedule: job.schedule, val: test, test, metricName: 'accuracy', higherIsBetter: true, ms: 10 };
}

describe('MemorySweepStore', () => {
  it('keeps sweeps and results apart per sweep, replaces a result with the same job id', async () => {
    const store = new MemorySweepStore();
    const a = await beginSweep(store, spec, presetOverrides, 1);
    const b = await beginSweep(store, { ...spec, seeds: [3] }, presetOverrides, 2);
    await store.putResult(a.sweep.id, resultOf(a.jobs[0], 0.5));
    await store.putResult(a.sweep.id, resultOf(a.jobs[0], 0.6));
    await store.putResult(b.sweep.id, resultOf(b.jobs[0], 0.7));
    expect((await store.results(a.sweep.id)).map((r) => r.test)).toEqual([0.6]);
    expect((await store.results(b.sweep.id)).map((r) => r.test)).toEqual([0.7]);
    expect((await store.latestSweep())?.id).toBe(b.sweep.id);
    await store.deleteSweep(b.sweep.id);
    expect(await store.results(b.sweep.id)).toEqual([]);
    expect((await store.latestSweep())?.id).toBe(a.sweep.id);
  });

  it('returns copies: mutating what it gave back does not change what it stores', async () => {
    const store = new MemorySweepStore();
    const { sweep, jobs } = await beginSweep(store, spec, presetOverrides, 1);
    await store.putResult(sweep.id, resultOf(jobs[0], 0.5));
    (await store.results(sweep.id))[0].test = 99;
    (await store.getSweep(sweep.id))!.spec.ratios.push(1);
    expect((await store.results(sweep.id))[0].test).toBe(0.5);
    expect((await store.getSweep(sweep.id))!.spec.ratios).toEqual([0.05, 0.2]);
  });
});

describe('resume after a reload', () => {
  it('reopens the latest sweep with its results and exactly the unfinished jobs', async () => {
    const store = new MemorySweepStore();
    const started = await beginSweep(store, spec, presetOverrides, 100);
    expect(started.sweep).toMatchObject({ id: sweepIdOf(started.jobs), status: 'running', createdAt: 100 });
    expect(started.pending).toHaveLength(8);
    for (const k of [0, 1, 5]) await store.putResult(started.sweep.id, resultOf(started.jobs[k], k / 10));

    // "Reload": nothing but the store survives.
    const back = await reopenSweep(store, presetOverrides);
    expect(back).not.toBeNull();
    expect(back!.sweep.spec).toEqual(spec);
    expect(back!.sweep.status).toBe('running'); // interrupted, not finished: the view offers Resume
    expect(back!.jobs.map((j) => j.id)).toEqual(started.jobs.map((j) => j.id));
    expect(back!.results.map((r) => r.test).sort()).toEqual([0, 0.1, 0.5]);
    expect(back!.pending.map((j) => j.id)).toEqual(started.jobs.filter((_, k) => ![0, 1, 5].includes(k)).map((j) => j.id));
  });

  it('starting the same grid again keeps its results and creation time; another grid starts empty', async () => {
    const store = new MemorySweepStore();
    const first = await beginSweep(store, spec, presetOverrides, 100);
    await store.putResult(first.sweep.id, resultOf(first.jobs[2], 0.8));
    await endSweep(store, first.sweep.id, 'cancelled', 150);
    expect((await store.getSweep(first.sweep.id))!.status).toBe('cancelled');

    const again = await beginSweep(store, { ...spec, ratios: [0.05, 0.2] }, presetOverrides, 200);
    expect(again.sweep).toMatchObject({ id: first.sweep.id, status: 'running', createdAt: 100, updatedAt: 200 });
    expect(again.results).toHaveLength(1);
    expect(again.pending).toHaveLength(7);

    const other = await beginSweep(store, { ...spec, steps: 11 }, presetOverrides, 300);
    expect(other.sweep.id).not.toBe(first.sweep.id);
    expect(other.results).toEqual([]);
  });

  it('drops stored results whose job is no longer in the grid', async () => {
    const store = new MemorySweepStore();
    const { sweep, jobs } = await beginSweep(store, spec, presetOverrides, 1);
    await store.putResult(sweep.id, resultOf(jobs[0], 0.5));
    await store.putResult(sweep.id, { ...resultOf(jobs[1], 0.6), jobId: 'v=1&preset=gone' });
    const back = await reopenSweep(store, presetOverrides, sweep.id);
    expect(back!.results).toHaveLength(1);
    expect(back!.dropped).toBe(1);
    expect(back!.pending).toHaveLength(7);
  });

  it('refuses an empty grid and reopens nothing from an empty store', async () => {
    const store = new MemorySweepStore();
    await expect(beginSweep(store, { ...spec, seeds: [] }, presetOverrides, 1)).rejects.toThrow(/no jobs/);
    expect(await reopenSweep(store, presetOverrides)).toBeNull();
  });
});
