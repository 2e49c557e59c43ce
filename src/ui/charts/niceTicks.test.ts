import { describe, expect, it } from 'vitest';
import { niceLinearTicks, stepTicks } from './niceTicks';

describe('niceLinearTicks', () => {
  it('covers the range with round, evenly spaced ticks', () => {
    for (const [lo, hi] of [[0.5058, 0.5076], [-0.00017, 0.001843], [0.14, 0.27], [-3, 1200], [1e-6, 3e-6]]) {
      const { domain, ticks } = niceLinearTicks(lo, hi);
      expect(domain[0]).toBeLessThanOrEqual(lo);
      expect(domain[1]).toBeGreaterThanOrEqual(hi);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(10);
      const step = ticks[1] - ticks[0];
      for (let k = 1; k < ticks.length; k++) expect(ticks[k] - ticks[k - 1]).toBeCloseTo(step, 12);
      // The step is 1, 2, 2.5 or 5 times a power of ten.
      const m = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
      expect([1, 2, 2.5, 5].some((x) => Math.abs(m - x) < 1e-6)).toBe(true);
      // Every tick is a whole multiple of the step (round labels).
      for (const t of ticks) expect(Math.abs(t / step - Math.round(t / step))).toBeLessThan(1e-6);
    }
  });

  it('gives exact decimal labels, handles one value, swapped and non-finite input', () => {
    expect(niceLinearTicks(0.1, 0.3, 3).ticks).toEqual([0.1, 0.2, 0.3]);
    const one = niceLinearTicks(0.5, 0.5);
    expect(one.domain[0]).toBeLessThan(0.5);
    expect(one.domain[1]).toBeGreaterThan(0.5);
    expect(niceLinearTicks(2, 1).domain[0]).toBeLessThanOrEqual(1);
    expect(niceLinearTicks(NaN, 1).domain).toEqual([0, 1]);
  });
});

describe('stepTicks', () => {
  it('gives whole, round steps inside the range, and both ends when few fit', () => {
    expect(stepTicks([0, 10, 20, 300])).toEqual([0, 100, 200, 300]);
    expect(stepTicks([3, 47])).toEqual([10, 20, 30, 40]);
    expect(stepTicks([0, 1])).toEqual([0, 1]);
    expect(stepTicks([5, 5])).toBeUndefined();
    expect(stepTicks([])).toBeUndefined();
    for (const t of stepTicks([0, 1234]) ?? []) expect(Number.isInteger(t) && t >= 0 && t <= 1234).toBe(true);
  });
});
