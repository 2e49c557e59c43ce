"""Independent reference for the WordPiece encoder (src/data/text/tokenizer.ts + normalize.ts).

Re-implements, from the published description of BERT's uncased tokenizer (not from our TS code),
normalisation (NFKC, lowercase, NFD + drop marks, drop Cc/Cf), whitespace/punctuation splitting
(Unicode categories P* and S*) and greedy longest-match-first WordPiece with the "##" prefix and
whole-word [UNK], using Python's unicodedata. Encodes the committed vocabulary
(public/data/tokenizer.json) on held-out test sentences and on tricky strings, and writes
test/text/ref/wordpiece_ref.json, which test/text/wordpiece-ref.test.ts compares with our encoder.

Run from the repo root:  python3 test/text/ref/make_wordpiece_ref.py
"""
import json
import re
import unicodedata

vocab = json.load(open('public/data/tokenizer.json', encoding='utf-8'))['vocab']
ids = {t: i for i, t in enumerate(vocab)}
N_SPECIAL, UNK = 5, 1


def normalize(t):
    t = re.sub('[\t\n\r\v\f\x85]', ' ', t)
    t = unicodedata.normalize('NFKC', t).lower()
    t = unicodedata.normalize('NFD', t)
    t = unicodedata.normalize('NFC', ''.join(c for c in t if not unicodedata.category(c).startswith('M')))
    return ''.join(c for c in t if unicodedata.category(c) not in ('Cc', 'Cf') and c != '\ufffd')


def words(t):
    out = []
    for chunk in t.split():
        cur = ''
        for c in chunk:
            if unicodedata.category(c)[0] in 'PS':
                if cur:
                    out.append(cur)
                out.append(c)
                cur = ''
            else:
                cur += c
        if cur:
            out.append(cur)
    return out


def wordpiece(w):
    if len(w) > 100:
        return [UNK]
    pieces, start = [], 0
    while start < len(w):
        end, found = len(w), None
        while end > start:
            sub = w[start:end] if start == 0 else '##' + w[start:end]
            if ids.get(sub, -1) >= N_SPECIAL:
                found = ids[sub]
                break
            end -= 1
        if found is None:
            return [UNK]
        pieces.append(found)
        start = end
    return pieces


data = json.load(open('public/data/sentiment.json', encoding='utf-8'))
held_out = [r['text'] for r in data['records'] if r['split'] == 'test'][:200]
tricky = [
    'Café CRÊPE Québec naïve résumé', 'ＡＢＣ１２３ full-width', 'ﬁne ligature', "Don't!!! $5.99...",
    'emoji 🙂 ok🙂ok', '日本語 text', 'tab\tand\u0085nel\u00a0nbsp', 'soft\u00adhyphen zero\u200bwidth',
    'İstanbul STRASSE straße', 'x' * 120, '', '   ', '[MASK] [CLS]', 'unaffable playing ##ing',
]
inputs = held_out + tricky
json.dump({'inputs': inputs, 'ids': [[i for w in words(normalize(t)) for i in wordpiece(w)] for t in inputs]},
          open('test/text/ref/wordpiece_ref.json', 'w', encoding='utf-8'), ensure_ascii=False, separators=(',', ':'))
print(f'wrote {len(inputs)} reference encodings')
