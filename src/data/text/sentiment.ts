/**
 * Typed access to public/data/sentiment.json (built by scripts/build-text-data.ts).
 *
 * Loading is the caller's job (the app fetches the file, Node reads it from disk); these functions
 * take the parsed object, validate it, and hand out splits and fixed-length id batches for a
 * classifier.
 */

import { SOURCES, type SourceName } from './clean';
import { SPLIT_NAMES, type SplitName } from './split';
import type { SentimentDataJSON } from './buildSentimentData';
import type { WordPieceTokenizer } from './tokenizer';

/** One split as parallel arrays: texts[i] has labels[i] (0 negative, 1 positive) and sources[i]. */
export interface TextSplit {
  name: SplitName;
  texts: string[];
  labels: Int32Array;
  sources: SourceName[];
}

/** A split encoded for a model. */
export interface EncodedSplit {
  /** Row-major [n, maxLen]: row i is [CLS] pieces… [SEP] [PAD]… of texts[i]. */
  ids: Int32Array;
  labels: Int32Array;
  n: number;
  maxLen: number;
}

/**
 * Check that a parsed object has the sentiment.json shape (version, labels, record fields) and
 * return it typed. Throws with the first problem found: a stale or hand-edited file should fail
 * loudly, not train on garbage.
 */
export function parseSentimentData(json: unknown): SentimentDataJSON {
  const d = json as Partial<SentimentDataJSON> | null;
  if (!d || d.version !== 1) throw new Error('sentiment.json: missing or unsupported version');
  if (!Array.isArray(d.records)) throw new Error('sentiment.json: records must be an array');
  d.records.forEach((r, i) => {
    if (typeof r.text !== 'string' || r.text.length === 0) throw new Error(`sentiment.json: record ${i} has no text`);
    if (r.label !== 0 && r.label !== 1) throw new Error(`sentiment.json: record ${i} label ${String(r.label)}`);
    if (!SPLIT_NAMES.includes(r.split)) throw new Error(`sentiment.json: record ${i} split ${String(r.split)}`);
    if (!SOURCES.includes(r.source)) throw new Error(`sentiment.json: record ${i} source ${String(r.source)}`);
  });
  return d as SentimentDataJSON;
}

/** The records of one split, in file order, optionally only from some sources. */
export function getSplit(data: SentimentDataJSON, name: SplitName, sources: readonly SourceName[] = SOURCES): TextSplit {
  const recs = data.records.filter((r) => r.split === name && sources.includes(r.source));
  return {
    name,
    texts: recs.map((r) => r.text),
    labels: Int32Array.from(recs, (r) => r.label),
    sources: recs.map((r) => r.source),
  };
}

/** All three splits. */
export function getSplits(data: SentimentDataJSON, sources: readonly SourceName[] = SOURCES): Record<SplitName, TextSplit> {
  return {
    train: getSplit(data, 'train', sources),
    validation: getSplit(data, 'validation', sources),
    test: getSplit(data, 'test', sources),
  };
}

/** Rows of a split picked by index (e.g. a stratifiedNestedSubset of its labels), order kept. */
export function selectRows(split: TextSplit, indices: ArrayLike<number>): TextSplit {
  const texts: string[] = [];
  const sources: SourceName[] = [];
  const labels = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!(i >= 0 && i < split.texts.length)) throw new Error(`row ${i} out of range`);
    texts.push(split.texts[i]);
    sources.push(split.sources[i]);
    labels[k] = split.labels[i];
  }
  return { name: split.name, texts, labels, sources };
}

/** Encode every text to maxLen ids (see WordPieceTokenizer.encode) into one [n, maxLen] buffer. */
export function encodeSplit(split: Pick<TextSplit, 'texts' | 'labels'>, tokenizer: WordPieceTokenizer, maxLen: number): EncodedSplit {
  const n = split.texts.length;
  if (split.labels.length !== n) throw new Error(`texts (${n}) and labels (${split.labels.length}) differ in length`);
  const ids = new Int32Array(n * maxLen);
  for (let i = 0; i < n; i++) tokenizer.encodeInto(split.texts[i], maxLen, ids, i * maxLen);
  return { ids, labels: Int32Array.from(split.labels), n, maxLen };
}
