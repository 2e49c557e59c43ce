/**
 * Corpus preparation for masked-LM pretraining: sentence splitting, packing (the packed rows are the
 * sentences again once the specials are removed) and BERT masking — its exact invariants, its
 * 15 % / 80-10-10 statistics within binomial bounds, and its determinism under a seed.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/random';
import { IGNORE_LABEL, countMaskable, maskTokens, packSequences, splitSentences, takeRows, tokenCounts } from './corpus';
import { CLS_ID, MASK_ID, PAD_ID, SEP_ID } from './tokenizer';

describe('splitSentences', () => {
  it('splits at . ! ? before a capital, keeps abbreviations, initials and closing quotes together', () => {
    const text = 'Call me Ishmael. Mr. Starbuck saw J. Smith at 3 p.m. today! Was it "the whale?" He knew.\n\nNew paragraph without a stop';
    expect(splitSentences(text)).toEqual([
      'Call me Ishmael.',
      'Mr. Starbuck saw J. Smith at 3 p.m. today!',
      'Was it "the whale?"',
      'He knew.',
      'New paragraph without a stop',
    ]);
  });

  it('loses no text: joining the sentences gives the whitespace-normalised input', () => {
    const text = 'One.  Two!\nThree?   "Four." Five 5. 6 is a number. Dr. Who';
    expect(splitSentences(text).join(' ')).toBe(text.replace(/\s+/g, ' '));
    expect(splitSentences('   \n\n ')).toEqual([]);
  });
});

describe('packSequences', () => {
  const rng = createRng(5);
  const sentences = Array.from({ length: 60 }, () => Array.from({ length: 1 + rng.int(40) }, () => 5 + rng.int(50)));
  const maxLen = 16;
  const { ids, rows } = packSequences(sentences, maxLen);

  it('every row is [CLS] pieces… [SEP] [PAD]… of exactly maxLen', () => {
    expect(ids.length).toBe(rows * maxLen);
    for (let r = 0; r < rows; r++) {
      const row = Array.from(ids.subarray(r * maxLen, (r + 1) * maxLen));
      expect(row[0]).toBe(CLS_ID);
      const sep = row.indexOf(SEP_ID);
      expect(sep).toBeGreaterThan(1);
      expect(row.slice(1, sep).every((id) => id >= 5)).toBe(true);
      expect(row.slice(sep + 1).every((id) => id === PAD_ID)).toBe(true);
    }
  });

  it('removing the specials gives back the sentences in order (nothing lost, nothing duplicated)', () => {
    const body = Array.from(ids).filter((id) => id >= 5);
    expect(body).toEqual(sentences.flat());
  });

  it('keeps short sentences whole and cuts long ones only at multiples of maxLen − 2', () => {
    const packed = packSequences([[5, 6], [7, 8, 9], Array.from({ length: 30 }, (_, i) => 10 + i), [40]], 8);
    const rowsOf = (r: number) => Array.from(packed.ids.subarray(r * 8, r * 8 + 8));
    expect(rowsOf(0)).toEqual([CLS_ID, 5, 6, 7, 8, 9, SEP_ID, PAD_ID]); // 5 ≤ 6 = room: both fit
    expect(rowsOf(1)).toEqual([CLS_ID, 10, 11, 12, 13, 14, 15, SEP_ID]); // long sentence starts a new row
    expect(packed.rows).toBe(1 + 5 + 1); // 30 pieces → 5 rows of ≤ 6, then [40] alone
    expect(rowsOf(5)).toEqual([CLS_ID, 34, 35, 36, 37, 38, 39, SEP_ID]);
    expect(rowsOf(6)).toEqual([CLS_ID, 40, SEP_ID, 0, 0, 0, 0, 0]);
  });
});

describe('maskTokens', () => {
  const vocabSize = 200;
  // 6000 rows × 32 with a PAD tail: enough tokens for tight binomial bounds.
  const rows = 6000;
  const maxLen = 32;
  const rng = createRng(11);
  const ids = new Int32Array(rows * maxLen);
  for (let r = 0; r < rows; r++) {
    const len = 10 + rng.int(maxLen - 11);
    ids[r * maxLen] = CLS_ID;
    for (let j = 1; j <= len; j++) ids[r * maxLen + j] = j % 17 === 0 ? 1 /* [UNK] */ : 5 + rng.int(vocabSize - 5);
    ids[r * maxLen + len + 1] = SEP_ID;
  }
  const out = maskTokens(ids, createRng(99), { vocabSize });

  it('labels hold the original id at chosen positions and IGNORE_LABEL elsewhere; unchosen inputs are untouched', () => {
    let chosen = 0;
    let bad = 0;
    for (let i = 0; i < ids.length; i++) {
      if (out.labels[i] === IGNORE_LABEL) {
        if (out.inputs[i] !== ids[i]) bad++;
      } else {
        chosen++;
        if (out.labels[i] !== ids[i] || ids[i] < 5) bad++; // never a special, [UNK] included
      }
    }
    expect(bad).toBe(0);
    expect(chosen).toBe(out.predicted);
  });

  it('chooses 15 % of ordinary tokens and replaces them 80 / 10 / 10, within 4.5σ binomial bounds', () => {
    const n = countMaskable(ids);
    const within = (count: number, trials: number, p: number) => Math.abs(count - trials * p) < 4.5 * Math.sqrt(trials * p * (1 - p));
    expect(within(out.predicted, n, 0.15)).toBe(true);
    let masked = 0;
    let same = 0;
    let other = 0;
    for (let i = 0; i < ids.length; i++) {
      if (out.labels[i] === IGNORE_LABEL) continue;
      if (out.inputs[i] === MASK_ID) masked++;
      else if (out.inputs[i] === ids[i]) same++;
      else other++;
    }
    const pRandomSame = 0.1 / (vocabSize - 5); // a random replacement may draw the original id
    expect(within(masked, out.predicted, 0.8)).toBe(true);
    expect(within(same, out.predicted, 0.1 + pRandomSame)).toBe(true);
    expect(within(other, out.predicted, 0.1 - pRandomSame)).toBe(true);
  });

  it('random replacements are ordinary ids, uniform over the ordinary range (χ² test)', () => {
    const counts = new Float64Array(vocabSize);
    let draws = 0;
    for (let i = 0; i < ids.length; i++) {
      if (out.labels[i] !== IGNORE_LABEL && out.inputs[i] !== MASK_ID && out.inputs[i] !== ids[i]) {
        counts[out.inputs[i]]++;
        draws++;
      }
    }
    expect(counts.slice(0, 5).every((c) => c === 0)).toBe(true);
    const expected = draws / (vocabSize - 5);
    let chi2 = 0;
    for (let v = 5; v < vocabSize; v++) chi2 += (counts[v] - expected) ** 2 / expected;
    // χ² with 194 degrees of freedom: mean 194, sd √388 ≈ 19.7; allow 5 sd.
    expect(draws).toBeGreaterThan(1000);
    expect(chi2).toBeLessThan(194 + 5 * 19.7);
  });

  it('is deterministic under a seed and changes with it', () => {
    // Byte comparison: vitest's deep equality is slow on 192k-element typed arrays.
    const same = (a: Int32Array, b: Int32Array) => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));
    const again = maskTokens(ids, createRng(99), { vocabSize });
    expect(same(again.inputs, out.inputs)).toBe(true);
    expect(same(again.labels, out.labels)).toBe(true);
    const other = maskTokens(ids, createRng(100), { vocabSize });
    expect(same(other.labels, out.labels)).toBe(false);
    expect(ids.includes(MASK_ID)).toBe(false); // the input is not modified in place
  });

  it('rejects impossible probabilities and vocabularies', () => {
    expect(() => maskTokens(ids, createRng(1), { vocabSize: 5 })).toThrow(/vocabSize/);
    expect(() => maskTokens(ids, createRng(1), { vocabSize, maskTokenProb: 0.95, randomTokenProb: 0.1 })).toThrow(/probabilities/);
  });
});

describe('helpers', () => {
  it('takeRows copies the requested rows; tokenCounts counts ordinary ids only', () => {
    const ids = Int32Array.from([2, 7, 3, 0, 2, 8, 8, 3, 2, 9, 1, 3]);
    expect(Array.from(takeRows(ids, 4, [2, 0]))).toEqual([2, 9, 1, 3, 2, 7, 3, 0]);
    expect(Array.from(tokenCounts(ids, 10))).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 2, 1]);
    expect(countMaskable(ids)).toBe(4);
  });
});
