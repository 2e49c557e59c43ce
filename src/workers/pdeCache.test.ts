/**
 * The PDE dataset cache over an in-memory store (IndexedDB itself is exercised in e2e/train.spec.ts).
 * The reference for a cache hit is the generator itself: a served dataset must equal, byte for byte,
 * what generatePdeDataset makes for the request, including a smaller request served from a larger
 * entry (the nesting property documented in src/data/pde/dataset.ts).
 */
import { describe, expect, it } from 'vitest';
import { datasetKey, generatePdeDataset, type PdeDatasetSpec } from '../data/pde/dataset';
import { firstSamples, loadPdeDataset, memoryStore, readEntry, type KeyValueStore } from './pdeCache';

const SPEC: PdeDatasetSpec = { equation: 'burgers', params: { nu: 0.01 }, nx: 16, nt: 5, samples: 6, seed: 4 };

/** The real generator, counting its calls and the progress it reports. */
function countingGenerator() {
  const calls: number[] = [];
  const generate = (spec: PdeDatasetSpec, onProgress?: (d: number, t: number) => void) => {
    calls.push(spec.samples);
    return generatePdeDataset(spec, onProgress);
  };
  return { generate, calls };
}

describe('loadPdeDataset', () => {
  it('generates on a miss (with progress), then serves the identical bytes from the store', async () => {
    const store = memoryStore();
    const { generate, calls } = countingGenerator();
    const progress: number[] = [];
    const first = await loadPdeDataset(SPEC, { store, generate, onProgress: (d) => progress.push(d) });
    expect(first.source).toBe('generated');
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    const second = await loadPdeDataset(SPEC, { store, generate });
    expect(second.source).toBe('cache');
    expect(calls).toEqual([6]);
    expect(second.dataset.u).toEqual(generatePdeDataset(SPEC).u);
    expect(second.dataset.x).toEqual(first.dataset.x);
    expect(second.dataset.t).toEqual(first.dataset.t);
    expect(second.dataset.spec).toEqual(SPEC);
  });

  it('serves a smaller request from a larger entry: equal to generating the smaller set', async () => {
    const store = memoryStore();
    const { generate, calls } = countingGenerator();
    await loadPdeDataset(SPEC, { store, generate });
    const small = { ...SPEC, samples: 2 };
    const got = await loadPdeDataset(small, { store, generate });
    expect(got.source).toBe('cache');
    expect(calls).toEqual([6]);
    expect(got.dataset.spec.samples).toBe(2);
    expect(got.dataset.u).toEqual(generatePdeDataset(small).u);
  });

  it('regenerates when the entry is too small, and replaces it with the larger set', async () => {
    const store = memoryStore();
    const { generate, calls } = countingGenerator();
    await loadPdeDataset({ ...SPEC, samples: 2 }, { store, generate });
    expect((await loadPdeDataset(SPEC, { store, generate })).source).toBe('generated');
    expect((await loadPdeDataset(SPEC, { store, generate })).source).toBe('cache');
    expect(calls).toEqual([2, 6]);
    expect(store.size).toBe(1);
  });

  it('keys by everything but the sample count: another ν or seed is a miss', async () => {
    const store = memoryStore();
    const { generate, calls } = countingGenerator();
    await loadPdeDataset(SPEC, { store, generate });
    await loadPdeDataset({ ...SPEC, params: { nu: 0.1 } }, { store, generate });
    await loadPdeDataset({ ...SPEC, seed: 5 }, { store, generate });
    expect(calls).toEqual([6, 6, 6]);
    expect(store.size).toBe(3);
  });

  it('treats a corrupt or foreign entry as a miss', async () => {
    const key = datasetKey(SPEC);
    const good = generatePdeDataset(SPEC);
    expect(readEntry(good, key)).not.toBeNull();
    expect(readEntry({ ...good, u: good.u.subarray(1) }, key)).toBeNull(); // truncated
    expect(readEntry({ ...good, u: Array.from(good.u) }, key)).toBeNull(); // wrong type
    expect(readEntry({ ...good, spec: { ...SPEC, seed: 9 } }, key)).toBeNull(); // another dataset's bytes
    expect(readEntry(undefined, key)).toBeNull();
    const store = memoryStore();
    await store.put(key, { ...good, u: good.u.subarray(3) });
    const { generate, calls } = countingGenerator();
    expect((await loadPdeDataset(SPEC, { store, generate })).source).toBe('generated');
    expect(calls).toEqual([6]);
  });

  it('never fails the run because of the store: broken get/put or no store at all still give the data', async () => {
    const broken: KeyValueStore = {
      get: () => Promise.reject(new Error('database closed')),
      put: () => Promise.reject(new Error('QuotaExceededError')),
    };
    const { generate } = countingGenerator();
    const a = await loadPdeDataset(SPEC, { store: broken, generate });
    const b = await loadPdeDataset(SPEC, { store: null, generate });
    expect(a.source).toBe('generated');
    expect(b.dataset.u).toEqual(a.dataset.u);
  });

  it('firstSamples copies the leading samples only', () => {
    const d = generatePdeDataset(SPEC);
    const f = firstSamples(d, 3);
    expect(f.u.buffer).not.toBe(d.u.buffer);
    expect(f.u).toEqual(d.u.subarray(0, 3 * SPEC.nt * SPEC.nx));
    expect(firstSamples(d, 6)).toBe(d);
  });
});
