/**
 * Learn a WordPiece vocabulary from raw texts by greedy pair merging.
 *
 * Every word (./normalize.ts) starts as its characters, the non-initial ones prefixed "##"
 * ("cat" → c ##a ##t). Repeatedly the best adjacent pair of symbols is merged into a new vocabulary
 * entry until the vocabulary has `vocabSize` entries or no pair occurs `minPairCount` times.
 * "Best" is one of
 * - 'frequency': the pair's count (BPE, Sennrich et al. 2016; what HF's WordPieceTrainer does);
 * - 'likelihood': count(ab) / (count(a)·count(b)), the WordPiece score (Schuster & Nakajima 2012):
 *   it prefers pairs whose parts rarely occur apart.
 * Ties go to the higher count, then to the lexicographically smaller merged string, so the result
 * depends only on the multiset of words, never on Map iteration order or the platform.
 *
 * Generic: the sentiment builder passes training sentences; the masked-LM task can pass any corpus.
 * Pair counts are updated incrementally (only words containing the merged pair are revisited), so a
 * ~100k-word corpus trains in seconds.
 */

import { DEFAULT_NORMALIZER, preTokenize, type NormalizerOptions } from './normalize';
import { CONTINUATION_PREFIX, SPECIAL_TOKENS, WordPieceTokenizer } from './tokenizer';

export interface TrainTokenizerOptions {
  /** Target vocabulary size including the 5 special tokens. Default 2000. */
  vocabSize: number;
  /** Stop when the best pair occurs fewer times than this (merging hapaxes only memorises). Default 2. */
  minPairCount: number;
  /** Merge score, see the module comment. Default 'frequency'. */
  scoring: 'frequency' | 'likelihood';
  /**
   * Characters always in the vocabulary (standalone and as "##c"), so text outside the training
   * set built from them never becomes [UNK]. Default: a–z, 0–9 and ASCII punctuation.
   */
  baseAlphabet: string;
  normalizer: NormalizerOptions;
  maxCharsPerWord: number;
}

const ASCII_PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
export const DEFAULT_TRAIN_OPTIONS: TrainTokenizerOptions = {
  vocabSize: 2000,
  minPairCount: 2,
  scoring: 'frequency',
  baseAlphabet: 'abcdefghijklmnopqrstuvwxyz0123456789' + ASCII_PUNCT,
  normalizer: DEFAULT_NORMALIZER,
  maxCharsPerWord: 100,
};

/** A word type during training: its current symbol ids and how often it occurs. */
interface WordState {
  symbols: number[];
  freq: number;
}

/** Symbol ids are < 2^21, so a pair packs exactly into one double: a·2^21 + b. */
const PAIR_SHIFT = 2 ** 21;

/**
 * Train a WordPiece tokenizer on `texts` (pure: same texts and options ⇒ same vocabulary).
 * Vocabulary order: specials, then the alphabet (word-initial forms sorted by code point, then
 * "##" forms), then merged pieces in the order they were learned.
 */
