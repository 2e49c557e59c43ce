/**
 * Reading the header of a .safetensors file and checking it against the file before any tensor
 * data is touched.
 *
 * Format (huggingface/safetensors README, "Format"): 8 bytes little-endian u64 N, then N bytes of
 * UTF-8 JSON starting with '{' (possibly padded with spaces), then the data buffer. The JSON maps
 * tensor names to {dtype, shape, data_offsets: [begin, end]} with offsets relative to the data
 * buffer; an optional "__metadata__" maps strings to strings. The buffer must be covered exactly:
 * no overlaps, no holes, nothing past the end. The reference implementation refuses headers above
 * 100,000,000 bytes; so do we, before allocating anything.
 */
import { DTYPE_BYTES, isFloatDtype } from './dtype';
import type { FloatDtype } from './dtype';
import { WeightsFormatError, quote } from './errors';
import type { ByteSource } from './source';

/** Largest header accepted (the safetensors reference implementation's limit). */
export const SAFETENSORS_MAX_HEADER = 100_000_000;

/**
 * Element sizes of every dtype the safetensors spec defines. Only float dtypes can be analysed;
 * integer and bool tensors (e.g. BERT's position_ids buffer) are sized so the byte accounting of
 * the file can still be checked, then skipped. Float8 weights are refused (not decoded here).
 */
const NON_FLOAT_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1, U8: 1, I8: 1, I16: 2, U16: 2, I32: 4, U32: 4, I64: 8, U64: 8,
};

/** One tensor as declared by the header, with offsets made absolute (from the start of the file). */
export interface SafetensorsEntry {
  name: string;
  /** A FloatDtype, or a non-float dtype name such as 'I64' (such tensors are not analysed). */
  dtype: FloatDtype | string;
  shape: number[];
  /** Absolute byte offset of the first element. */
  begin: number;
  /** Absolute byte offset one past the last element. */
  end: number;
}

/** A validated header. */
export interface SafetensorsHeader {
  /** Absolute offset of the data buffer (8 + header length). */
  dataStart: number;
  metadata: Record<string, string>;
  /** Tensors in data-offset order, i.e. the order in which they lie in the file. */
  entries: SafetensorsEntry[];
}

/** Size of the 8-byte length prefix. */
const PREFIX = 8;

/** Read the length prefix, refusing implausible values before anything is allocated. */
function headerLength(prefix: Uint8Array, fileSize: number): number {
  const n = new DataView(prefix.buffer, prefix.byteOffset, PREFIX).getBigUint64(0, true);
  if (n > BigInt(SAFETENSORS_MAX_HEADER)) {
    throw new WeightsFormatError(
      `safetensors header length ${n} exceeds the ${SAFETENSORS_MAX_HEADER}-byte limit (corrupt file or not a safetensors file)`,
    );
  }
  const len = Number(n);
  if (PREFIX + len > fileSize) {
    throw new WeightsFormatError(
      `safetensors header length ${len} runs past the end of the file (${fileSize} bytes)`,
    );
  }
  if (len < 2) throw new WeightsFormatError(`safetensors header length ${len} is too small for a JSON object`);
  return len;
}

/** Decode and JSON-parse the header bytes into a plain object. */
function parseJson(bytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new WeightsFormatError('safetensors header is not valid UTF-8');
  }
  if (text[0] !== '{') {
    throw new WeightsFormatError(`safetensors header must start with '{', found ${quote(text.slice(0, 16))}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new WeightsFormatError(`safetensors header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WeightsFormatError('safetensors header must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function isNonNegInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Check one entry's fields and its byte count; offsets are still relative to the data buffer. */
function parseEntry(name: string, raw: unknown): Omit<SafetensorsEntry, 'begin' | 'end'> & { b: number; e: number } {
  const where = `tensor ${quote(name)}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new WeightsFormatError(`${where}: header entry must be an object with dtype, shape and data_offsets`);
  }
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== 'string') throw new WeightsFormatError(`${where}: missing or non-string dtype`);
  const itemBytes = isFloatDtype(dtype) ? DTYPE_BYTES[dtype] : NON_FLOAT_BYTES[dtype];
  if (itemBytes === undefined) {
    throw new WeightsFormatError(`${where}: unsupported dtype ${quote(dtype)} (readable: F32, F16, BF16, F64)`);
  }
  if (!Array.isArray(shape) || !shape.every(isNonNegInt)) {
    throw new WeightsFormatError(`${where}: shape must be an array of non-negative integers, got ${quote(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegInt) || offsets[0] > offsets[1]) {
    throw new WeightsFormatError(`${where}: data_offsets must be [begin, end] with 0 ≤ begin ≤ end, got ${quote(offsets)}`);
  }
  let count = 1;
  for (const d of shape) count *= d;
  const need = count * itemBytes;
  const have = offsets[1] - offsets[0];
  if (!Number.isSafeInteger(need) || need !== have) {
    throw new WeightsFormatError(
      `${where}: shape ${quote(shape)} of ${dtype} needs ${need} bytes but data_offsets span ${have}`,
    );
  }
  return { name, dtype, shape: shape.slice(), b: offsets[0], e: offsets[1] };
}

/** Check "__metadata__": an object of string values. */
function parseMetadata(raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new WeightsFormatError('safetensors "__metadata__" must be an object of strings');
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') {
      throw new WeightsFormatError(`safetensors "__metadata__" value of ${quote(k)} must be a string, got ${quote(v)}`);
    }
    out[k] = v;
  }
  return out;
}

/**
 * Read and validate the header of a safetensors file: 2 small reads (prefix, JSON), no tensor
 * data. Throws WeightsFormatError naming the first problem found.
 */
export async function readSafetensorsHeader(src: ByteSource): Promise<SafetensorsHeader> {
  if (src.size < PREFIX) {
    throw new WeightsFormatError(`file too short for a safetensors header: ${src.size} bytes (need at least 8)`);
  }
  const len = headerLength(await src.read(0, PREFIX), src.size);
  const json = parseJson(await src.read(PREFIX, len));
  const dataStart = PREFIX + len;
  const dataSize = src.size - dataStart;

  const metadata = parseMetadata(json.__metadata__);
  const parsed = Object.entries(json)
    .filter(([name]) => name !== '__metadata__')
    .map(([name, raw]) => parseEntry(name, raw));

  for (const t of parsed) {
    if (t.e > dataSize) {
      throw new WeightsFormatError(
        `tensor ${quote(t.name)}: data_offsets [${t.b}, ${t.e}] run past the end of the data (${dataSize} bytes; file truncated?)`,
      );
    }
  }
  // Walk the tensors in file order: each must start exactly where the previous one ended.
  parsed.sort((a, b) => a.b - b.b || a.e - b.e);
  let expected = 0;
  let prev = '';
  for (const t of parsed) {
    if (t.b < expected) {
      throw new WeightsFormatError(`tensor ${quote(t.name)}: data_offsets [${t.b}, ${t.e}] overlap tensor ${quote(prev)}`);
    }
    if (t.b > expected) {
      throw new WeightsFormatError(`tensor ${quote(t.name)}: gap of ${t.b - expected} bytes before its data (offset ${t.b})`);
    }
    expected = t.e;
    if (t.e > t.b) prev = t.name;
  }
  if (expected !== dataSize) {
    throw new WeightsFormatError(`${dataSize - expected} bytes after the last tensor are not covered by the header`);
  }
  const entries = parsed.map(({ name, dtype, shape, b, e }) => ({ name, dtype, shape, begin: dataStart + b, end: dataStart + e }));
  return { dataStart, metadata, entries };
}
