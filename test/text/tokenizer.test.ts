import { describe, expect, it } from 'vitest';
import { normalizeText, preTokenize, splitWords } from '../../src/data/text/normalize';
import { trainTokenizer } from '../../src/data/text/trainTokenizer';
import { CLS_ID, MASK_ID, PAD_ID, SEP_ID, SPECIAL_TOKENS, UNK_ID, WordPieceTokenizer } from '../../src/data/text/tokenizer';
import { createRng } from '../../src/math/random';
import { readPublicData } from './fixtures';
import { getSplit, parseSentimentData } from '../../src/data/text/sentiment';

const shipped = WordPieceTokenizer.fromJSON(JSON.parse(readPublicData('tokenizer.json')));
const data = parseSentimentData(JSON.parse(readPublicData('sentiment.json')));

describe('normalisation and pre-tokenisation', () => {
  it('lowercases, strips accents, folds compatibility forms', () => {
    expect(normalizeText('Café CRÊPE Québec')).toBe('cafe crepe quebec');
    expect(normalizeText('ＡＢＣ１')).toBe('abc1'); // full-width → ASCII (NFKC)
    expect(normalizeText('wait…')).toBe('wait...');
  });

  it('splits punctuation and symbols into their own words, keeps astral characters whole', () => {
    expect(preTokenize("Don't pay $5.99!")).toEqual(['don', "'", 't', 'pay', '$', '5', '.', '99', '!']);
    expect(splitWords('a\u0085b  c')).toEqual(['a', 'b', 'c']);
    expect(preTokenize('ok 🙂x')).toEqual(['ok', '🙂', 'x']); // emoji is a symbol (So)
    expect(preTokenize('日本語')).toEqual(['日本語']);
  });
});

