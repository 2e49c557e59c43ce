import { describe, expect, it } from 'vitest';
import { formatLogTick, logDomain, logTicks } from './logAxis';

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
});
