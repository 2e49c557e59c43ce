import { describe, expect, it } from 'vitest';
import { cleanSentimentRecords, normalizeWhitespace, repairCp1252, SOURCES } from '../../src/data/text/clean';
import { readRawFixtures } from './fixtures';

// Expected counts are recomputed here from the raw files with a plain Set, not taken from the cleaner.
describe('cleanSentimentRecords on the real fixtures (sentiment@5.0.2)', () => {
  const raw = readRawFixtures();
  const all = SOURCES.flatMap((s) => raw[s].map((r) => ({ source: s, text: r.text, label: r.class })));
  const nonEmpty = all.filter((r) => typeof r.text === 'string' && r.text.trim() !== '' && (r.label === 0 || r.label === 1));
  const independentNorm = (t: string): string => t.trim().split(/\s+/).join(' ');
  const distinct = new Set(nonEmpty.map((r) => independentNorm(r.text as string)));
  const { records, report } = cleanSentimentRecords(raw);

  it('matches independently computed counts', () => {
    expect(report.rawRecords).toBe(all.length);
    expect(report.emptyDropped).toBe(all.length - nonEmpty.length);
    expect(report.duplicatesDropped).toBe(nonEmpty.length - distinct.size);
    expect(records.length).toBe(distinct.size);
  });

  it('reproduces the documented facts: 3 × 1000 + 3 empty, 17 exact duplicates, one more after whitespace', () => {
    expect(all.length).toBe(3003);
    expect(report.emptyDropped).toBe(3);
    const exact = new Set(nonEmpty.map((r) => r.text));
    expect(nonEmpty.length - exact.size).toBe(17);
    expect(report.duplicatesDropped).toBe(18);
    expect(report.conflictsDropped).toBe(0);
    expect(records.length).toBe(2982);
  });

  it('keeps the first copy, has no duplicate texts and no leftover whitespace or C1 controls', () => {
    expect(new Set(records.map((r) => r.text)).size).toBe(records.length);
    for (const r of records) {
      expect(r.text).toBe(r.text.trim());
      expect(r.text).not.toMatch(/\s\s|[\x80-\x9f]/);
    }
    for (const d of report.duplicates) {
      const [src, idx] = d.kept.split(':');
      expect(records.some((r) => r.source === src && r.index === Number(idx))).toBe(true);
    }
    const cross = report.duplicates.find((d) => d.text === 'Very disappointing.');
    expect(cross).toEqual({ text: 'Very disappointing.', kept: 'imdb:105', dropped: 'amazon:337' });
  });

  it('balances labels per source (500/500 minus duplicates)', () => {
    for (const s of SOURCES) {
      const n = records.filter((r) => r.source === s).length;
      expect(n).toBeGreaterThan(985);
      expect(n).toBeLessThanOrEqual(1000);
    }
  });
});

describe('cleaning rules on synthetic input', () => {
  it('drops every copy of a text seen with both labels and reports it', () => {
    const { records, report } = cleanSentimentRecords({
      imdb: [{ text: 'Fine.', class: 1 }, { text: 'ok', class: 0 }, { text: '', class: null }],
      amazon: [{ text: ' Fine. ', class: 0 }, { text: 'ok', class: 0 }],
      yelp: [{ text: 'x', class: 2 }, { class: 1 }],
    });
    expect(records.map((r) => `${r.source}:${r.index}`)).toEqual(['imdb:1']);
    expect(report).toMatchObject({ rawRecords: 7, emptyDropped: 3, duplicatesDropped: 1, conflictsDropped: 2, conflicts: ['Fine.'] });
  });

  it('repairs cp1252 dashes and ellipses and collapses whitespace', () => {
    expect(repairCp1252('a \x96 b\x85c\x97d')).toBe('a \u2013 b\u2026c\u2014d');
    expect(normalizeWhitespace('  a\t\n b\u00a0 c  ')).toBe('a b c');
  });
});
