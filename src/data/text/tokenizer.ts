/**
 * WordPiece tokenizer: greedy longest-match-first encoding over a fixed vocabulary (Wu et al. 2016,
 * "Google's Neural Machine Translation System", §4.1; BERT's tokenizer). Words come from
 * ./normalize.ts; a piece that continues a word carries the prefix "##".
 *
 * The vocabulary is learned by ./trainTokenizer.ts and shipped as public/data/tokenizer.json.
 * Encoding is pure string/Map work, so Node (tests, scripts) and the browser give the same ids.
 */

import { DEFAULT_NORMALIZER, preTokenize, type NormalizerOptions } from './normalize';

/** Special tokens, in id order: [PAD] must be 0 so a zero-filled buffer is all padding. */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
export const PAD_ID = 0;
export const UNK_ID = 1;
export const CLS_ID = 2;
export const SEP_ID = 3;
export const MASK_ID = 4;

/** Prefix of pieces that continue a word ("playing" → play ##ing). */
export const CONTINUATION_PREFIX = '##';

/** Serialised form (public/data/tokenizer.json). Field order is fixed so output is byte-stable. */
export interface TokenizerJSON {
  type: 'wordpiece';
  version: 1;
  normalizer: NormalizerOptions;
  continuationPrefix: string;
  /** Words longer than this (in code points) become [UNK] without searching. */
  maxCharsPerWord: number;
  /** Token strings; the index is the id. The first entries are SPECIAL_TOKENS. */
  vocab: string[];
}

/** A loaded WordPiece vocabulary with an encoder and decoder. */
export class WordPieceTokenizer {
  readonly vocab: readonly string[];
  readonly normalizer: NormalizerOptions;
  readonly maxCharsPerWord: number;
  private readonly ids: Map<string, number>;
  /** Longest piece in UTF-16 units (prefix excluded): bounds the longest-match search. */
  private readonly maxPieceLength: number;
  /** Word → piece ids. Sentences repeat words a lot, so this makes encoding ~linear in text length. */
  private readonly cache = new Map<string, readonly number[]>();

  constructor(vocab: readonly string[], opts?: { normalizer?: NormalizerOptions; maxCharsPerWord?: number }) {
    SPECIAL_TOKENS.forEach((tok, i) => {
      if (vocab[i] !== tok) throw new Error(`vocab[${i}] must be ${tok}, got ${String(vocab[i])}`);
    });
    this.vocab = vocab;
    this.normalizer = opts?.normalizer ?? DEFAULT_NORMALIZER;
    this.maxCharsPerWord = opts?.maxCharsPerWord ?? 100;
    this.ids = new Map();
    let maxLen = 1;
    vocab.forEach((tok, i) => {
      if (this.ids.has(tok)) throw new Error(`duplicate vocab entry ${JSON.stringify(tok)}`);
      this.ids.set(tok, i);
      const bare = tok.startsWith(CONTINUATION_PREFIX) ? tok.length - CONTINUATION_PREFIX.length : tok.length;
      if (bare > maxLen) maxLen = bare;
    });
    this.maxPieceLength = maxLen;
  }

  /** Number of tokens including specials. */
  get size(): number {
    return this.vocab.length;
  }

  /** Id of a token string, or [UNK]'s id. */
  tokenToId(token: string): number {
    return this.ids.get(token) ?? UNK_ID;
  }

  /**
   * Piece ids of one word, greedy longest match from the left. If some position has no matching
   * piece the whole word is [UNK] (BERT's rule: a half-encoded word misleads more than one [UNK]).
   */
  encodeWord(word: string): readonly number[] {
    const hit = this.cache.get(word);
    if (hit) return hit;
    const pieces: number[] = [];
    if ([...word].length > this.maxCharsPerWord) {
      pieces.push(UNK_ID);
    } else {
      let start = 0;
      while (start < word.length) {
        let end = Math.min(word.length, start + this.maxPieceLength);
        let found = -1;
        while (end > start) {
          // Never cut a surrogate pair: a lone half is not a character of any vocab entry.
          const code = word.charCodeAt(end - 1);
          if (end < word.length && code >= 0xd800 && code <= 0xdbff) {
            end--;
            continue;
          }
          const sub = word.slice(start, end);
          const id = this.ids.get(start > 0 ? CONTINUATION_PREFIX + sub : sub);
          if (id !== undefined && id >= SPECIAL_TOKENS.length) {
            found = id;
            break;
          }
          end--;
        }
        if (found < 0) {
          pieces.length = 0;
          pieces.push(UNK_ID);
          break;
        }
        pieces.push(found);
        start = end;
      }
    }
    // Bound the cache so a long-running page fed arbitrary text does not grow without limit.
    if (this.cache.size > 200_000) this.cache.clear();
    this.cache.set(word, pieces);
    return pieces;
  }

