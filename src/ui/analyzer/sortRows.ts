/**
 * Sorting of the layer table. File order is the natural order (index); any metric column sorts
 * numerically with NaN always last, so layers without a fit never hide the interesting ones.
 */
import type { LayerMetrics } from '../../math/types';

/** Columns the table can sort by. 'index' is file order. */
export type SortKey =
  | 'index'
  | 'name'
  | 'n_eigs'
  | 'alpha'
  | 'D'
  | 'xmin'
  | 'lambda_max'
  | 'stable_rank'
  | 'alpha_weighted';

export interface SortState {
  key: SortKey;
  dir: 'asc' | 'desc';
}

/** Anything with a file index and metrics (the table's rows). */
export interface SortableRow {
  index: number;
  metrics: LayerMetrics;
}

function value(row: SortableRow, key: SortKey): number | string {
  if (key === 'index') return row.index;
  if (key === 'name') return row.metrics.name;
  return row.metrics[key];
}

/** A sorted copy; ties keep file order (stable), NaN sorts last in both directions. */
export function sortRows<R extends SortableRow>(rows: readonly R[], sort: SortState): R[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = value(a, sort.key);
    const vb = value(b, sort.key);
    if (typeof va === 'string' || typeof vb === 'string') {
      return sign * String(va).localeCompare(String(vb)) || a.index - b.index;
    }
    const na = Number.isNaN(va);
    const nb = Number.isNaN(vb);
    if (na || nb) return na === nb ? a.index - b.index : na ? 1 : -1;
    return sign * (va - vb) || a.index - b.index;
  });
}

/** Next sort state after a click on column `key`: a new column sorts ascending, the same one flips. */
export function nextSort(prev: SortState, key: SortKey): SortState {
  if (prev.key !== key) return { key, dir: 'asc' };
  return { key, dir: prev.dir === 'asc' ? 'desc' : 'asc' };
}
