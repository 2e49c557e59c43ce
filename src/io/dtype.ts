/**
 * Element types of weight files and their decoding to Float32Array / Float64Array.
 *
 * Half precision (IEEE 754 binary16, "F16") and bfloat16 ("BF16") are widened to float32, which
 * represents both exactly, so decoding loses nothing. Encoders (used by the sample/benchmark
 * writers and the round-trip tests) round to nearest, ties to even, like numpy's float16 cast.
 * All multi-byte values in .npy ('<') and .safetensors files are little-endian.
 */
import { WeightsFormatError } from './errors';

/** The float dtypes the readers accept, named as in the safetensors header. */
export type FloatDtype = 'F16' | 'BF16' | 'F32' | 'F64';

/** Bytes per element of each accepted dtype. */
export const DTYPE_BYTES: Readonly<Record<FloatDtype, number>> = { F16: 2, BF16: 2, F32: 4, F64: 8 };

/** Type guard: is `s` one of the accepted float dtypes? */
export function isFloatDtype(s: unknown): s is FloatDtype {
  return s === 'F16' || s === 'BF16' || s === 'F32' || s === 'F64';
}

/** True on little-endian hosts (every browser/Node platform in practice); typed-array views are then zero-copy. */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Decode one binary16 bit pattern exactly (subnormals, ±0, ±Inf and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24; // zero or subnormal
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Round x ≥ 0 to the nearest integer, ties to even (IEEE default rounding). */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Encode a number as the nearest binary16 bit pattern (ties to even; overflow → ±Inf; NaN → 0x7e00). */
export function floatToHalf(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  // 65520 is halfway between the largest half (65504) and 2^16; the tie goes to the even
  // neighbour, 2^16, which overflows to infinity.
  if (a >= 65520) return sign | 0x7c00;
  if (a < 2 ** -14) {
    // Subnormal range: units of 2^-24. A result of 1024 is the smallest normal, 0x0400, so the
    // bit pattern is the rounded integer itself. Scaling by a power of two is exact.
    return sign | roundHalfEven(a * 2 ** 24);
  }
  let e = Math.floor(Math.log2(a));
  // log2 can be off by one ulp near powers of two; fix e so that 2^e ≤ a < 2^(e+1).
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  let m = roundHalfEven((a / 2 ** e - 1) * 1024);
  if (m === 1024) {
    m = 0;
    e += 1;
  }
  return sign | ((e + 15) << 10) | m;
}

/** Decode a bfloat16 bit pattern: it is the upper half of a float32, so this is exact. */
export function bfloat16ToFloat(b: number): number {
  scratchU32[0] = (b & 0xffff) << 16;
  return scratchF32[0];
}

/** Encode a number as bfloat16: first to float32, then round the low 16 bits away (ties to even). */
export function floatToBfloat16(x: number): number {
  scratchF32[0] = x;
  const bits = scratchU32[0];
  if (Number.isNaN(x)) return 0x7fc0;
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** All 65 536 half values, built on first use: decoding a large F16 tensor is then one lookup per element. */
let halfTable: Float32Array | null = null;
function getHalfTable(): Float32Array {
  if (halfTable === null) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = halfToFloat(h);
  }
  return halfTable;
}

/** Read little-endian uint16 values, as a zero-copy view when the host and alignment allow. */
function u16View(bytes: Uint8Array, count: number): Uint16Array {
  if (HOST_LITTLE_ENDIAN && bytes.byteOffset % 2 === 0) {
    return new Uint16Array(bytes.buffer, bytes.byteOffset, count);
  }
  const out = new Uint16Array(count);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) out[i] = dv.getUint16(2 * i, true);
  return out;
}

/**
 * Decode `count` little-endian elements of `dtype` from `bytes` (which must hold exactly
 * count · DTYPE_BYTES[dtype] bytes). F32 and F64 are returned as views of `bytes` when aligned —
 * no copy, which is what keeps a 154 MB embedding at 154 MB — so `bytes` must be owned by the
 * caller (ByteSource.read guarantees that). F16 and BF16 are widened into a new Float32Array.
 */
export function decodeFloats(dtype: FloatDtype, bytes: Uint8Array, count: number): Float32Array | Float64Array {
  const need = count * DTYPE_BYTES[dtype];
  if (bytes.byteLength !== need) {
    throw new WeightsFormatError(`expected ${need} bytes of ${dtype} data, got ${bytes.byteLength}`);
  }
  switch (dtype) {
    case 'F32': {
      if (HOST_LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, count);
      const out = new Float32Array(count);
      const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < count; i++) out[i] = dv.getFloat32(4 * i, true);
      return out;
    }
    case 'F64': {
      if (HOST_LITTLE_ENDIAN && bytes.byteOffset % 8 === 0) return new Float64Array(bytes.buffer, bytes.byteOffset, count);
      const out = new Float64Array(count);
      const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < count; i++) out[i] = dv.getFloat64(8 * i, true);
      return out;
    }
    case 'F16': {
      const table = getHalfTable();
      const src = u16View(bytes, count);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = table[src[i]];
      return out;
    }
    case 'BF16': {
      const src = u16View(bytes, count);
      const out = new Float32Array(count);
      // Write the bit patterns directly: bf16 is the high half of the float32.
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) bits[i] = src[i] << 16;
      return out;
    }
  }
}

/**
 * Encode values as little-endian bytes of `dtype` (for the writers of sample and benchmark files).
 * F16/BF16 round to nearest even; F32 rounds doubles with Math.fround.
 */
export function encodeFloats(dtype: FloatDtype, values: ArrayLike<number>): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n * DTYPE_BYTES[dtype]);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (dtype === 'F32') dv.setFloat32(4 * i, v, true);
    else if (dtype === 'F64') dv.setFloat64(8 * i, v, true);
    else if (dtype === 'F16') dv.setUint16(2 * i, floatToHalf(v), true);
    else dv.setUint16(2 * i, floatToBfloat16(v), true);
  }
  return out;
}
