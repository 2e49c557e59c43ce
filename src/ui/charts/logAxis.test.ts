import { describe, expect, it } from 'vitest';
import { fitLogTicks, formatLogTick, logDomain, logTicks } from './logAxis';

describe('log axis helpers', () => {
  it('domain ignores non-positive and non-finite values and pads by a factor', () => {
    expect(logDomain([0, -1, NaN, Infinity, 2, 8], 2)).toEqual([1, 16]);
    expect(logDomain([0, -3])).toBeNull();
    expect(logDomain([5])).toEqual([0.5, 50]);
  });
  it('ticks are exact decades over wide ranges and 1-2-5 over narrow ones, all inside the domain', () => {
    expect(logTicks(3e-4, 2e3)).toEqual([1e-3, 1e-2, 1e-1, 1, 10, 100, 1000]);
    expect(logTicks(0.15, 30)).toEqual([0.2, 0.5, 1, 2, 5, 10, 20]);
    expect(logTicks(1, 0.5)).toEqual([]);
  });
  it('labels far decades as powers', () => {
    expect([1e-4, 1000, 0.01, 20].map(formatLogTick)).toEqual(['10⁻⁴', '10³', '0.01', '20']);
  });

  it('fitLogTicks drops the 2× and 5× steps first, then every other decade, down to the room given', () => {
    const t = logTicks(0.01, 3); // 0.01 0.02 0.05 0.1 0.2 0.5 1 2
    expect(t).toHaveLength(8);
    expect(fitLogTicks(t, 8)).toEqual(t);
    expect(fitLogTicks(t, 5)).toEqual([0.01, 0.1, 1]);
    const decades = logTicks(1e-8, 1e2); // 11 decades
    expect(fitLogTicks(decades, 6)).toEqual([1e-8, 1e-6, 1e-4, 1e-2, 1, 1e2]);
    expect(fitLogTicks(decades, 3)).toEqual([1e-8, 1e-4, 1]);
    expect(fitLogTicks(decades, 0)).toEqual([1e-8, 1e-2]); // never fewer than two
    expect(fitLogTicks(logTicks(0.15, 3), 2)).toEqual([0.2, 2]); // one decade tick (1): the two ends
  });
});
