// Report formatting: exact column names and order, NaN/Inf → null (JSON) / empty (CSV), RFC 4180
// quoting, and table columns that line up while rows are printed one by one.
import { describe, expect, it } from 'vitest';
import {
  REPORT_COLUMNS,
  alphaReading,
  csvHeader,
  csvRow,
  formatReport,
  tableHeader,
  tableLayout,
  tableRow,
} from '../../src/io/report';
import type { LayerMetrics } from '../../src/math/types';

function metrics(over: Partial<LayerMetrics>): LayerMetrics {
  return {
    name: 'blocks.0.attn.q', shape: [64, 64], status: 'ok', n_eigs: 64, alpha: 2.5, xmin: 1, D: 0.02,
    num_pl_spikes: 32, lambda_max: 15.8, log_spectral_norm: 1.2, norm: 105.3, log_norm: 2.02,
    stable_rank: 6.65, alpha_weighted: 3.05, ms: 0.8, ...over,
  };
}

const SPEC_COLUMNS = ['name', 'shape', 'n_eigs', 'alpha', 'xmin', 'D', 'num_pl_spikes', 'lambda_max',
  'log_spectral_norm', 'norm', 'log_norm', 'stable_rank', 'alpha_weighted', 'ms'];

describe('JSON', () => {
  it('is one object {"layers": [...]} with the spec columns first, in order, then status', () => {
    const text = formatReport([metrics({}), metrics({ name: 'w2', alpha: NaN, lambda_max: Infinity, status: 'degenerate' })], 'json');
    const parsed = JSON.parse(text) as { layers: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(['layers']);
    expect(Object.keys(parsed.layers[0])).toEqual([...SPEC_COLUMNS, 'status']);
    expect(parsed.layers[0].shape).toEqual([64, 64]);
    expect(parsed.layers[1]).toMatchObject({ alpha: null, lambda_max: null, status: 'degenerate', xmin: 1 });
  });
});

describe('CSV', () => {
  it('uses the same column names, empty cells for NaN, and quotes names with commas', () => {
    expect(csvHeader()).toBe([...SPEC_COLUMNS, 'status'].join(','));
    const row = csvRow(metrics({ name: 'a,"b"', alpha: NaN, shape: [3, 64, 64] }));
    expect(row.startsWith('"a,""b""",3x64x64,64,,1,')).toBe(true);
    expect(row.endsWith(',ok')).toBe(true);
    expect(formatReport([metrics({})], 'csv').trim().split('\n')).toHaveLength(2);
  });
  it('keeps full precision', () => {
    expect(csvRow(metrics({ alpha: 2.123456789012345 }))).toContain(',2.123456789012345,');
  });
});

describe('table', () => {
  it('aligns every row under the header, fixed up front from the names and shapes', () => {
    const rows = [metrics({}), metrics({ name: 'embed.tok', shape: [50257, 768], alpha: 12345678, D: 1e-9 }), metrics({ alpha: NaN, status: 'degenerate' })];
    const layout = tableLayout(rows.map((r) => r.name), rows.map((r) => r.shape));
    const header = tableHeader(layout);
    const lines = rows.map((r) => tableRow(layout, r));
    // Right-aligned numeric columns end at the same character as their header label.
    for (const col of ['n_eigs', 'alpha', 'lambda_max', 'ms']) {
      const end = header.indexOf(` ${col} `) + col.length + 1;
      for (const line of lines) {
        expect(line[end - 1]).not.toBe(' ');
        expect(line[end]).toBe(' ');
      }
    }
    expect(lines[1]).toContain('50257x768');
    expect(lines[2]).toMatch(/ - /); // NaN shows as '-'
  });

  it('reads α into the HT-SR bands', () => {
    expect([1.5, 2, 4, 6, 6.5, NaN].map(alphaReading)).toEqual(['heavy-tailed', 'well-trained', 'well-trained', 'well-trained', 'random-like', '-']);
  });

  it('REPORT_COLUMNS is the spec list plus status', () => {
    expect([...REPORT_COLUMNS]).toEqual([...SPEC_COLUMNS, 'status']);
  });
});
