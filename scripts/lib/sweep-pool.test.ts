import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { JobResult, SweepJob } from '../../src/experiment/sweep';
import { runPool } from './sweep-pool';

const FAKE = { path: fileURLToPath(new URL('./testdata/fake-sweep-child.mjs', import.meta.url)), execArgv: [] };

const job = (seed: number): SweepJob => ({ id: `job-${seed}`, ratio: 0.1, seed, schedule: 'baseline', config: {} as SweepJob['config'] });

async function run(seeds: number[], workers: number) {
  const results: JobResult[] = [];
  const failed: [string, string][] = [];
  const ready: string[] = [];
  await runPool(seeds.map(job), workers, 'wasm', {
    onReady: (_w, backend) => ready.push(backend),
    onResult: (_j, r) => results.push(r),
    onFailed: (j, message) => failed.push([j.id, message]),
  }, FAKE);
  return { results, failed, ready };
}

describe('runPool (npm run sweep -- --jobs N)', () => {
  it('starts the workers asked for and runs every job exactly once', async () => {
    const { results, failed, ready } = await run([1, 2, 3, 4, 5, 6, 7, 8], 3);
    expect(failed).toEqual([]);
    expect(ready).toEqual(['fake-wasm', 'fake-wasm', 'fake-wasm']);
    expect(results.map((r) => r.seed).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('reports a job that throws and goes on with the rest', async () => {
    const { results, failed } = await run([1, 13, 2], 1);
    expect(failed).toEqual([['job-13', 'unlucky seed']]);
    expect(results.map((r) => r.seed)).toEqual([1, 2]);
  });

  it('fails the job of a worker that dies; the other worker takes the queue', async () => {
    const { results, failed } = await run([66, 1, 2, 3], 2);
    expect(failed).toHaveLength(1);
    expect(failed[0][0]).toBe('job-66');
    expect(failed[0][1]).toMatch(/exited with code 3/);
    expect(results.map((r) => r.seed).sort()).toEqual([1, 2, 3]);
  });

  it('fails what is left when no worker is left, and never starts more workers than jobs', async () => {
    const { results, failed } = await run([66, 2], 1);
    expect(results).toEqual([]);
    expect(failed.map(([id]) => id)).toEqual(['job-66', 'job-2']);
    expect(failed[1][1]).toMatch(/no sweep worker left/);
    expect((await run([5], 4)).ready).toHaveLength(1);
  });
});
