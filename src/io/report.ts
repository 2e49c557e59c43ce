/**
 * Per-layer metrics as text: JSON, CSV and an aligned table. Used by the analyze CLI (which
 * prints row by row while it streams a file) and by anything that exports a report.
 *
 * Column names and order are WeightWatcher's (docs/METHOD.md §2), then our `status`. NaN and
 * ±Infinity have no JSON spelling: they become null in JSON and an empty field in CSV.
 */
import type { LayerMetrics } from '../math/types';

/** Output formats of a report. */
export type ReportFormat = 'table' | 'json' | 'csv';

/** The columns, in order. `status` is last so the WeightWatcher columns keep their positions. */
export const REPORT_COLUMNS = [
  'name', 'shape', 'n_eigs', 'alpha', 'xmin', 'D', 'num_pl_spikes', 'lambda_max', 'log_spectral_norm',
  'norm', 'log_norm', 'stable_rank', 'alpha_weighted', 'ms', 'status',
] as const;

type Column = (typeof REPORT_COLUMNS)[number];

/** Numeric cells keep full precision in JSON/CSV; null marks NaN/Inf. */
function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** The HT-SR reading of α (docs/METHOD.md §2): α < 2 very heavy-tailed, 2–6 well trained, > 6 random-like. */
export function alphaReading(alpha: number): string {
  if (!Number.isFinite(alpha)) return '-';
  if (alpha < 2) return 'heavy-tailed';
  if (alpha <= 6) return 'well-trained';
  return 'random-like';
}

/** One layer as a plain object with the report's keys in order (NaN/Inf → null). */
export function reportRecord(m: LayerMetrics): Record<Column, string | number | number[] | null> {
  const rec = {} as Record<Column, string | number | number[] | null>;
  for (const c of REPORT_COLUMNS) {
    const v = m[c];
    rec[c] = typeof v === 'number' ? finiteOrNull(v) : Array.isArray(v) ? v.slice() : v;
  }
  return rec;
}

/** JSON of one layer (one line, no trailing comma). */
export function jsonRow(m: LayerMetrics): string {
  return JSON.stringify(reportRecord(m));
}

/** Opening and closing text of the JSON report; rows go between, joined by ",\n". */
export const JSON_OPEN = '{"layers":[';
export const JSON_CLOSE = ']}';

/** RFC 4180 quoting: only when the field contains a comma, quote or line break. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Shapes as "768x2304" in CSV and tables (no commas to quote). */
export function shapeText(shape: readonly number[]): string {
  return shape.join('x');
}

/** The CSV header line. */
export function csvHeader(): string {
  return REPORT_COLUMNS.join(',');
}

/** One CSV line (no newline). Non-finite numbers are empty fields. */
export function csvRow(m: LayerMetrics): string {
  const rec = reportRecord(m);
  return REPORT_COLUMNS.map((c) => {
    const v = rec[c];
    if (v === null) return '';
    if (Array.isArray(v)) return shapeText(v);
    return csvField(String(v));
  }).join(',');
}

/** Table cell text: integers as is, other numbers to 4 significant digits, ms to 0.1. */
function tableCell(c: Column, m: LayerMetrics): string {
  const v = m[c];
  if (Array.isArray(v)) return shapeText(v);
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '-' : String(v);
  if (c === 'ms') return v.toFixed(1);
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  return Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3 ? v.toExponential(3) : v.toPrecision(4);
}

/** Columns of the table: the report columns plus the reading of α after it. */
const TABLE_COLUMNS: readonly string[] = [...REPORT_COLUMNS.slice(0, 4), 'reading', ...REPORT_COLUMNS.slice(4)];

/** Fixed column widths, decided before the first row so the table can be printed while streaming. */
export interface TableLayout {
  widths: number[];
}

/**
 * Choose widths from the names and shapes known up front (from the header); numeric columns get
 * room for the widest cell tableCell can produce ("-1.234e+10").
 */
export function tableLayout(names: readonly string[], shapes: readonly (readonly number[])[]): TableLayout {
  const widths = TABLE_COLUMNS.map((c) => Math.max(c.length, 10));
  widths[0] = Math.max(4, ...names.map((n) => n.length));
  widths[1] = Math.max(5, ...shapes.map((s) => shapeText(s).length));
  widths[TABLE_COLUMNS.indexOf('reading')] = 'well-trained'.length;
  return { widths };
}

/** Pad text cells left-aligned (name, shape, reading, status) and numbers right-aligned. */
function alignRow(layout: TableLayout, cells: string[]): string {
  return cells
    .map((s, k) => {
      const left = k <= 1 || TABLE_COLUMNS[k] === 'reading' || TABLE_COLUMNS[k] === 'status';
      return left ? s.padEnd(layout.widths[k]) : s.padStart(layout.widths[k]);
    })
    .join('  ')
    .trimEnd();
}

/** The table's header line. */
export function tableHeader(layout: TableLayout): string {
  return alignRow(layout, [...TABLE_COLUMNS]);
}

/** One table line. */
export function tableRow(layout: TableLayout, m: LayerMetrics): string {
  const cells = TABLE_COLUMNS.map((c) => (c === 'reading' ? alphaReading(m.alpha) : tableCell(c as Column, m)));
  return alignRow(layout, cells);
}

/** A whole report in one string (ends with a newline). */
export function formatReport(rows: LayerMetrics[], format: ReportFormat): string {
  if (format === 'json') return `${JSON_OPEN}${rows.map(jsonRow).join(',\n')}${JSON_CLOSE}\n`;
  if (format === 'csv') return [csvHeader(), ...rows.map(csvRow)].join('\n') + '\n';
  const layout = tableLayout(rows.map((r) => r.name), rows.map((r) => r.shape));
  return [tableHeader(layout), ...rows.map((r) => tableRow(layout, r))].join('\n') + '\n';
}
