/**
 * Cleaning of the UCI Sentiment Labelled Sentences as shipped in npm `sentiment@5.0.2`
 * (test/fixtures/{imdb,amazon,yelp}.json, each `[{text, class}]`).
 *
 * Steps, in order (each one counted in the report, so the build script can print it):
 * 1. drop records without text or without a 0/1 class (each file ends with `{text: '', class: null}`);
 * 2. repair Windows-1252 bytes that were decoded as C1 controls ("\x96" → "–", "\x85" → "…");
 * 3. normalise whitespace: runs of whitespace → one space, trimmed (most IMDB lines end in "  ");
 * 4. drop exact duplicates of the normalised text across all three sources, keeping the first
 *    (file order imdb, amazon, yelp); if copies disagree on the label, drop every copy.
 */

/** The three review sources, in the fixed order used everywhere (file order, stratum order). */
export const SOURCES = ['imdb', 'amazon', 'yelp'] as const;
export type SourceName = (typeof SOURCES)[number];

/** One raw fixture record. `class` is null on the trailing empty record. */
export interface RawSentimentRecord {
  text?: unknown;
  class?: unknown;
}

/** The three fixture files as parsed JSON. */
export type RawSentimentFixtures = Record<SourceName, readonly RawSentimentRecord[]>;

/** A cleaned record; `index` is its position in the source's fixture file (for tracing back). */
export interface CleanRecord {
  source: SourceName;
  index: number;
  label: 0 | 1;
  text: string;
}

/** A dropped duplicate: where the kept copy and the dropped copy came from ("imdb:90"). */
export interface DuplicateNote {
  text: string;
  kept: string;
  dropped: string;
}

export interface CleaningReport {
  rawRecords: number;
  /** Records without text or label. */
  emptyDropped: number;
  /** Later copies of a text already seen with the same label. */
  duplicatesDropped: number;
  /** Every copy of texts seen with both labels (all copies are dropped). */
  conflictsDropped: number;
  duplicates: DuplicateNote[];
  conflicts: string[];
}

/** Windows-1252 meanings of bytes 0x80–0x9F (undefined ones map to themselves). From Python's cp1252 codec. */
const CP1252_C1 =
  '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f' +
  '\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';

/** Replace C1 control characters by their Windows-1252 meaning (the source files were cp1252). */
export function repairCp1252(text: string): string {
  return text.replace(/[\x80-\x9f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]);
}

/** Collapse whitespace runs (incl. NBSP and other Unicode spaces) to one space and trim. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Clean the three fixture files into one record list (source order, then file order) and a report. */
export function cleanSentimentRecords(raw: RawSentimentFixtures): { records: CleanRecord[]; report: CleaningReport } {
  const candidates: CleanRecord[] = [];
  let rawRecords = 0;
  let emptyDropped = 0;
  for (const source of SOURCES) {
    const list = raw[source];
    if (!Array.isArray(list)) throw new Error(`fixture ${source} is not an array`);
    list.forEach((r, index) => {
      rawRecords++;
      const label = r.class;
      const text = typeof r.text === 'string' ? normalizeWhitespace(repairCp1252(r.text)) : '';
      if (text.length === 0 || (label !== 0 && label !== 1)) {
        emptyDropped++;
        return;
      }
      candidates.push({ source, index, label, text });
    });
  }

  // Labels seen per text, to find conflicts before deciding what to keep.
  const labelsOf = new Map<string, Set<number>>();
  for (const r of candidates) {
    let set = labelsOf.get(r.text);
    if (!set) labelsOf.set(r.text, (set = new Set()));
    set.add(r.label);
  }

  const records: CleanRecord[] = [];
  const firstSeen = new Map<string, CleanRecord>();
  const duplicates: DuplicateNote[] = [];
  const conflicts: string[] = [];
  let conflictsDropped = 0;
  for (const r of candidates) {
    if (labelsOf.get(r.text)!.size > 1) {
      conflictsDropped++;
      if (!conflicts.includes(r.text)) conflicts.push(r.text);
      continue;
    }
    const first = firstSeen.get(r.text);
    if (first) {
      duplicates.push({ text: r.text, kept: `${first.source}:${first.index}`, dropped: `${r.source}:${r.index}` });
      continue;
    }
    firstSeen.set(r.text, r);
    records.push(r);
  }
  return {
    records,
    report: { rawRecords, emptyDropped, duplicatesDropped: duplicates.length, conflictsDropped, duplicates, conflicts },
  };
}
