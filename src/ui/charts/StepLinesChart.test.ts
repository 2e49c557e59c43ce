import { describe, expect, it } from 'vitest';
import { stepAxes } from './StepLinesChart';

const series = [
  { key: 'a', name: 'A', colour: 'red' },
  { key: 'b', name: 'B', colour: 'blue' },
];

describe('stepAxes', () => {
  const rows = [
    { step: 0, a: 0.9, b: null },
    { step: 50, a: 0.52, b: 0.61 },
    { step: 100, a: 0.31, b: undefined },
  ];
  it('spans the steps and puts the values on round ticks, skipping missing ones', () => {
    const { x, y, steps } = stepAxes(rows, series, 'loss');
    expect(steps).toEqual([0, 50, 100]);
    expect(x.domain).toEqual([0, 100]);
    expect(x.ticks[0]).toBe(0);
    expect(x.ticks[x.ticks.length - 1]).toBe(100);
    expect(y.domain[0]).toBeLessThanOrEqual(0.31);
    expect(y.domain[1]).toBeGreaterThanOrEqual(0.9);
    expect(y.ticks[0]).toBe(y.domain[0]);
    expect(y.log).toBeFalsy();
  });
  it('keeps a fixed domain and gives a log axis decade ticks', () => {
    expect(stepAxes(rows, series, 'accuracy', false, [0, 1]).y.domain).toEqual([0, 1]);
    const log = stepAxes([{ step: 1, a: 1e-5 }, { step: 2, a: 1e-1 }], series, 'lr', true).y;
    expect(log.log).toBe(true);
    expect(log.ticks).toEqual([1e-5, 1e-4, 1e-3, 0.01, 0.1]);
  });
  it('gives a one-step run a non-empty x range', () => {
    expect(stepAxes([{ step: 5, a: 1 }], series, 'loss').x.domain).toEqual([5, 6]);
  });
});