export function trainTokenizer(texts: Iterable<string>, options: Partial<TrainTokenizerOptions> = {}): WordPieceTokenizer {
  const opts = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  if (!Number.isInteger(opts.vocabSize) || opts.vocabSize < SPECIAL_TOKENS.length) throw new Error('vocabSize too small');

  // 1. Word types and their counts. Sorting makes symbol ids independent of text order.
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const w of preTokenize(text, opts.normalizer)) {
      if ([...w].length <= opts.maxCharsPerWord) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  const wordList = [...counts.keys()].sort(compareStrings);

  // 2. Alphabet: every character seen (plus the base alphabet) in both positions.
  const initial = new Set<string>();
  const inner = new Set<string>();
  for (const ch of opts.baseAlphabet) {
    initial.add(ch);
    // Punctuation is always its own word (normalize.ts), so it never continues a word.
    if (/[\p{L}\p{N}]/u.test(ch)) inner.add(ch);
  }
  for (const w of wordList) {
    const chars = [...w];
    initial.add(chars[0]);
    for (let i = 1; i < chars.length; i++) inner.add(chars[i]);
  }
  const vocab: string[] = [...SPECIAL_TOKENS];
  for (const ch of [...initial].sort(compareStrings)) vocab.push(ch);
  for (const ch of [...inner].sort(compareStrings)) vocab.push(CONTINUATION_PREFIX + ch);
  const idOf = new Map<string, number>(vocab.map((t, i) => [t, i]));

  const words: WordState[] = wordList.map((w) => {
    const chars = [...w];
    return {
      symbols: chars.map((ch, i) => idOf.get(i === 0 ? ch : CONTINUATION_PREFIX + ch)!),
      freq: counts.get(w)!,
    };
  });

  // 3. Symbol counts, pair counts and which words hold each pair.
  const symbolCount: number[] = new Array(vocab.length).fill(0);
  const pairCount = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  const addWord = (wi: number, sign: 1 | -1): void => {
    const { symbols, freq } = words[wi];
    for (let i = 0; i < symbols.length; i++) {
      symbolCount[symbols[i]] += sign * freq;
      if (i === 0) continue;
      const key = symbols[i - 1] * PAIR_SHIFT + symbols[i];
      const c = (pairCount.get(key) ?? 0) + sign * freq;
      if (c === 0) pairCount.delete(key);
      else pairCount.set(key, c);
      if (sign > 0) {
        let set = pairWords.get(key);
        if (!set) pairWords.set(key, (set = new Set()));
        set.add(wi);
      }
      // Stale entries in pairWords (word no longer has the pair) are skipped at merge time.
    }
  };
  words.forEach((_, wi) => addWord(wi, 1));

  const mergedString = (a: number, b: number): string => vocab[a] + vocab[b].slice(CONTINUATION_PREFIX.length);

  // 4. Merge loop.
  while (vocab.length < opts.vocabSize) {
    let bestKey = -1;
    let bestScore = -Infinity;
    let bestCount = 0;
    let bestString = '';
    for (const [key, c] of pairCount) {
      if (c < opts.minPairCount) continue;
      const a = Math.floor(key / PAIR_SHIFT);
      const b = key - a * PAIR_SHIFT;
      const score = opts.scoring === 'frequency' ? c : c / (symbolCount[a] * symbolCount[b]);
      if (score < bestScore || (score === bestScore && c < bestCount)) continue;
      const s = mergedString(a, b);
      if (score === bestScore && c === bestCount && compareStrings(s, bestString) >= 0) continue;
      bestKey = key;
      bestScore = score;
      bestCount = c;
      bestString = s;
    }
    if (bestKey < 0) break;
    const a = Math.floor(bestKey / PAIR_SHIFT);
    const b = bestKey - a * PAIR_SHIFT;
    // Two different pairs can spell the same string ("a"+"##bc" and "ab"+"##c"): reuse the id.
    let m = idOf.get(bestString);
    if (m === undefined) {
      m = vocab.length;
      vocab.push(bestString);
      idOf.set(bestString, m);
      symbolCount.push(0);
    }
    const affected = [...(pairWords.get(bestKey) ?? [])].sort((x, y) => x - y);
    pairWords.delete(bestKey);
    for (const wi of affected) {
      const sym = words[wi].symbols;
      let has = false;
      for (let i = 1; i < sym.length && !has; i++) has = sym[i - 1] === a && sym[i] === b;
      if (!has) continue;
      addWord(wi, -1);
      const next: number[] = [];
      for (let i = 0; i < sym.length; i++) {
        if (i + 1 < sym.length && sym[i] === a && sym[i + 1] === b) {
          next.push(m);
          i++;
        } else {
          next.push(sym[i]);
        }
      }
      words[wi].symbols = next;
      addWord(wi, 1);
    }
  }

  return new WordPieceTokenizer(vocab, { normalizer: opts.normalizer, maxCharsPerWord: opts.maxCharsPerWord });
}

/** Code-unit order, the same in every JS engine (localeCompare is not). */
function compareStrings(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
