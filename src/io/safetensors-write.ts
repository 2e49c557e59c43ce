/**
 * Writing .safetensors files: the header for a list of tensors, so a writer can then stream
 * each tensor's bytes in order (scripts/make-sample.ts, scripts/bench/gpt2.ts), and an
 * all-in-memory encoder for small files (tests, the UI's export of a snapshot).
 *
 * Tensors are laid out back to back in the order given. The JSON is padded with spaces so the
 * data buffer starts at a multiple of 8 bytes, as the reference implementation does: readers can
 * then view F32/F64 data in place without copying.
 */
import { DTYPE_BYTES, encodeFloats } from './dtype';
import type { FloatDtype } from './dtype';
import { numel } from './layout';

/** A tensor to be written: name, element type and shape (C order). */
export interface TensorSpec {
  name: string;
  dtype: FloatDtype;
  shape: number[];
}

/** The header of a file about to be written. */
export interface SafetensorsLayout {
  /** 8-byte length prefix + padded JSON: write this first. */
  header: Uint8Array;
  /** Byte length of each tensor's data, in the order given; write them back to back after the header. */
  byteLengths: number[];
  /** Total file size in bytes. */
  totalBytes: number;
}

/**
 * Build the header for `specs` (written in the order given) with optional string metadata.
 * Throws on duplicate names (JSON would silently keep only the last).
 */
export function buildSafetensorsHeader(specs: TensorSpec[], metadata?: Record<string, string>): SafetensorsLayout {
  const json: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) json.__metadata__ = metadata;
  let offset = 0;
  const byteLengths: number[] = [];
  for (const s of specs) {
    if (s.name in json) throw new Error(`duplicate tensor name ${s.name}`);
    const len = numel(s.shape) * DTYPE_BYTES[s.dtype];
    json[s.name] = { dtype: s.dtype, shape: s.shape, data_offsets: [offset, offset + len] };
    byteLengths.push(len);
    offset += len;
  }
  const text = new TextEncoder().encode(JSON.stringify(json));
  // Pad with spaces (allowed by the format) so 8 + N is a multiple of 8.
  const n = Math.ceil((8 + text.length) / 8) * 8 - 8;
  const header = new Uint8Array(8 + n).fill(0x20, 8);
  new DataView(header.buffer).setBigUint64(0, BigInt(n), true);
  header.set(text, 8);
  return { header, byteLengths, totalBytes: header.length + offset };
}

/** Encode whole tensors into one in-memory .safetensors file. */
export function encodeSafetensors(
  tensors: (TensorSpec & { data: ArrayLike<number> })[],
  metadata?: Record<string, string>,
): Uint8Array {
  const { header, totalBytes } = buildSafetensorsHeader(tensors, metadata);
  const out = new Uint8Array(totalBytes);
  out.set(header, 0);
  let pos = header.length;
  for (const t of tensors) {
    if (t.data.length !== numel(t.shape)) throw new Error(`tensor ${t.name}: data length does not match its shape`);
    const bytes = encodeFloats(t.dtype, t.data);
    out.set(bytes, pos);
    pos += bytes.length;
  }
  return out;
}
