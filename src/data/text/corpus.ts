/**
 * Unlabelled text → masked-language-model training data (pure: strings and typed arrays, no tfjs).
 *
 *   raw text ─splitSentences→ sentences ─tokenizer.tokenize→ piece ids
 *            ─packSequences→ Int32Array [n, maxLen] rows "[CLS] s₁ s₂ … [SEP] [PAD]…"
 *            ─maskTokens(rng)→ {inputs, labels} with labels −1 where no prediction is asked
 *
 * Packing follows RoBERTa's FULL-SENTENCES input format (Liu et al. 2019, §4.2): consecutive whole
 * sentences are packed into one row until the next would not fit, so rows are mostly full and no
 * sentence-pair objective is needed. Masking is BERT's (Devlin et al. 2019, §3.1 and App. A.1): each
 * ordinary token is chosen with probability 15 %; a chosen token becomes [MASK] 80 % of the time, a
 * random token 10 % and stays unchanged 10 %. As in RoBERTa's "dynamic masking" the caller re-masks
 * every time a row is drawn, from a fresh fork of the seeded RNG, so the same seed gives the same run.
 */

import type { Rng } from '../../math/random';
import { CLS_ID, MASK_ID, SEP_ID, SPECIAL_TOKENS } from './tokenizer';

/** Label value of a position that is not predicted (PyTorch's ignore_index convention is −100; any negative works here). */
export const IGNORE_LABEL = -1;

/** Abbreviations whose final period does not end a sentence (lower-cased, without the period). */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'messrs', 'gen', 'gov', 'hon', 'rev', 'capt', 'col', 'lt', 'sen', 'rep',
  'no', 'vol', 'vs', 'etc', 'ft', 'co', 'inc', 'u.s', 'i.e', 'e.g', 'jan', 'feb', 'mar', 'apr', 'aug', 'sept', 'oct',
  'nov', 'dec',
]);

/**
 * Split raw prose into sentences. A sentence ends at '.', '!' or '?' (optionally followed by closing
 * quotes/brackets) when whitespace and then an upper-case letter, digit or opening quote follow, unless
 * the word before a '.' is a known abbreviation or a single letter (initials: "J. Smith").
 * Newlines count as spaces; blank-line paragraph breaks also end a sentence. Returns trimmed,
 * non-empty sentences in order. A heuristic (no trained model), good enough for packing: a wrong
 * split only moves a boundary inside a packed row.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const s = paragraph.replace(/\s+/g, ' ').trim();
    if (s.length === 0) continue;
    // Candidate ends: terminal punctuation, closing marks, then a space and a plausible sentence start.
    const boundary = /[.!?]+["'”’)\]]*(?= +["'“‘([]?[\p{Lu}\p{N}])/gu;
    let start = 0;
    for (let m = boundary.exec(s); m !== null; m = boundary.exec(s)) {
      const end = m.index + m[0].length;
      if (m[0].startsWith('.') && m[0].length === 1) {
        const before = /([\p{L}.]+)$/u.exec(s.slice(start, m.index));
        const word = before ? before[1].toLowerCase() : '';
        if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word)) continue;
      }
      const sentence = s.slice(start, end).trim();
      if (sentence.length > 0) out.push(sentence);
      start = end;
    }
    const rest = s.slice(start).trim();
    if (rest.length > 0) out.push(rest);
  }
  return out;
}

/**
 * Pack tokenised sentences (ids without specials) into rows of exactly `maxLen` ids:
 * [CLS] pieces… [SEP] then [PAD]. Whole sentences are added while they fit in the maxLen − 2 free
 * slots; a sentence longer than that is cut into maxLen − 2 sized chunks, each starting a new row.
 * Empty sentences are skipped. Returns the rows flattened row-major, Int32Array [rows · maxLen].
 */
export function packSequences(sentences: readonly (readonly number[])[], maxLen: number): { ids: Int32Array; rows: number } {
  if (!Number.isInteger(maxLen) || maxLen < 3) throw new Error(`maxLen must be an integer ≥ 3, got ${maxLen}`);
  const room = maxLen - 2;
  const rows: number[][] = [];
  let current: number[] = [];
  const flush = (): void => {
    if (current.length > 0) rows.push(current);
    current = [];
  };
  for (const sentence of sentences) {
    if (sentence.length === 0) continue;
    if (sentence.length > room) {
      flush();
      for (let i = 0; i < sentence.length; i += room) rows.push(sentence.slice(i, i + room));
      continue;
    }
    if (current.length + sentence.length > room) flush();
    for (const id of sentence) current.push(id);
  }
  flush();
  const ids = new Int32Array(rows.length * maxLen); // zero-filled = [PAD]
  rows.forEach((row, r) => {
    const o = r * maxLen;
    ids[o] = CLS_ID;
    for (let j = 0; j < row.length; j++) ids[o + 1 + j] = row[j];
    ids[o + 1 + row.length] = SEP_ID;
  });
  return { ids, rows: rows.length };
}

