import { describe, expect, it } from 'vitest';
import { makeScale, nearestIndex, polylinePath } from './plotScale';

describe('makeScale', () => {
  it('maps a linear domain onto a (reversed) range and back', () => {
    const s = makeScale([0, 10], [100, 0]);
    expect(s(0)).toBe(100);
    expect(s(10)).toBe(0);
    expect(s(2.5)).toBe(75);
    expect(s.invert(75)).toBeCloseTo(2.5, 12);
    expect(s(20)).toBe(-100); // outside the domain maps outside the range; the plot clips
  });
  it('maps a log domain by decades', () => {
    const s = makeScale([1e-3, 10], [0, 400], true);
    expect(s(1e-3)).toBeCloseTo(0, 12);
    expect(s(1e-2)).toBeCloseTo(100, 12);
    expect(s(1)).toBeCloseTo(300, 12);
    expect(s.invert(200)).toBeCloseTo(0.1, 12);
    expect(Number.isFinite(s(0))).toBe(false); // log of 0 is -∞: not a pixel, and polylinePath skips it
  });
  it('puts everything in the middle of the range for a one-point domain', () => {
    const s = makeScale([3, 3], [0, 50]);
    expect(s(3)).toBe(25);
    expect(s(7)).toBe(25);
  });
});

describe('polylinePath', () => {
  it('joins the finite points and skips the others, rounded to 1/100 px', () => {
    expect(polylinePath([[0, 1], [NaN, 2], [2, Infinity], [3.14159, 4.005]])).toBe('M0,1L3.14,4.01');
  });
  it('is empty without a finite point', () => {
    expect(polylinePath([[NaN, 1]])).toBe('');
    expect(polylinePath([])).toBe('');
  });
});

describe('nearestIndex', () => {
  const xs = [0, 10, 20, 50];
  it('finds the nearest value, ties to the lower one', () => {
    expect(nearestIndex(xs, -5)).toBe(0);
    expect(nearestIndex(xs, 14)).toBe(1);
    expect(nearestIndex(xs, 15)).toBe(1);
    expect(nearestIndex(xs, 16)).toBe(2);
    expect(nearestIndex(xs, 49)).toBe(3);
    expect(nearestIndex(xs, 1e9)).toBe(3);
    expect(nearestIndex([], 3)).toBe(-1);
    expect(nearestIndex([7], 3)).toBe(0);
  });
});
