/**
 * The table of analysed layers. α is coloured by its HT-SR reading, layers below eigs_thresh are
 * greyed out, layers without a fit say why. Rows are selectable by click or keyboard (Enter/Space,
 * arrow keys move between rows); column headers sort.
 *
 * Test hooks: each row has data-testid="layer-row" and data-layer="<name>"; each α cell has
 * data-testid="alpha-cell" and data-alpha="<full-precision α>" so e2e can compare exact values.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { LayerRow } from './analysisState';
import { BAND_LABEL, alphaBand, formatMetric, statusNote } from './reading';
import { nextSort, sortRows, type SortKey, type SortState } from './sortRows';

interface Column {
  key: SortKey;
  label: string;
  title: string;
  numeric: boolean;
}

const COLUMNS: Column[] = [
  { key: 'name', label: 'layer', title: 'tensor name in the file', numeric: false },
  { key: 'n_eigs', label: 'n_eigs', title: 'number of eigenvalues N = min(d_in, d_out) (× slices for conv)', numeric: true },
  { key: 'alpha', label: 'α', title: 'PL_Alpha_Hill: power-law exponent of the ESD tail', numeric: true },
  { key: 'D', label: 'D', title: 'Kolmogorov–Smirnov distance of the tail fit', numeric: true },
  { key: 'xmin', label: 'xmin', title: 'start of the fitted tail', numeric: true },
  { key: 'lambda_max', label: 'λ_max', title: 'largest eigenvalue (spectral norm²)', numeric: true },
  { key: 'stable_rank', label: 'stable rank', title: 'Σλ / λ_max', numeric: true },
  { key: 'alpha_weighted', label: 'α_weighted', title: 'α · log10 λ_max', numeric: true },
];

export interface LayerTableProps {
  rows: LayerRow[];
  selected: number | null;
  onSelect(index: number): void;
}

function AlphaCell({ row }: { row: LayerRow }) {
  const m = row.metrics;
  const band = m.status === 'not-finite' ? 'none' : alphaBand(m.alpha);
  const note = statusNote(m);
  return (
    <td
      className={`num alpha alpha--${band}`}
      data-testid="alpha-cell"
      data-alpha={String(m.alpha)}
      title={[BAND_LABEL[band], note].filter(Boolean).join(' — ')}
    >
      {m.status === 'not-finite' ? (
        <span className="marker marker--bad">NaN/Inf</span>
      ) : (
        <>
          <span className="alpha__dot" aria-hidden="true" />
          {formatMetric(m.alpha)}
          {row.refitted && <span className="marker" title="xmin moved by hand"> *</span>}
        </>
      )}
    </td>
  );
}

export function LayerTable({ rows, selected, onSelect }: LayerTableProps) {
  const [sort, setSort] = useState<SortState>({ key: 'index', dir: 'asc' });
  const sorted = useMemo(() => sortRows(rows, sort), [rows, sort]);

  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, pos: number) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(sorted[pos].index);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = e.currentTarget.parentElement?.children[pos + (e.key === 'ArrowDown' ? 1 : -1)];
      if (next instanceof HTMLElement) next.focus();
    }
  };

  const ariaSort = (key: SortKey) => (sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined);

  return (
    <div className="table-wrap" role="region" aria-label="Layers" tabIndex={-1}>
      <table className="layer-table" data-testid="layer-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={ariaSort(c.key)}>
                <button type="button" className="sort-button" title={`${c.title} — click to sort`} onClick={() => setSort((s) => nextSort(s, c.key))}>
                  {c.label}
                  <span className="sort-arrow" aria-hidden="true">
                    {sort.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row, pos) => {
            const m = row.metrics;
            const classes = ['layer-row'];
            if (m.status === 'too-few' || m.status === 'degenerate') classes.push('layer-row--dim');
            if (m.status === 'not-finite') classes.push('layer-row--bad');
            if (row.index === selected) classes.push('layer-row--selected');
            return (
              <tr
                key={row.index}
                className={classes.join(' ')}
                // Roving tab stop: Tab enters the table once (at the selected row), arrows move within.
                tabIndex={row.index === selected || (selected === null && pos === 0) ? 0 : -1}
                aria-selected={row.index === selected}
                data-testid="layer-row"
                data-layer={m.name}
                data-status={m.status}
                onClick={() => onSelect(row.index)}
                onKeyDown={(e) => onRowKey(e, pos)}
              >
                <th scope="row" className="layer-name">
                  <span className="layer-name__text" title={m.name}>{m.name}</span>
                  <span className="layer-shape">[{m.shape.join(' × ')}]</span>
                </th>
                <td className="num">{m.n_eigs}</td>
                <AlphaCell row={row} />
                <td className="num">{formatMetric(m.D)}</td>
                <td className="num">{formatMetric(m.xmin)}</td>
                <td className="num">{formatMetric(m.lambda_max)}</td>
                <td className="num">{formatMetric(m.stable_rank)}</td>
                <td className="num">{formatMetric(m.alpha_weighted)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
