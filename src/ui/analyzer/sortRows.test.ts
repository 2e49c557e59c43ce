import { describe, expect, it } from 'vitest';
import type { LayerMetrics } from '../../math/types';
import { nextSort, sortRows } from './sortRows';
import { alphaBand, formatMetric } from './reading';

const row = (index: number, name: string, alpha: number) => ({ index, metrics: { name, alpha } as LayerMetrics });

describe('sortRows', () => {
  const rows = [row(0, 'b', 3), row(1, 'a', NaN), row(2, 'c', 1.5), row(3, 'd', 3)];
  it('sorts numerically both ways with NaN last and ties in file order', () => {
    expect(sortRows(rows, { key: 'alpha', dir: 'asc' }).map((r) => r.index)).toEqual([2, 0, 3, 1]);
    expect(sortRows(rows, { key: 'alpha', dir: 'desc' }).map((r) => r.index)).toEqual([0, 3, 2, 1]);
    expect(sortRows(rows, { key: 'name', dir: 'asc' }).map((r) => r.metrics.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(rows.map((r) => r.index)).toEqual([0, 1, 2, 3]); // input untouched
  });
  it('clicking a column sorts ascending, clicking again flips', () => {
    expect(nextSort({ key: 'index', dir: 'asc' }, 'alpha')).toEqual({ key: 'alpha', dir: 'asc' });
    expect(nextSort({ key: 'alpha', dir: 'asc' }, 'alpha')).toEqual({ key: 'alpha', dir: 'desc' });
  });
});

describe('HT-SR reading', () => {
  it('bands follow docs/METHOD.md §2 with 2 and 6 counted as well trained', () => {
    expect([1.99, 2, 6, 6.01, NaN, Infinity].map(alphaBand)).toEqual(['heavy', 'good', 'good', 'random', 'none', 'none']);
  });
  it('formats metrics compactly and marks missing values', () => {
    expect([NaN, 0, 3.14159265, 123456, 0.00012].map(formatMetric)).toEqual(['—', '0', '3.142', '1.23e+5', '1.20e-4']);
  });
});
