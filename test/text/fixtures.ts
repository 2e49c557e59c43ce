/**
 * Test helper: read the raw UCI sentiment fixtures and the committed artefacts from disk.
 * (Loading lives in callers; the pure modules under src/data/text never touch the file system.)
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCES, type RawSentimentFixtures } from '../../src/data/text/clean';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PKG = join(ROOT, 'node_modules', 'sentiment');

export function readRawFixtures(): RawSentimentFixtures {
  return Object.fromEntries(
    SOURCES.map((s) => [s, JSON.parse(readFileSync(join(PKG, 'test', 'fixtures', `${s}.json`), 'utf8'))]),
  ) as RawSentimentFixtures;
}

export function sentimentPackageVersion(): string {
  return (JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')) as { version: string }).version;
}

export function readPublicData(name: 'sentiment.json' | 'tokenizer.json'): string {
  return readFileSync(join(ROOT, 'public', 'data', name), 'utf8');
}