/** Masking probabilities (BERT's defaults). */
export interface MaskingOptions {
  /** Size of the vocabulary; random replacements are drawn from the ordinary ids [5, vocabSize). */
  vocabSize: number;
  /** Probability that an ordinary token is chosen for prediction. Default 0.15. */
  maskProb?: number;
  /** Of the chosen: probability of [MASK]. Default 0.8. */
  maskTokenProb?: number;
  /** Of the chosen: probability of a random ordinary token. Default 0.1 (the rest stay unchanged). */
  randomTokenProb?: number;
}

/** A masked batch: model inputs and the labels (original id at chosen positions, IGNORE_LABEL elsewhere). */
export interface MaskedBatch {
  inputs: Int32Array;
  labels: Int32Array;
  /** Number of chosen positions (labels ≥ 0). */
  predicted: number;
}

/**
 * BERT-style masking of packed rows `ids` (any length; special ids 0–4, [UNK] included, are never chosen).
 * Per ordinary token: one draw decides whether it is chosen (p = maskProb, an independent Bernoulli
 * as in HF's DataCollatorForLanguageModeling), a second draw picks [MASK] / random / unchanged.
 * Random replacements are drawn from the ordinary ids only (BERT draws from the whole vocabulary;
 * inserting [PAD] or [CLS] mid-sentence would only teach the model about impossible inputs).
 * Consumes the RNG in a fixed order, so the same RNG state gives the same batch.
 */
export function maskTokens(ids: Int32Array, rng: Rng, opts: MaskingOptions): MaskedBatch {
  const maskProb = opts.maskProb ?? 0.15;
  const pMask = opts.maskTokenProb ?? 0.8;
  const pRandom = opts.randomTokenProb ?? 0.1;
  const first = SPECIAL_TOKENS.length;
  if (!Number.isInteger(opts.vocabSize) || opts.vocabSize <= first) throw new Error(`vocabSize must exceed ${first}`);
  if (!(pMask >= 0 && pRandom >= 0 && pMask + pRandom <= 1)) throw new Error('mask + random probabilities must lie in [0, 1]');
  const inputs = Int32Array.from(ids);
  const labels = new Int32Array(ids.length).fill(IGNORE_LABEL);
  let predicted = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    // Specials are never predicted; that includes [UNK] (id 1): its label would say nothing about the word.
    if (id < first) continue;
    if (rng.next() >= maskProb) continue;
    labels[i] = id;
    predicted++;
    const u = rng.next();
    if (u < pMask) inputs[i] = MASK_ID;
    else if (u < pMask + pRandom) inputs[i] = first + rng.int(opts.vocabSize - first);
  }
  return { inputs, labels, predicted };
}

/** Rows `indices` of a [rows, maxLen] array, copied into a new [indices.length, maxLen] array. */
export function takeRows(ids: Int32Array, maxLen: number, indices: readonly number[]): Int32Array {
  const out = new Int32Array(indices.length * maxLen);
  indices.forEach((r, k) => out.set(ids.subarray(r * maxLen, (r + 1) * maxLen), k * maxLen));
  return out;
}

/** Number of ordinary (non-special, non-[UNK]) tokens in `ids`: the positions masking may choose. */
export function countMaskable(ids: Int32Array): number {
  let n = 0;
  for (let i = 0; i < ids.length; i++) if (ids[i] >= SPECIAL_TOKENS.length) n++;
  return n;
}

/**
 * Frequency of every id among the ordinary tokens of `ids` (length vocabSize). Used for the unigram
 * baseline: always predicting the most frequent training token scores max(counts)/Σcounts accuracy.
 */
export function tokenCounts(ids: Int32Array, vocabSize: number): Float64Array {
  const counts = new Float64Array(vocabSize);
  for (let i = 0; i < ids.length; i++) if (ids[i] >= SPECIAL_TOKENS.length && ids[i] < vocabSize) counts[ids[i]]++;
  return counts;
}
