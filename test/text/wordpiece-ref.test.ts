import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WordPieceTokenizer } from '../../src/data/text/tokenizer';
import { readPublicData, ROOT } from './fixtures';

// Reference ids from an independent Python implementation (unicodedata-based):
// test/text/ref/make_wordpiece_ref.py, run against the committed public/data/tokenizer.json.
const ref = JSON.parse(readFileSync(join(ROOT, 'test', 'text', 'ref', 'wordpiece_ref.json'), 'utf8')) as {
  inputs: string[];
  ids: number[][];
};
const tok = WordPieceTokenizer.fromJSON(JSON.parse(readPublicData('tokenizer.json')));

describe('WordPiece encoder vs the Python reference', () => {
  it('gives identical ids on 200 held-out sentences and on tricky Unicode strings', () => {
    expect(ref.inputs.length).toBeGreaterThan(200);
    ref.inputs.forEach((text, i) => {
      expect({ text, ids: tok.tokenize(text) }).toEqual({ text, ids: ref.ids[i] });
    });
  });
});