describe('WordPiece encoding', () => {
  // BERT's documented example: with un, ##aff, ##able in the vocabulary, "unaffable" → un ##aff ##able.
  const tiny = new WordPieceTokenizer([...SPECIAL_TOKENS, 'u', 'n', 'un', '##n', '##a', '##aff', '##able', '##f', '.']);

  it('greedy longest match from the left', () => {
    expect(tiny.tokenize('unaffable').map((i) => tiny.vocab[i])).toEqual(['un', '##aff', '##able']);
    expect(tiny.tokenize('Un.').map((i) => tiny.vocab[i])).toEqual(['un', '.']);
  });

  it('a word with an unknown character becomes a single [UNK], without throwing', () => {
    expect(tiny.tokenize('unz un')).toEqual([UNK_ID, tiny.tokenToId('un')]);
    expect(shipped.tokenize('great 日本 🙂 food')).toEqual([
      shipped.tokenToId('great'),
      UNK_ID,
      UNK_ID,
      shipped.tokenToId('food'),
    ]);
    expect(() => shipped.encode('\uD800 lone surrogate \u0000', 16)).not.toThrow();
  });

  it('encode: [CLS] first, [SEP] after the last piece, [PAD] fill, truncation keeps [SEP]', () => {
    const ids = shipped.encode('The food was great.', 12);
    const pieces = shipped.tokenize('The food was great.');
    expect(Array.from(ids)).toEqual([CLS_ID, ...pieces, SEP_ID, ...new Array(12 - pieces.length - 2).fill(PAD_ID)]);
    const long = 'word '.repeat(50);
    const cut = shipped.encode(long, 8);
    expect(Array.from(cut)).toEqual([CLS_ID, ...shipped.tokenize(long).slice(0, 6), SEP_ID]);
    expect(Array.from(shipped.encode('', 4))).toEqual([CLS_ID, SEP_ID, PAD_ID, PAD_ID]);
    expect(() => shipped.encode('x', 1)).toThrow();
  });

  it('round-trips every sentence of the dataset whose characters are in the vocabulary', () => {
    let checked = 0;
    for (const r of data.records) {
      const ids = shipped.tokenize(r.text);
      if (ids.includes(UNK_ID)) continue;
      expect(shipped.decode(ids)).toBe(preTokenize(r.text).join(' '));
      checked++;
    }
    // The base alphabet covers ASCII, and accents are stripped: essentially everything round-trips.
    expect(checked).toBeGreaterThan(data.records.length - 5);
  });

  it('fromJSON(toJSON()) encodes identically; specials have stable ids', () => {
    const copy = WordPieceTokenizer.fromJSON(JSON.parse(JSON.stringify(shipped.toJSON())));
    const texts = getSplit(data, 'test').texts.slice(0, 200);
    for (const t of texts) expect(Array.from(copy.encode(t, 32))).toEqual(Array.from(shipped.encode(t, 32)));
    expect(shipped.vocab.slice(0, 5)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    expect([PAD_ID, UNK_ID, CLS_ID, SEP_ID, MASK_ID]).toEqual([0, 1, 2, 3, 4]);
    expect(() => WordPieceTokenizer.fromJSON({ ...shipped.toJSON(), vocab: ['[UNK]', '[PAD]'] })).toThrow();
    expect(() => WordPieceTokenizer.fromJSON({ type: 'bpe' })).toThrow();
  });

  it('special-token strings in the text are not matched as specials', () => {
    expect(shipped.tokenize('[MASK]')).not.toContain(MASK_ID);
  });
});

describe('trainTokenizer', () => {
  const corpus = getSplit(data, 'train').texts;

  it('reaches the target size with unique entries, specials first', () => {
    const tok = trainTokenizer(corpus, { vocabSize: 500 });
    expect(tok.size).toBe(500);
    expect(new Set(tok.vocab).size).toBe(500);
    expect(tok.vocab.slice(0, 5)).toEqual([...SPECIAL_TOKENS]);
  });

  it('is deterministic and independent of the order of the texts (it only sees word counts)', () => {
    const a = trainTokenizer(corpus, { vocabSize: 800 });
    const shuffled = createRng(7).shuffle([...corpus]);
    expect(trainTokenizer(shuffled, { vocabSize: 800 }).vocab).toEqual(a.vocab);
    expect(trainTokenizer(corpus, { vocabSize: 800, scoring: 'likelihood' }).vocab).toEqual(
      trainTokenizer(shuffled, { vocabSize: 800, scoring: 'likelihood' }).vocab,
    );
  });

  it('frequency scoring learns the most frequent pair first (BPE rule), checked by counting', () => {
    // Count adjacent character pairs in words independently; the first merge must be the argmax.
    const pairs = new Map<string, number>();
    for (const t of corpus) {
      for (const w of preTokenize(t)) {
        const ch = [...w];
        for (let i = 1; i < ch.length; i++) {
          const k = ch[i - 1] + (i - 1 > 0 ? '#' : '') + '|' + ch[i];
          pairs.set(k, (pairs.get(k) ?? 0) + 1);
        }
      }
    }
    const best = [...pairs.entries()].sort((x, y) => y[1] - x[1])[0][0];
    const [left, right] = best.split('|');
    const expected = (left.endsWith('#') ? '##' + left.slice(0, -1) : left) + right;
    const tok = trainTokenizer(corpus, { vocabSize: 2000 });
    const alphabetEnd = tok.vocab.findIndex((t, i) => i >= 5 && [...t.replace(/^##/, '')].length > 1);
    expect(tok.vocab[alphabetEnd]).toBe(expected);
  });

  it('a word seen often enough becomes one piece; minPairCount stops merging hapaxes', () => {
    const tok = trainTokenizer(['zebra zebra zebra', 'quokka'], { vocabSize: 1000, minPairCount: 2 });
    expect(tok.tokenize('zebra')).toEqual([tok.tokenToId('zebra')]);
    expect(tok.tokenize('quokka').length).toBe(6); // never merged: each pair occurs once
    expect(tok.size).toBeLessThan(1000);
  });

  it('training on the train split covers most test words as whole pieces or short splits', () => {
    const test = getSplit(data, 'test').texts;
    let words = 0;
    let pieces = 0;
    for (const t of test) {
      words += preTokenize(t).length;
      pieces += shipped.tokenize(t).length;
    }
    // Measured 1.32 pieces per word on the test split (1.27 on train); character-level would be ≈ 4.
    expect(pieces / words).toBeLessThan(1.5);
  });
});
