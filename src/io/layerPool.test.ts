import { describe, expect, it } from 'vitest';
import { POOL_MARGIN_BYTES, inOrder, layerBudget, runLayerPool } from './layerPool';
import type { PoolLayer } from './layerPool';

/** A pool run with fake work: each layer takes `delay(layer)` ms; records concurrency and bytes. */
async function simulate(layers: PoolLayer[], workers: number, max: number, delay: (l: PoolLayer) => number) {
  const started: number[] = [];
  const finished: number[] = [];
  let running = 0;
  let bytes = 0;
  let peakRunning = 0;
  let peakBytes = 0;
  const busy = new Set<number>();
  await runLayerPool(layers, { workers, maxBytesInFlight: max }, async (worker, l) => {
    expect(busy.has(worker), 'a worker got a second layer while busy').toBe(false);
    busy.add(worker);
    started.push(l.index);
    running++;
    bytes += l.bytes;
    peakRunning = Math.max(peakRunning, running);
    peakBytes = Math.max(peakBytes, bytes);
    await new Promise((r) => setTimeout(r, delay(l)));
    running--;
    bytes -= l.bytes;
    busy.delete(worker);
    return l.index * 10;
  }, (l, r) => {
    expect(r).toBe(l.index * 10);
    finished.push(l.index);
  });
  return { started, finished, peakRunning, peakBytes };
}

describe('runLayerPool', () => {
  const layers: PoolLayer[] = [5, 100, 20, 20, 1, 60, 3].map((bytes, index) => ({ index, bytes }));

  it('runs every layer once, largest first (ties in file order), at most `workers` at once', async () => {
    const r = await simulate(layers, 2, 1e9, (l) => l.bytes / 10);
    expect(r.started).toEqual([1, 5, 2, 3, 0, 6, 4]);
    expect([...r.finished].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(r.peakRunning).toBe(2);
  });

  it('keeps the bytes in flight within the bound, letting small layers run beside a large one', async () => {
    const r = await simulate(layers, 3, 110, (l) => l.bytes / 10);
    expect(r.peakBytes).toBeLessThanOrEqual(110);
    // 100 runs with the small ones (5, 3, 1) beside it; 60, 20, 20 wait until it is done.
    expect(r.started.slice(0, 3)).toEqual([1, 0, 6]);
    expect(r.finished.indexOf(1)).toBeLessThan(r.started.indexOf(5));
  });

  it('runs a layer larger than the bound alone', async () => {
    const r = await simulate([{ index: 0, bytes: 500 }, { index: 1, bytes: 10 }], 2, 100, () => 5);
    expect(r.peakBytes).toBe(500);
    expect(r.peakRunning).toBe(1);
  });

  it('one worker: the same set of results, sequentially', async () => {
    const r = await simulate(layers, 1, 1e9, () => 1);
    expect(r.peakRunning).toBe(1);
    expect(r.finished).toEqual(r.started);
  });

  it('rejects with the first error after the layers in flight finish, starting nothing new', async () => {
    const started: number[] = [];
    let inFlightAtReject = -1;
    let running = 0;
    const p = runLayerPool(layers, { workers: 2, maxBytesInFlight: 1e9 }, async (_, l) => {
      started.push(l.index);
      running++;
      await new Promise((r) => setTimeout(r, l.index === 5 ? 1 : 20));
      running--;
      if (l.index === 5) throw new Error('bad layer 5');
      return 0;
    }, () => {});
    await expect(p.finally(() => (inFlightAtReject = running))).rejects.toThrow('bad layer 5');
    expect(inFlightAtReject).toBe(0);
    expect(started).toEqual([1, 5]);
  });

  it('an empty list resolves; workers < 1 is a RangeError', async () => {
    await expect(runLayerPool([], { workers: 2, maxBytesInFlight: 1 }, async () => 0, () => {})).resolves.toBeUndefined();
    await expect(runLayerPool(layers, { workers: 0, maxBytesInFlight: 1 }, async () => 0, () => {})).rejects.toThrow(RangeError);
  });
});

describe('layerBudget and inOrder', () => {
  it('budget = largest + min(largest, margin)', () => {
    expect(layerBudget([{ index: 0, bytes: 10 }, { index: 1, bytes: 30 }])).toBe(60);
    const big = 500 * 2 ** 20;
    expect(layerBudget([{ index: 0, bytes: big }])).toBe(big + POOL_MARGIN_BYTES);
    expect(layerBudget([])).toBe(0);
  });

  it('inOrder emits each value once all earlier indices have arrived', () => {
    const out: [number, string][] = [];
    const push = inOrder<string>((k, v) => out.push([k, v]));
    push(2, 'c');
    push(1, 'b');
    expect(out).toEqual([]);
    push(0, 'a');
    expect(out).toEqual([[0, 'a'], [1, 'b'], [2, 'c']]);
    push(3, 'd');
    expect(out.length).toBe(4);
  });
});
