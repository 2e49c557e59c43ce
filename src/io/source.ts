/**
 * Random-access byte sources for the weight readers. The readers never ask for a whole file:
 * they read the header, then each tensor's own byte range, so a 500 MB checkpoint is held one
 * tensor at a time. The same interface is implemented over an in-memory array, a browser
 * File/Blob (this file) and a Node FileHandle (scripts/lib/file-source.ts), so src/io stays free
 * of DOM and node:fs and runs in a browser worker as well as in the CLI.
 */
import { WeightsFormatError } from './errors';

/**
 * Random-access, read-only bytes of one file.
 *
 * Contract: `read(offset, length)` resolves to a *fresh* Uint8Array of exactly `length` bytes
 * that the caller owns (it may keep it, view it as Float32Array or transfer its buffer to a
 * worker). A source must reject with WeightsFormatError when the range runs past `size` or the
 * underlying file turns out shorter than `size` claimed.
 */
export interface ByteSource {
  /** Total size of the file in bytes. */
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Throws unless [offset, offset + length) lies inside [0, size). Shared by every source. */
export function checkRange(size: number, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new WeightsFormatError(`invalid byte range: offset ${offset}, length ${length}`);
  }
  if (offset + length > size) {
    throw new WeightsFormatError(
      `file truncated: needed bytes ${offset}..${offset + length} but the file has only ${size} bytes`,
    );
  }
}

/**
 * A source over bytes already in memory (tests, drag-and-drop of small files, fetch results).
 * Each read copies its range (`slice`, not `subarray`) to honour the "caller owns it" contract:
 * a Float32Array view of a subarray would alias, and could not be transferred, the whole file.
 */
export function fromBytes(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.byteLength,
    read(offset, length) {
      checkRange(bytes.byteLength, offset, length);
      return Promise.resolve(bytes.slice(offset, offset + length));
    },
  };
}

/**
 * A source over a browser File or Blob (also available in Node ≥ 20 and in workers).
 * `Blob.slice` is lazy, so only the requested range is ever loaded into memory.
 */
export function fromBlob(blob: Blob): ByteSource {
  return {
    size: blob.size,
    async read(offset, length) {
      checkRange(blob.size, offset, length);
      const buf = await blob.slice(offset, offset + length).arrayBuffer();
      if (buf.byteLength !== length) {
        // A File can change or shrink on disk after it was picked.
        throw new WeightsFormatError(
          `file truncated: read ${buf.byteLength} of ${length} bytes at offset ${offset}`,
        );
      }
      return new Uint8Array(buf);
    },
  };
}
