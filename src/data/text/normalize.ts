/**
 * Text normalisation and pre-tokenisation shared by the WordPiece trainer and encoder.
 *
 * Follows BERT-uncased's "basic tokenizer" (Devlin et al. 2019, §A.2 and the published
 * tokenizer description): Unicode-normalise, lowercase, strip accents, drop control characters,
 * then split on whitespace and put every punctuation/symbol character in a word of its own.
 * Everything here uses only String.prototype.normalize and Unicode property escapes, so Node and
 * browsers with the same Unicode tables (V8/ICU) give identical words.
 */

/** Combining marks (accents) left over after NFD decomposition. */
const COMBINING_MARK = /\p{M}/gu;
/**
 * Control and format characters (Cc, Cf) except the whitespace controls, which are handled by the
 * whitespace split; BERT drops these too. NUL and U+FFFD (invalid bytes) are dropped as well.
 */
const CONTROL = /[\p{Cc}\p{Cf}\uFFFD]/gu;
/** Whitespace: JS `\s` plus NEL (U+0085), which `\s` omits but Unicode counts as whitespace. */
const WHITESPACE = /[\s\u0085]+/u;
/** Punctuation and symbols: each becomes a word of its own ("don't" → don ' t, "$5" → $ 5). */
const PUNCT_OR_SYMBOL = /[\p{P}\p{S}]/u;

/** Options of the normaliser; stored in tokenizer.json so encoding matches training exactly. */
export interface NormalizerOptions {
  /** Lowercase after NFKC (uncased model). Default true. */
  lowercase: boolean;
  /** Strip accents (NFD, drop combining marks): "café" → "cafe". Default true. */
  stripAccents: boolean;
}

export const DEFAULT_NORMALIZER: NormalizerOptions = { lowercase: true, stripAccents: true };

/**
 * Normalise one text: NFKC (folds compatibility forms: "…" → "...", full-width letters → ASCII),
 * optional lowercase and accent stripping, control characters removed.
 * Whitespace is kept (split later) but NEL and friends stay whitespace.
 */
export function normalizeText(text: string, opts: NormalizerOptions = DEFAULT_NORMALIZER): string {
  // Whitespace controls (\t \n \r, NEL) become spaces before CONTROL removes the other Cc chars.
  let s = text.replace(/[\t\n\r\v\f\u0085]/g, ' ').normalize('NFKC');
  if (opts.lowercase) s = s.toLowerCase();
  if (opts.stripAccents) s = s.normalize('NFD').replace(COMBINING_MARK, '').normalize('NFC');
  return s.replace(CONTROL, '');
}

/**
 * Split a normalised text into words: runs of non-space characters, with every punctuation or
 * symbol character as its own word. Iterates by code point so astral characters (emoji) stay whole.
 */
export function splitWords(normalized: string): string[] {
  const words: string[] = [];
  for (const chunk of normalized.split(WHITESPACE)) {
    if (chunk.length === 0) continue;
    let current = '';
    for (const ch of chunk) {
      if (PUNCT_OR_SYMBOL.test(ch)) {
        if (current.length > 0) words.push(current);
        words.push(ch);
        current = '';
      } else {
        current += ch;
      }
    }
    if (current.length > 0) words.push(current);
  }
  return words;
}

/** normalizeText then splitWords: the words a tokenizer sees. */
export function preTokenize(text: string, opts: NormalizerOptions = DEFAULT_NORMALIZER): string[] {
  return splitWords(normalizeText(text, opts));
}
