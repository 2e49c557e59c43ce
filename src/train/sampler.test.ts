import { describe, expect, it } from 'vitest';
import { BatchSampler } from './sampler';

describe('BatchSampler', () => {
  it('visits every example once per epoch (minus the dropped remainder) and flags epoch ends', () => {
    const s = new BatchSampler(10, 3, 5);
    expect(s.stepsPerEpoch).toBe(3);
    const seen: number[] = [];
    const ends: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const b = s.next();
      seen.push(...b.indices);
      ends.push(b.epochEnded);
    }
    expect(ends).toEqual([false, false, true]);
    expect(new Set(seen).size).toBe(9);
    expect(s.epoch).toBe(1);
  });
  it('is deterministic per seed and reshuffles each epoch', () => {
    const a = new BatchSampler(50, 10, 1);
    const b = new BatchSampler(50, 10, 1);
    const c = new BatchSampler(50, 10, 2);
    const ea = Array.from({ length: 5 }, () => Array.from(a.next().indices));
    const eb = Array.from({ length: 5 }, () => Array.from(b.next().indices));
    const ec = Array.from({ length: 5 }, () => Array.from(c.next().indices));
    expect(ea).toEqual(eb);
    expect(ea).not.toEqual(ec);
    const second = Array.from({ length: 5 }, () => Array.from(a.next().indices));
    expect(second).not.toEqual(ea);
  });
  it('uses a set smaller than the batch whole', () => {
    const s = new BatchSampler(4, 32, 0);
    expect(s.batchSize).toBe(4);
    const b = s.next();
    expect([...b.indices].sort()).toEqual([0, 1, 2, 3]);
    expect(b.epochEnded).toBe(true);
  });
});
