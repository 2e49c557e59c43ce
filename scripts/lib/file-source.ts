/**
 * A ByteSource over a file on disk (Node only; src/io stays free of node:fs). Each read allocates
 * exactly the bytes asked for and fills them with positioned reads, so the analyze CLI holds one
 * tensor at a time however large the file.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { WeightsFormatError } from '../../src/io/errors';
import { checkRange } from '../../src/io/source';
import type { ByteSource } from '../../src/io/source';

/** Node caps a single read at 2 GiB − 1; larger tensors are read in chunks of this size. */
const MAX_CHUNK = 1 << 30;

/** A file-backed ByteSource; call close() when done. */
export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

/** Open `path` read-only. Rejects with the fs error (ENOENT, EISDIR, ...) if it cannot be opened. */
export async function openFileSource(path: string): Promise<FileSource> {
  const fh: FileHandle = await open(path, 'r');
  let size: number;
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'EISDIR' });
    size = st.size;
  } catch (e) {
    await fh.close();
    throw e;
  }
  return {
    size,
    async read(offset, length) {
      checkRange(size, offset, length);
      // A fresh, exactly sized array (not a pooled Buffer): the caller may view it as Float32Array
      // without copying, and it is freed as soon as the tensor is dropped.
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await fh.read(out, done, Math.min(MAX_CHUNK, length - done), offset + done);
        if (bytesRead === 0) {
          throw new WeightsFormatError(`file truncated: read ${done} of ${length} bytes at offset ${offset}`);
        }
        done += bytesRead;
      }
      return out;
    },
    close: () => fh.close(),
  };
}
