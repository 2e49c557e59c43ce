// The Node file ByteSource: exact ranges, fresh buffers, and truncation detected as a
// WeightsFormatError (the file shrinking after it was opened), not as short data.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WeightsFormatError } from '../../src/io/errors';
import { openFileSource } from './file-source';

const dir = mkdtempSync(join(tmpdir(), 'file-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openFileSource', () => {
  it('reads exact ranges into fresh, caller-owned arrays', async () => {
    const path = join(dir, 'a.bin');
    const bytes = Uint8Array.from({ length: 1000 }, (_, k) => (k * 7) & 255);
    writeFileSync(path, bytes);
    const src = await openFileSource(path);
    try {
      expect(src.size).toBe(1000);
      const a = await src.read(13, 100);
      expect(Array.from(a)).toEqual(Array.from(bytes.subarray(13, 113)));
      expect(a.byteOffset).toBe(0);
      expect(a.buffer.byteLength).toBe(100); // not a slice of a pooled Buffer
      expect((await src.read(1000, 0)).length).toBe(0);
      await expect(src.read(990, 20)).rejects.toThrow(WeightsFormatError);
    } finally {
      await src.close();
    }
  });

  it('reports a file that shrank after opening as truncated', async () => {
    const path = join(dir, 'b.bin');
    writeFileSync(path, new Uint8Array(256));
    const src = await openFileSource(path);
    try {
      truncateSync(path, 100);
      await expect(src.read(50, 100)).rejects.toThrow(/file truncated: read 50 of 100 bytes/);
    } finally {
      await src.close();
    }
  });

  it('refuses directories and missing files with the fs error code', async () => {
    await expect(openFileSource(dir)).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(openFileSource(join(dir, 'none'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
