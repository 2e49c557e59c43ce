// .safetensors reading against a file written from the format description by numpy
// (scripts/ref/make_io_fixtures.py), the shape rule for conv kernels against numpy transposes,
// round trips through our writer, and every malformed-file case of the spec.
import { describe, expect, it } from 'vitest';
import { bfloat16ToFloat, floatToBfloat16, floatToHalf, halfToFloat } from '../../src/io/dtype';
import type { FloatDtype } from '../../src/io/dtype';
import { SAFETENSORS_MAX_HEADER, readSafetensorsHeader } from '../../src/io/safetensors';
import { buildSafetensorsHeader, encodeSafetensors } from '../../src/io/safetensors-write';
import { fromBlob, fromBytes } from '../../src/io/source';
import { inspectWeights, readWeights } from '../../src/io/weights';
import { createRng } from '../../src/math/random';
import { collect, expected, fixture, formatError, recording } from './helpers';

const small = expected['small.safetensors'];

describe('the numpy-written fixture', () => {
  it('lists tensors in data order with the shape rule applied', async () => {
    const info = await inspectWeights('small.safetensors', fromBytes(fixture('small.safetensors')));
    expect(info.metadata).toEqual({ format: 'pt', source: 'scripts/ref/make_io_fixtures.py' });
    expect(info.layout).toBe('pytorch');
    expect(info.tensors.map((t) => t.name)).toEqual(small.data_order);
    const byName = Object.fromEntries(info.tensors.map((t) => [t.name, t]));
    expect(byName['layers.0.conv.bias']).toMatchObject({ layer: false, skipReason: '1-D' });
    expect(byName['position_ids']).toMatchObject({ layer: false, skipReason: 'dtype I64' });
    expect(byName['layers.0.conv.weight']).toMatchObject({ layer: true, analysisShape: [2, 3, 4], permuted: true });
    expect(byName['layers.1.conv2d.weight']).toMatchObject({ layer: true, analysisShape: [4, 3, 2], permuted: true });
    expect(byName['layers.1.dense.weight']).toMatchObject({ layer: true, analysisShape: [3, 5], permuted: false });
  });

  it('decodes F32, F16, F64, BF16 and permutes PyTorch conv kernels exactly as numpy does', async () => {
    const layers = await collect(readWeights('small.safetensors', fromBytes(fixture('small.safetensors'))));
    expect(layers.map((t) => t.name)).toEqual(small.data_order.filter((n) => n in small));
    for (const t of layers) {
      const ref = small[t.name];
      expect(t.fileShape).toEqual(ref.shape);
      expect(t.dtype).toBe(ref.dtype);
      expect(t.shape).toEqual(ref.tfjs_shape ?? ref.shape);
      expect(Array.from(t.data)).toEqual(ref.tfjs_values ?? ref.values);
      expect(t.data instanceof Float64Array).toBe(ref.dtype === 'F64');
    }
  });

  it('reads the same through a Blob source as from memory', async () => {
    const bytes = fixture('small.safetensors');
    const a = await collect(readWeights('x.safetensors', fromBytes(bytes)));
    const b = await collect(readWeights('x.safetensors', fromBlob(new Blob([bytes]))));
    expect(b.map((t) => Array.from(t.data))).toEqual(a.map((t) => Array.from(t.data)));
  });
});

describe('streaming', () => {
  it('reads the header, then each layer range once; skipped tensors are never read', async () => {
    const bytes = fixture('small.safetensors');
    const src = recording(fromBytes(bytes));
    const info = await inspectWeights('x.safetensors', src);
    const headerReads = src.reads.length;
    expect(headerReads).toBe(2); // length prefix, JSON
    await collect(readWeights('x.safetensors', src, info));
    const layerReads = src.reads.slice(headerReads);
    expect(layerReads).toEqual(info.tensors.filter((t) => t.layer).map((t) => [t.byteOffset, t.byteLength]));
  });
});

