// Float decoding/encoding against numpy's float16 (test/fixtures/io/float16_cases.json, made by
// scripts/ref/make_io_fixtures.py) and against bfloat16 bit patterns worked out by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bfloat16ToFloat,
  decodeFloats,
  encodeFloats,
  floatToBfloat16,
  floatToHalf,
  halfToFloat,
} from '../../src/io/dtype';
import { WeightsFormatError } from '../../src/io/errors';
import { createRng } from '../../src/math/random';
import { FIXTURES } from './helpers';

const f16 = JSON.parse(readFileSync(join(FIXTURES, 'float16_cases.json'), 'utf8')) as {
  encode: [number, number][];
  decode: [number, number][];
  nan_bits: number[];
};

describe('float16', () => {
  it('decodes bit patterns exactly as numpy does', () => {
    expect(f16.decode.length).toBeGreaterThan(600);
    for (const [bits, value] of f16.decode) expect(Object.is(halfToFloat(bits), value) || halfToFloat(bits) === value).toBe(true);
    for (const bits of f16.nan_bits) expect(halfToFloat(bits)).toBeNaN();
  });

  it('rounds doubles to the same half as numpy (ties to even, subnormals, overflow)', () => {
    for (const [value, bits] of f16.encode) expect([value, floatToHalf(value)]).toEqual([value, bits]);
  });

  it('round-trips every finite half bit pattern', () => {
    for (let h = 0; h < 65536; h++) {
      const v = halfToFloat(h);
      if (Number.isNaN(v)) expect(floatToHalf(v) & 0x7c00).toBe(0x7c00);
      else expect(floatToHalf(v)).toBe(h);
    }
  });

  it('keeps the sign of zero and of infinities', () => {
    expect(floatToHalf(-0)).toBe(0x8000);
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
  });
});

describe('bfloat16', () => {
  it('matches known bit patterns', () => {
    const cases: [number, number][] = [
      [1, 0x3f80], [-2, 0xc000], [0.5, 0x3f00], [Infinity, 0x7f80], [-Infinity, 0xff80],
      [Math.PI, 0x4049], // float32 0x40490FDB: low half 0x0FDB < 0x8000 rounds down
      [0.1, 0x3dcd], //     float32 0x3DCCCCCD: low half 0xCCCD > 0x8000 rounds up
      [3.4028234663852886e38, 0x7f80], // float32 max rounds up to infinity
    ];
    for (const [x, bits] of cases) expect([x, floatToBfloat16(x)]).toEqual([x, bits]);
    expect(bfloat16ToFloat(0x3f80)).toBe(1);
    expect(bfloat16ToFloat(0xc049)).toBe(-3.140625);
    expect(bfloat16ToFloat(0x7fc0)).toBeNaN();
    expect(floatToBfloat16(NaN)).toBe(0x7fc0);
  });

  it('rounds ties to even', () => {
    // 0x3F808000 is exactly between 0x3F80 and 0x3F81 (even wins: 0x3F80); 0x3F818000 → 0x3F82.
    const f = new Float32Array(new Uint32Array([0x3f808000, 0x3f818000]).buffer);
    expect(floatToBfloat16(f[0])).toBe(0x3f80);
    expect(floatToBfloat16(f[1])).toBe(0x3f82);
  });

  it('picks the nearest bfloat16 (brute-force check on random float32 values)', () => {
    const rng = createRng(7);
    for (let t = 0; t < 2000; t++) {
      const x = Math.fround(rng.normal() * 10 ** rng.uniform(-20, 20));
      const got = bfloat16ToFloat(floatToBfloat16(x));
      const hi = floatToBfloat16(x);
      // Neighbours of the chosen pattern must not be strictly closer.
      for (const nb of [hi - 1, hi + 1]) {
        const alt = bfloat16ToFloat(nb & 0xffff);
        expect(Math.abs(alt - x)).toBeGreaterThanOrEqual(Math.abs(got - x));
      }
    }
  });
});

describe('decodeFloats', () => {
  it('views aligned F32 bytes without copying and copies unaligned ones', () => {
    const vals = [1.5, -2.25, Math.fround(3e-8), 65504];
    const bytes = encodeFloats('F32', vals);
    const view = decodeFloats('F32', bytes, 4);
    expect(view.buffer).toBe(bytes.buffer);
    expect(Array.from(view)).toEqual(vals);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const copy = decodeFloats('F32', shifted.subarray(1), 4);
    expect(Array.from(copy)).toEqual(vals);
  });

  it('decodes F64, F16 and BF16 arrays like the scalar decoders', () => {
    const rng = createRng(3);
    const vals = Array.from({ length: 101 }, () => rng.normal() * 100);
    expect(Array.from(decodeFloats('F64', encodeFloats('F64', vals), 101))).toEqual(vals);
    const h = decodeFloats('F16', encodeFloats('F16', vals), 101);
    expect(Array.from(h)).toEqual(vals.map((v) => halfToFloat(floatToHalf(v))));
    const b = decodeFloats('BF16', encodeFloats('BF16', vals), 101);
    expect(Array.from(b)).toEqual(vals.map((v) => bfloat16ToFloat(floatToBfloat16(v))));
    // Unaligned 16-bit data takes the DataView path.
    const raw = encodeFloats('F16', vals);
    const odd = new Uint8Array(raw.length + 1);
    odd.set(raw, 1);
    expect(Array.from(decodeFloats('F16', odd.subarray(1), 101))).toEqual(Array.from(h));
  });

  it('refuses a byte count that does not match', () => {
    expect(() => decodeFloats('F32', new Uint8Array(10), 3)).toThrow(WeightsFormatError);
  });
});
