// .npy reading against files written by numpy (scripts/ref/make_io_fixtures.py): v1.0 via
// np.save, v2.0 and v3.0 via np.lib.format.write_array; plus hand-broken copies of them.
import { describe, expect, it } from 'vitest';
import { parsePyLiteral, readNpyHeader } from '../../src/io/npy';
import { fromBytes } from '../../src/io/source';
import { inspectWeights, readWeights } from '../../src/io/weights';
import { collect, expected, fixture, formatError } from './helpers';

/** Build a .npy file by hand: v1 header from a dict literal, padded to 64 bytes, then `data`. */
function npy(dict: string, data: Uint8Array, version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  let text = dict;
  while ((prefix + text.length + 1) % 64 !== 0) text += ' ';
  text += '\n';
  const out = new Uint8Array(prefix + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, text.length, true);
  else dv.setUint32(8, text.length, true);
  for (let k = 0; k < text.length; k++) out[prefix + k] = text.charCodeAt(k);
  out.set(data, prefix + text.length);
  return out;
}

describe('reading numpy-written .npy files', () => {
  const cases: [string, [number, number]][] = [
    ['v1_f4_2d.npy', [1, 0]],
    ['v2_f8_2d.npy', [2, 0]],
    ['v3_f4_3d.npy', [3, 0]],
    ['f2_2d.npy', [1, 0]],
  ];
  for (const [file, version] of cases) {
    it(`${file}: header version, shape and every value match numpy`, async () => {
      const bytes = fixture(file);
      const header = await readNpyHeader(fromBytes(bytes));
      expect(header.version).toEqual(version);
      const ref = expected[file];
      const [t] = await collect(readWeights(`some/dir/${file}`, fromBytes(bytes)));
      expect(t.name).toBe(file.replace('.npy', ''));
      expect(t.shape).toEqual(ref.shape); // 3-D .npy is already tfjs [k, c_in, c_out]
      expect(t.fileShape).toEqual(ref.shape);
      expect(t.dtype).toBe(ref.dtype);
      expect(Array.from(t.data)).toEqual(ref.values);
      expect(header.dataOffset % 64).toBe(0); // numpy aligns data to 64 bytes
    });
  }
});

describe('refusing what numpy can write but we cannot analyse', () => {
  const cases: [string, RegExp][] = [
    ['fortran.npy', /Fortran \(column-major\) order/],
    ['i4.npy', /unsupported \.npy dtype descr "<i4".*integer/],
    ['be_f4.npy', /unsupported \.npy dtype descr ">f4".*big-endian/],
    ['object.npy', /unsupported \.npy dtype descr "\|O".*pickle/],
    ['vector_1d.npy', /shape \(6\) is not a layer/],
  ];
  for (const [file, pattern] of cases) {
    it(file, async () => {
      await formatError(inspectWeights(file, fromBytes(fixture(file))), pattern);
    });
  }
});

describe('malformed .npy files', () => {
  const good = fixture('v1_f4_2d.npy');
  it('bad magic', async () => {
    const bad = good.slice();
    bad[1] = 0x4f;
    await formatError(readNpyHeader(fromBytes(bad)), /bad magic/);
  });
  it('data shorter than the shape', async () => {
    await formatError(readNpyHeader(fromBytes(good.slice(0, good.length - 4))), /data shorter than its shape: \(5, 7\).*needs 140 bytes, file has 136/);
  });
  it('bytes after the data', async () => {
    const longer = new Uint8Array(good.length + 4);
    longer.set(good);
    await formatError(readNpyHeader(fromBytes(longer)), /4 bytes after the array data/);
  });
  it('file shorter than the magic and lengths', async () => {
    await formatError(readNpyHeader(fromBytes(good.slice(0, 6))), /too short/);
  });
  it('header length beyond the file', async () => {
    await formatError(readNpyHeader(fromBytes(good.slice(0, 40))), /header length 118 runs past the end of the file \(40 bytes\)/);
  });
  it('huge v2 header length claim is refused before reading it', async () => {
    const bad = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", new Uint8Array(4), 2);
    new DataView(bad.buffer).setUint32(8, 0xfffffff0, true);
    await formatError(readNpyHeader(fromBytes(bad)), /exceeds the 1048576-byte limit/);
  });
  it('unsupported version', async () => {
    const bad = good.slice();
    bad[6] = 4;
    await formatError(readNpyHeader(fromBytes(bad)), /version 4\.0/);
  });
  it('header that is not a dict literal', async () => {
    await formatError(readNpyHeader(fromBytes(npy("{'descr': '<f4', 'shape': (1, 1) 'x'}", new Uint8Array(4)))), /not a Python dict literal/);
    await formatError(readNpyHeader(fromBytes(npy('[1, 2]', new Uint8Array(0)))), /must be a dict/);
  });
  it('missing keys and non-integer shapes', async () => {
    await formatError(readNpyHeader(fromBytes(npy("{'descr': '<f4', 'shape': (2, 2), }", new Uint8Array(16)))), /must have 'descr', 'fortran_order' and 'shape'/);
    await formatError(
      readNpyHeader(fromBytes(npy("{'descr': '<f4', 'fortran_order': False, 'shape': ('a', 2), }", new Uint8Array(16)))),
      /shape must be a tuple of non-negative integers/,
    );
  });
  it('structured dtype', async () => {
    await formatError(
      readNpyHeader(fromBytes(npy("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2,), }", new Uint8Array(8)))),
      /structured/,
    );
  });
});

describe('parsePyLiteral', () => {
  it('reads the literals numpy writes, including one-element and empty tuples and 2.x longs', () => {
    expect(parsePyLiteral("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }")).toEqual({
      descr: '<f8',
      fortran_order: false,
      shape: [3],
    });
    expect(parsePyLiteral("{'shape': (), 'x': None, 'y': True}")).toEqual({ shape: [], x: null, y: true });
    expect(parsePyLiteral("{'shape': (2L, 3L)}")).toEqual({ shape: [2, 3] });
  });
  it('refuses deep nesting instead of overflowing the stack', () => {
    expect(() => parsePyLiteral('('.repeat(100000))).toThrow(/nesting too deep/);
  });
});