describe('tfjs layout and writer round trip', () => {
  it('keeps ≥3-D kernels as [...spatial, c_in, c_out] when __metadata__.layout is "tfjs"', async () => {
    const rng = createRng(11);
    const k4 = Array.from({ length: 2 * 2 * 3 * 4 }, () => rng.normal());
    const file = encodeSafetensors([{ name: 'c', dtype: 'F64', shape: [2, 2, 3, 4], data: k4 }], { layout: 'tfjs' });
    const [t] = await collect(readWeights('m.safetensors', fromBytes(file)));
    expect(t.shape).toEqual([4, 3, 4]);
    expect(Array.from(t.data)).toEqual(k4); // a reshape only
  });

  it('round-trips every dtype, with F16/BF16 rounded once, and aligns the data buffer to 8 bytes', async () => {
    const rng = createRng(5);
    const dtypes: FloatDtype[] = ['F32', 'F64', 'F16', 'BF16'];
    const tensors = dtypes.map((dtype, k) => ({
      name: `w${k}`,
      dtype,
      shape: [3 + k, 5],
      data: Array.from({ length: (3 + k) * 5 }, () => rng.normal() * 3),
    }));
    const file = encodeSafetensors(tensors);
    const header = await readSafetensorsHeader(fromBytes(file));
    expect(header.dataStart % 8).toBe(0);
    const got = await collect(readWeights('m.safetensors', fromBytes(file)));
    const round: Record<FloatDtype, (v: number) => number> = {
      F32: Math.fround,
      F64: (v) => v,
      F16: (v) => halfToFloat(floatToHalf(v)),
      BF16: (v) => bfloat16ToFloat(floatToBfloat16(v)),
    };
    got.forEach((t, k) => expect(Array.from(t.data)).toEqual(tensors[k].data.map(round[tensors[k].dtype])));
  });
});

/** A safetensors file from a header object (or raw header text) and a data buffer of `dataBytes`. */
function file(header: object | string, dataBytes: number, lengthClaim?: bigint): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, lengthClaim ?? BigInt(text.length), true);
  out.set(text, 8);
  return out;
}
const t = (dtype: string, shape: unknown, b: number, e: number) => ({ dtype, shape, data_offsets: [b, e] });

describe('malformed safetensors files: one WeightsFormatError each', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['shorter than the length prefix', new Uint8Array(5), /too short for a safetensors header: 5 bytes/],
    ['100 MB header-length claim', file({}, 0, 100_000_001n), /header length 100000001 exceeds the 100000000-byte limit/],
    ['2^63 header-length claim', file({}, 0, 1n << 63n), /exceeds the 100000000-byte limit/],
    ['header length beyond the file', file({}, 0, 500n), /header length 500 runs past the end of the file \(10 bytes\)/],
    ['non-JSON header', file('{"a": [1, 2', 0), /not valid JSON/],
    ['header not an object', file('[1, 2]', 0), /must start with '\{'/],
    ['invalid UTF-8', file('{"\xff"}', 0).map((b, k) => (k === 10 ? 0xff : b)), /not valid UTF-8/],
    ['truncated data (offsets past the end)', file({ a: t('F32', [2, 3], 0, 24) }, 20), /"a": data_offsets \[0, 24\] run past the end of the data \(20 bytes; file truncated\?\)/],
    ['overlapping tensors', file({ a: t('F32', [2, 2], 0, 16), b: t('F32', [2, 2], 8, 24) }, 24), /"b": data_offsets \[8, 24\] overlap tensor "a"/],
    ['gap between tensors', file({ a: t('F32', [2, 2], 0, 16), b: t('F32', [2, 2], 20, 36) }, 36), /"b": gap of 4 bytes/],
    ['trailing uncovered bytes', file({ a: t('F32', [2, 2], 0, 16) }, 20), /4 bytes after the last tensor/],
    ['unsupported dtype (float8)', file({ a: t('F8_E4M3', [4, 4], 0, 16) }, 16), /"a": unsupported dtype "F8_E4M3"/],
    ['unknown dtype', file({ a: t('Q4_K', [4, 4], 0, 16) }, 16), /unsupported dtype "Q4_K"/],
    ['shape/byte-count mismatch', file({ a: t('F32', [2, 3], 0, 20) }, 20), /shape \[2,3\] of F32 needs 24 bytes but data_offsets span 20/],
    ['non-numeric shape', file({ a: t('F32', ['2', 3], 0, 24) }, 24), /shape must be an array of non-negative integers/],
    ['fractional shape', file({ a: t('F32', [1.5, 2], 0, 12) }, 12), /shape must be an array/],
    ['reversed data_offsets', file({ a: t('F32', [1], 8, 4) }, 8), /data_offsets must be \[begin, end\]/],
    ['entry that is not an object', file({ a: 3 }, 0), /header entry must be an object/],
    ['missing dtype', file({ a: { shape: [1], data_offsets: [0, 4] } }, 4), /missing or non-string dtype/],
    ['non-string metadata', file({ __metadata__: { epoch: 3 } }, 0), /"__metadata__" value of "epoch" must be a string/],
    ['unknown kernel layout', file({ __metadata__: { layout: 'nchw' } }, 0), /unknown "__metadata__".layout "nchw"/],
  ];
  for (const [what, bytes, pattern] of cases) {
    it(what, async () => {
      await formatError(inspectWeights('m.safetensors', fromBytes(bytes)), pattern);
    });
  }

  it('refuses an oversized header claim before allocating: only the 8-byte prefix is read', async () => {
    const src = recording(fromBytes(file({}, 0, BigInt(SAFETENSORS_MAX_HEADER) * 1000n)));
    await formatError(inspectWeights('m.safetensors', src), /exceeds/);
    expect(src.reads).toEqual([[0, 8]]);
  });

  it('quotes hostile tensor names on one line', async () => {
    const msg = await formatError(
      inspectWeights('m.safetensors', fromBytes(file({ 'evil\nname': t('I3', [1], 0, 1) }, 1))),
      /unsupported dtype/,
    );
    expect(msg).toContain('"evil\\nname"');
  });

  it('a file truncated by the filesystem after the header was read is caught by the source', async () => {
    const good = encodeSafetensors([{ name: 'w', dtype: 'F32', shape: [4, 4], data: new Float32Array(16) }]);
    const info = await inspectWeights('m.safetensors', fromBytes(good));
    const shrunk = fromBytes(good.slice(0, good.length - 8));
    await formatError(collect(readWeights('m.safetensors', shrunk, info)), /file truncated/);
  });

  it('the writer pads the header with spaces and declares contiguous offsets', () => {
    const { header, byteLengths, totalBytes } = buildSafetensorsHeader([
      { name: 'a', dtype: 'F16', shape: [3] },
      { name: 'b', dtype: 'F64', shape: [2, 2] },
    ]);
    expect(header.length % 8).toBe(0);
    expect(byteLengths).toEqual([6, 32]);
    expect(totalBytes).toBe(header.length + 38);
    const json = JSON.parse(new TextDecoder().decode(header.subarray(8)));
    expect(json.b.data_offsets).toEqual([6, 38]);
  });
});

