/**
 * Build the text artefacts from the UCI Sentiment Labelled Sentences shipped in the pinned npm
 * package `sentiment` (node_modules/sentiment/test/fixtures/{imdb,amazon,yelp}.json):
 *   public/data/sentiment.json  cleaned records + the fixed train/validation/test split + counts + credit
 *   public/data/tokenizer.json  WordPiece vocabulary trained on the train split only
 * Run: npm run data:text   (deterministic: a rerun writes identical bytes).
 * All logic lives in src/data/text/buildSentimentData.ts; this file only reads and writes files.
 */

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCES, type RawSentimentFixtures } from '../src/data/text/clean';
import { buildSentimentData, describeBuild } from '../src/data/text/buildSentimentData';
import { runCli } from './lib/cli';

runCli(
  'data:text',
  `usage: npm run data:text
  rebuild public/data/sentiment.json and public/data/tokenizer.json from the pinned 'sentiment' package
  -h, --help               show this help`,
  { options: {} },
);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'node_modules', 'sentiment');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

const packageVersion = (readJson(join(pkgDir, 'package.json')) as { version: string }).version;
if (packageVersion !== '5.0.2') {
  // The committed artefacts and the tests' expected counts are for 5.0.2; another version may differ.
  console.warn(`warning: expected sentiment@5.0.2, found ${packageVersion}`);
}
const fixtures = Object.fromEntries(
  SOURCES.map((s) => [s, readJson(join(pkgDir, 'test', 'fixtures', `${s}.json`))]),
) as RawSentimentFixtures;

const t0 = performance.now();
const out = buildSentimentData({ fixtures, packageVersion });
const ms = performance.now() - t0;

const outDir = join(root, 'public', 'data');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'sentiment.json'), out.sentimentJson);
writeFileSync(join(outDir, 'tokenizer.json'), out.tokenizerJson);

for (const line of describeBuild(out.data, out.tokenizer)) console.log(line);
for (const d of out.data.cleaning.duplicates) console.log(`  duplicate ${d.dropped} of ${d.kept}: ${JSON.stringify(d.text)}`);
for (const t of out.data.cleaning.conflicts) console.log(`  conflicting labels, all copies dropped: ${JSON.stringify(t)}`);
console.log(
  `wrote public/data/sentiment.json (${out.sentimentJson.length} chars), ` +
    `public/data/tokenizer.json (${out.tokenizerJson.length} chars) in ${ms.toFixed(0)} ms`,
);
