import { describe, expect, it } from 'vitest';
import { encodeSplit, getSplit, getSplits, parseSentimentData, selectRows } from '../../src/data/text/sentiment';
import { WordPieceTokenizer } from '../../src/data/text/tokenizer';
import { stratifiedNestedSubset } from '../../src/data/subsample';
import { readPublicData } from './fixtures';

const raw = JSON.parse(readPublicData('sentiment.json'));
const data = parseSentimentData(raw);
const tok = WordPieceTokenizer.fromJSON(JSON.parse(readPublicData('tokenizer.json')));

describe('sentiment splits', () => {
  it('splits match the counts written in the file and cover every record once', () => {
    const splits = getSplits(data);
    let total = 0;
    for (const name of ['train', 'validation', 'test'] as const) {
      const s = splits[name];
      expect(s.texts.length).toBe(data.counts[name].total);
      expect(s.labels.length).toBe(s.texts.length);
      expect(s.sources.length).toBe(s.texts.length);
      expect(s.labels.filter((y) => y === 1).length).toBe(data.counts[name].byLabel[1]);
      total += s.texts.length;
    }
    expect(total).toBe(data.records.length);
  });

  it('filters by source', () => {
    const yelp = getSplit(data, 'test', ['yelp']);
    expect(yelp.texts.length).toBe(data.counts.test.bySource.yelp);
    expect(new Set(yelp.sources)).toEqual(new Set(['yelp']));
  });

  it('rejects malformed data', () => {
    expect(() => parseSentimentData({ ...raw, version: 2 })).toThrow();
    expect(() => parseSentimentData({ ...raw, records: [{ ...raw.records[0], label: 3 }] })).toThrow();
    expect(() => parseSentimentData({ ...raw, records: [{ ...raw.records[0], split: 'dev' }] })).toThrow();
  });
});

describe('encodeSplit', () => {
  it('builds a row-major [n, maxLen] id matrix whose rows equal tokenizer.encode', () => {
    const train = getSplit(data, 'train');
    const sub = selectRows(train, stratifiedNestedSubset(train.labels, 0.05, 3));
    const enc = encodeSplit(sub, tok, 24);
    expect(enc.n).toBe(sub.texts.length);
    expect(enc.ids.length).toBe(enc.n * 24);
    expect(Array.from(enc.labels)).toEqual(Array.from(sub.labels));
    sub.texts.forEach((t, i) => {
      expect(Array.from(enc.ids.subarray(i * 24, (i + 1) * 24))).toEqual(Array.from(tok.encode(t, 24)));
    });
  });

  it('selectRows keeps text, label and source aligned', () => {
    const test = getSplit(data, 'test');
    const rows = selectRows(test, [5, 0, 17]);
    expect(rows.texts).toEqual([test.texts[5], test.texts[0], test.texts[17]]);
    expect(Array.from(rows.labels)).toEqual([test.labels[5], test.labels[0], test.labels[17]]);
    expect(() => selectRows(test, [test.texts.length])).toThrow();
  });

  it('rejects mismatched texts and labels', () => {
    expect(() => encodeSplit({ texts: ['a'], labels: new Int32Array(2) }, tok, 8)).toThrow();
  });
});