describe('size limits', () => {
  it('refuses to allocate a tensor above MAX_TENSOR_BYTES, without reading it', async () => {
    // A header that is consistent with a 5 GB file; the source only pretends to be that large.
    const n = 40_000;
    const header = new TextEncoder().encode(JSON.stringify({ w: { dtype: 'F32', shape: [n, n + 1], data_offsets: [0, 4 * n * (n + 1)] } }));
    const prefix = new Uint8Array(8 + header.length);
    new DataView(prefix.buffer).setBigUint64(0, BigInt(header.length), true);
    prefix.set(header, 8);
    const inner = fromBytes(prefix);
    const src = recording({
      size: prefix.length + 4 * n * (n + 1),
      read: (offset, length) => (offset + length <= prefix.length ? inner.read(offset, length) : Promise.reject(new Error('read data'))),
    });
    await formatError(collect(readWeights('big.safetensors', src)), /more than the 4294967295-byte limit/);
    expect(src.reads.every(([offset]) => offset < prefix.length)).toBe(true);
  });
});

describe("the lab's own checkpoints", () => {
  it('are read in tfjs layout without a layout key: an FNO 1×1 conv [1, 20, 20] is one 20×20 matrix', async () => {
    // Bug found reading public/pretrained/fno-burgers-nu0.1.safetensors: its [k=1, c_in, c_out] kernels were
    // taken for PyTorch [c_out=1, c_in, k=20] and analysed as 20 slices of 20×1.
    const data = new Float32Array(400).map((_, i) => Math.sin(i));
    const bytes = encodeSafetensors([{ name: 'blocks.0.w', dtype: 'F32', shape: [1, 20, 20], data }], { format: 'model-balancing-lab/fno' });
    const info = await inspectWeights('fno.safetensors', fromBytes(bytes));
    expect(info.layout).toBe('tfjs');
    expect(info.tensors[0]).toMatchObject({ analysisShape: [1, 20, 20], permuted: false });
    const other = await inspectWeights('x.safetensors', fromBytes(encodeSafetensors([{ name: 'w', dtype: 'F32', shape: [1, 20, 20], data }], { format: 'pt' })));
    expect(other.layout).toBe('pytorch');
  });
});
