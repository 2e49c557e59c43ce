/**
 * Pure core of scripts/build-text-data.ts: raw fixtures → the two committed artefacts
 * public/data/sentiment.json and public/data/tokenizer.json, as exact strings.
 *
 * Kept free of file I/O so a unit test can rebuild both files in memory and compare them with the
 * committed ones byte for byte, and so the test can check that the tokenizer trainer only ever sees
 * training texts (the trainer is injectable).
 */

import { cleanSentimentRecords, SOURCES, type CleaningReport, type RawSentimentFixtures, type SourceName } from './clean';
import { SPLIT_NAMES, stratifiedSplit, type SplitFractions, type SplitName } from './split';
import { trainTokenizer } from './trainTokenizer';
import type { WordPieceTokenizer } from './tokenizer';

export const SENTIMENT_CREDIT = 'UCI Sentiment Labelled Sentences, Kotzias et al., KDD 2015, CC BY 4.0';
/** The split is part of the dataset, not of an experiment: one seed, never configurable. */
export const SENTIMENT_SPLIT_SEED = 0;
export const SENTIMENT_SPLIT_FRACTIONS: SplitFractions = { validation: 0.1, test: 0.2 };
export const SENTIMENT_LABELS = ['negative', 'positive'] as const;
export const TOKENIZER_VOCAB_SIZE = 2000;

/** One record of public/data/sentiment.json. */
export interface SentimentRecord {
  source: SourceName;
  /** Position in the source's fixture file. */
  index: number;
  label: 0 | 1;
  split: SplitName;
  text: string;
}

/** Counts of one split. */
export interface SplitCounts {
  total: number;
  /** [negative, positive]. */
  byLabel: [number, number];
  bySource: Record<SourceName, number>;
}

/** Shape of public/data/sentiment.json. */
export interface SentimentDataJSON {
  name: string;
  credit: string;
  origin: string;
  version: 1;
  labels: readonly string[];
  sources: readonly SourceName[];
  split: { seed: number; fractions: Record<SplitName, number>; stratifiedBy: string[] };
  cleaning: CleaningReport;
  counts: Record<SplitName | 'all', SplitCounts>;
  records: SentimentRecord[];
}

export interface BuildInputs {
  fixtures: RawSentimentFixtures;
  /** Version of the npm `sentiment` package the fixtures came from (written into `origin`). */
  packageVersion: string;
}

export interface BuildOutputs {
  data: SentimentDataJSON;
  tokenizer: WordPieceTokenizer;
  /** Exact file contents (UTF-8, trailing newline). */
  sentimentJson: string;
  tokenizerJson: string;
}

/**
 * Clean, split (stratified by source × label, fixed seed 0, 70/10/20), train the tokenizer on the
 * train split only, and serialise. `train` defaults to trainTokenizer with vocab 2000.
 */
export function buildSentimentData(
  inputs: BuildInputs,
  train: (texts: string[]) => WordPieceTokenizer = (texts) => trainTokenizer(texts, { vocabSize: TOKENIZER_VOCAB_SIZE }),
): BuildOutputs {
  const { records: clean, report } = cleanSentimentRecords(inputs.fixtures);
  const assignment = stratifiedSplit(
    clean.map((r) => `${r.source}/${r.label}`),
    SENTIMENT_SPLIT_FRACTIONS,
    SENTIMENT_SPLIT_SEED,
  );
  const records: SentimentRecord[] = clean.map((r, i) => ({
    source: r.source,
    index: r.index,
    label: r.label,
    split: assignment[i],
    text: r.text,
  }));

  const tokenizer = train(records.filter((r) => r.split === 'train').map((r) => r.text));

  const { validation, test } = SENTIMENT_SPLIT_FRACTIONS;
  const data: SentimentDataJSON = {
    name: 'UCI Sentiment Labelled Sentences (IMDB, Amazon, Yelp)',
    credit: SENTIMENT_CREDIT,
    origin: `npm sentiment@${inputs.packageVersion}, test/fixtures/{imdb,amazon,yelp}.json; cleaned and split by scripts/build-text-data.ts`,
    version: 1,
    labels: SENTIMENT_LABELS,
    sources: SOURCES,
    split: {
      seed: SENTIMENT_SPLIT_SEED,
      fractions: { train: Math.round((1 - validation - test) * 1000) / 1000, validation, test },
      stratifiedBy: ['source', 'label'],
    },
    cleaning: report,
    counts: {
      all: countSplit(records),
      train: countSplit(records.filter((r) => r.split === 'train')),
      validation: countSplit(records.filter((r) => r.split === 'validation')),
      test: countSplit(records.filter((r) => r.split === 'test')),
    },
    records,
  };
  return {
    data,
    tokenizer,
    sentimentJson: serializeSentimentData(data),
    // Provenance travels with the vocabulary (fromJSON ignores the extra key).
    tokenizerJson:
      JSON.stringify({ ...tokenizer.toJSON(), trainedOn: `sentiment.json train split (${data.counts.train.total} texts)` }, null, 1) +
      '\n',
  };
}

/** Counts per label and per source. */
export function countSplit(records: readonly SentimentRecord[]): SplitCounts {
  const byLabel: [number, number] = [0, 0];
  const bySource = Object.fromEntries(SOURCES.map((s) => [s, 0])) as Record<SourceName, number>;
  for (const r of records) {
    byLabel[r.label]++;
    bySource[r.source]++;
  }
  return { total: records.length, byLabel, bySource };
}

/**
 * JSON with one record per line: small diffs when the data changes, and still plain JSON.
 * Key order is fixed by the object literals above, so the output is byte-stable.
 */
export function serializeSentimentData(data: SentimentDataJSON): string {
  const { records, ...header } = data;
  const head = JSON.stringify(header, null, 1);
  const lines = records.map((r) => JSON.stringify(r));
  return `${head.slice(0, -2)},\n "records": [\n${lines.join(',\n')}\n ]\n}\n`;
}

/** Human-readable summary for the build script's console output. */
export function describeBuild(data: SentimentDataJSON, tokenizer: WordPieceTokenizer): string[] {
  const c = data.cleaning;
  const lines = [
    `raw records ${c.rawRecords}; empty dropped ${c.emptyDropped}; duplicates dropped ${c.duplicatesDropped}; ` +
      `conflicting-label copies dropped ${c.conflictsDropped}; kept ${data.counts.all.total}`,
  ];
  for (const name of ['all', ...SPLIT_NAMES] as const) {
    const s = data.counts[name];
    lines.push(
      `${name.padEnd(10)} ${String(s.total).padStart(5)}  neg ${s.byLabel[0]}  pos ${s.byLabel[1]}  ` +
        SOURCES.map((src) => `${src} ${s.bySource[src]}`).join('  '),
    );
  }
  lines.push(`tokenizer: wordpiece, ${tokenizer.size} tokens, trained on ${data.counts.train.total} train texts`);
  return lines;
}