  /** All piece ids of a text, without special tokens (for packing LM sequences). */
  tokenize(text: string): number[] {
    const out: number[] = [];
    for (const word of preTokenize(text, this.normalizer)) {
      for (const id of this.encodeWord(word)) out.push(id);
    }
    return out;
  }

  /**
   * Fixed-length ids for a classifier: [CLS] pieces… [SEP] then [PAD] up to maxLen.
   * Longer texts are truncated to their first maxLen − 2 pieces; [SEP] is always kept.
   */
  encode(text: string, maxLen: number): Int32Array {
    const out = new Int32Array(maxLen); // zero-filled = [PAD]
    this.encodeInto(text, maxLen, out, 0);
    return out;
  }

  /** Like encode, writing into out[offset, offset + maxLen) (for building [n, maxLen] batches). */
  encodeInto(text: string, maxLen: number, out: Int32Array, offset: number): void {
    if (!Number.isInteger(maxLen) || maxLen < 2) throw new Error(`maxLen must be an integer ≥ 2, got ${maxLen}`);
    out.fill(PAD_ID, offset, offset + maxLen);
    out[offset] = CLS_ID;
    let pos = 1;
    const last = maxLen - 1; // reserved for [SEP]
    outer: for (const word of preTokenize(text, this.normalizer)) {
      for (const id of this.encodeWord(word)) {
        if (pos >= last) break outer;
        out[offset + pos++] = id;
      }
    }
    out[offset + pos] = SEP_ID;
  }

  /**
   * Text of ids: [PAD]/[CLS]/[SEP] skipped, "##" pieces glued to the previous piece, words joined
   * by single spaces. For in-vocabulary text this equals preTokenize(text).join(' ').
   */
  decode(ids: ArrayLike<number>): string {
    let s = '';
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id === PAD_ID || id === CLS_ID || id === SEP_ID) continue;
      const tok = this.vocab[id] ?? SPECIAL_TOKENS[UNK_ID];
      if (tok.startsWith(CONTINUATION_PREFIX) && s.length > 0) s += tok.slice(CONTINUATION_PREFIX.length);
      else s += (s.length > 0 ? ' ' : '') + tok;
    }
    return s;
  }

  /** Serialisable form; fromJSON(toJSON()) encodes identically. */
  toJSON(): TokenizerJSON {
    return {
      type: 'wordpiece',
      version: 1,
      normalizer: { lowercase: this.normalizer.lowercase, stripAccents: this.normalizer.stripAccents },
      continuationPrefix: CONTINUATION_PREFIX,
      maxCharsPerWord: this.maxCharsPerWord,
      vocab: [...this.vocab],
    };
  }

  /** Load a tokenizer from its JSON form (validated: wrong type, version or specials throw). */
  static fromJSON(json: unknown): WordPieceTokenizer {
    const j = json as Partial<TokenizerJSON> | null;
    if (!j || j.type !== 'wordpiece' || j.version !== 1) throw new Error('not a wordpiece tokenizer v1');
    if (j.continuationPrefix !== CONTINUATION_PREFIX) throw new Error(`unsupported prefix ${j.continuationPrefix}`);
    if (!Array.isArray(j.vocab) || !j.vocab.every((t) => typeof t === 'string')) throw new Error('vocab must be string[]');
    const n = j.normalizer;
    if (!n || typeof n.lowercase !== 'boolean' || typeof n.stripAccents !== 'boolean') throw new Error('bad normalizer');
    return new WordPieceTokenizer(j.vocab, { normalizer: n, maxCharsPerWord: j.maxCharsPerWord ?? 100 });
  }
}
