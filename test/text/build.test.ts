import { describe, expect, it } from 'vitest';
import { buildSentimentData, SENTIMENT_CREDIT } from '../../src/data/text/buildSentimentData';
import { stratifiedSplit, SPLIT_NAMES } from '../../src/data/text/split';
import { trainTokenizer } from '../../src/data/text/trainTokenizer';
import { WordPieceTokenizer } from '../../src/data/text/tokenizer';
import { parseSentimentData } from '../../src/data/text/sentiment';
import { readPublicData, readRawFixtures, sentimentPackageVersion } from './fixtures';

const inputs = { fixtures: readRawFixtures(), packageVersion: sentimentPackageVersion() };

describe('committed artefacts', () => {
  // If this fails: run `npx tsx scripts/build-text-data.ts` and commit public/data/.
  const built = buildSentimentData(inputs);

  it('public/data/sentiment.json and tokenizer.json are byte-identical to a fresh in-memory build', () => {
    expect(built.sentimentJson === readPublicData('sentiment.json')).toBe(true);
    expect(built.tokenizerJson === readPublicData('tokenizer.json')).toBe(true);
  });

  it('the serialisation is plain JSON that round-trips and validates', () => {
    expect(JSON.parse(built.sentimentJson)).toEqual(JSON.parse(JSON.stringify(built.data)));
    const data = parseSentimentData(JSON.parse(readPublicData('sentiment.json')));
    expect(data.credit).toBe(SENTIMENT_CREDIT);
    expect(data.origin).toContain('sentiment@5.0.2');
    const tok = WordPieceTokenizer.fromJSON(JSON.parse(readPublicData('tokenizer.json')));
    expect(tok.size).toBe(2000);
  });

  it('stays small (< 1 MB together)', () => {
    expect(built.sentimentJson.length + built.tokenizerJson.length).toBeLessThan(1_000_000);
  });

  it('is deterministic: a second build gives the same bytes', () => {
    const again = buildSentimentData(inputs);
    expect(again.sentimentJson === built.sentimentJson).toBe(true);
    expect(again.tokenizerJson === built.tokenizerJson).toBe(true);
  });

  it('the split is a partition, stratified within ±1 per (source, label) stratum, counts consistent', () => {
    const { records, counts, split } = built.data;
    const seen = new Set<string>();
    for (const r of records) {
      const key = `${r.source}:${r.index}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      expect(SPLIT_NAMES).toContain(r.split);
    }
    expect(counts.train.total + counts.validation.total + counts.test.total).toBe(records.length);
    for (const stratum of new Set(records.map((r) => `${r.source}/${r.label}`))) {
      const members = records.filter((r) => `${r.source}/${r.label}` === stratum);
      for (const name of SPLIT_NAMES) {
        const got = members.filter((r) => r.split === name).length;
        expect(Math.abs(got - split.fractions[name] * members.length)).toBeLessThanOrEqual(1);
      }
    }
    for (const name of SPLIT_NAMES) {
      const recs = records.filter((r) => r.split === name);
      expect(counts[name].total).toBe(recs.length);
      expect(counts[name].byLabel).toEqual([0, 1].map((l) => recs.filter((r) => r.label === l).length));
    }
  });
});

describe('no train/test leakage into the tokenizer', () => {
  it('the trainer receives exactly the train texts, none from validation or test', () => {
    const calls: string[][] = [];
    const out = buildSentimentData(inputs, (texts) => {
      calls.push(texts);
      return trainTokenizer(texts, { vocabSize: 100 });
    });
    expect(calls.length).toBe(1);
    const given = new Set(calls[0]);
    const train = out.data.records.filter((r) => r.split === 'train').map((r) => r.text);
    expect(calls[0].length).toBe(train.length);
    expect(given).toEqual(new Set(train));
    for (const r of out.data.records) if (r.split !== 'train') expect(given.has(r.text)).toBe(false);
  });

  it('the shipped vocabulary differs from one trained on all texts (so the check above has teeth)', () => {
    const all = buildSentimentData(inputs).data.records.map((r) => r.text);
    const shipped = JSON.parse(readPublicData('tokenizer.json')).vocab as string[];
    expect(trainTokenizer(all, { vocabSize: 2000 }).vocab).not.toEqual(shipped);
  });
});

describe('stratifiedSplit', () => {
  const strata = Array.from({ length: 503 }, (_, i) => ['a', 'b', 'c'][i % 3] + (i % 7 === 0 ? 'x' : ''));

  it('depends on the seed and is reproducible for a fixed seed', () => {
    const f = { validation: 0.1, test: 0.2 };
    expect(stratifiedSplit(strata, f, 0)).toEqual(stratifiedSplit(strata, f, 0));
    expect(stratifiedSplit(strata, f, 1)).not.toEqual(stratifiedSplit(strata, f, 0));
  });

  it('a stratum keeps its assignment when another stratum changes', () => {
    const f = { validation: 0.1, test: 0.2 };
    const base = stratifiedSplit(strata, f, 3);
    const changed = stratifiedSplit(strata.map((s) => (s === 'b' ? 'z' : s)), f, 3);
    strata.forEach((s, i) => {
      if (s !== 'b') expect(changed[i]).toBe(base[i]);
    });
  });

  it('rejects impossible fractions', () => {
    expect(() => stratifiedSplit(strata, { validation: 0.5, test: 0.5 }, 0)).toThrow();
    expect(() => stratifiedSplit(strata, { validation: -0.1, test: 0.2 }, 0)).toThrow();
  });
});
