// Shared by the src/io tests: fixtures written by numpy (scripts/ref/make_io_fixtures.py) and a
// ByteSource wrapper that records every read, to check streaming and "refuse before allocating".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WeightsFormatError } from '../../src/io/errors';
import type { ByteSource } from '../../src/io/source';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'io');

/** Bytes of a fixture file. */
export function fixture(name: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

/** Reference values from expected.json (made by numpy). */
export interface Expected {
  shape: number[];
  dtype: string;
  values: number[];
  tfjs_shape?: number[];
  tfjs_values?: number[];
}
export const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<
  string,
  Expected
> & { 'small.safetensors': Record<string, Expected> & { data_order: string[] } };

/** A source that logs the (offset, length) of every read before delegating. */
export function recording(src: ByteSource): ByteSource & { reads: [number, number][] } {
  const reads: [number, number][] = [];
  return {
    size: src.size,
    reads,
    read(offset, length) {
      reads.push([offset, length]);
      return src.read(offset, length);
    },
  };
}

/**
 * Await `p`, expecting a WeightsFormatError whose one-line message matches `pattern`.
 * Returns the message so callers can check more.
 */
export async function formatError(p: Promise<unknown>, pattern: RegExp): Promise<string> {
  let err: unknown = null;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  if (!(err instanceof WeightsFormatError)) {
    throw new Error(`expected WeightsFormatError matching ${pattern}, got ${String(err)}`);
  }
  if (!pattern.test(err.message)) throw new Error(`message ${JSON.stringify(err.message)} does not match ${pattern}`);
  if (/[\r\n]/.test(err.message)) throw new Error('message spans several lines');
  return err.message;
}

/** Collect an async generator into an array. */
export async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}
