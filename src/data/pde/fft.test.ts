import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/random';
import { getFft, getRealFft, isPowerOfTwo, naiveDft } from './fft';

function randomSignal(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng.normal());
}

describe('getFft', () => {
  it('matches the naive O(N²) DFT for every power of two up to 512', () => {
    for (let n = 1; n <= 512; n *= 2) {
      const re = randomSignal(n, n);
      const im = randomSignal(n, n + 1);
      const ref = naiveDft(re, im);
      getFft(n).forward(re, im);
      // Rounding of both grows like ε·log N resp. ε·N; values are O(√N).
      const tol = 1e-12 * n;
      for (let k = 0; k < n; k++) {
        expect(Math.abs(re[k] - ref.re[k])).toBeLessThan(tol);
        expect(Math.abs(im[k] - ref.im[k])).toBeLessThan(tol);
      }
    }
  });

  it('inverts (inverse ∘ forward = identity) and gives the known DFT of a pure mode', () => {
    const n = 64;
    const re = randomSignal(n, 5);
    const im = randomSignal(n, 6);
    const re0 = Float64Array.from(re);
    const im0 = Float64Array.from(im);
    const fft = getFft(n);
    fft.forward(re, im);
    fft.inverse(re, im);
    for (let j = 0; j < n; j++) {
      expect(re[j]).toBeCloseTo(re0[j], 13);
      expect(im[j]).toBeCloseTo(im0[j], 13);
    }
    // cos(2π·3j/n) has X_3 = X_{n−3} = n/2 and nothing else.
    const c = Float64Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * 3 * j) / n));
    const z = new Float64Array(n);
    fft.forward(c, z);
    for (let k = 0; k < n; k++) {
      expect(c[k]).toBeCloseTo(k === 3 || k === n - 3 ? n / 2 : 0, 11);
      expect(z[k]).toBeCloseTo(0, 11);
    }
  });

  it('rejects lengths that are not powers of two', () => {
    expect(isPowerOfTwo(96)).toBe(false);
    expect(isPowerOfTwo(128)).toBe(true);
    expect(() => getFft(96)).toThrow(/power of two/);
    expect(() => getRealFft(1)).toThrow(/power of two/);
  });
});

describe('getRealFft', () => {
  it('matches the naive DFT on k = 0..n/2 and inverts exactly', () => {
    for (let n = 2; n <= 256; n *= 2) {
      const x = randomSignal(n, 100 + n);
      const ref = naiveDft(x, new Float64Array(n));
      const re = new Float64Array(n / 2 + 1);
      const im = new Float64Array(n / 2 + 1);
      const plan = getRealFft(n);
      plan.forward(x, re, im);
      for (let k = 0; k <= n / 2; k++) {
        expect(Math.abs(re[k] - ref.re[k])).toBeLessThan(1e-12 * n);
        expect(Math.abs(im[k] - ref.im[k])).toBeLessThan(1e-12 * n);
      }
      const back = new Float64Array(n);
      plan.inverse(re, im, back);
      for (let j = 0; j < n; j++) expect(back[j]).toBeCloseTo(x[j], 12);
    }
  });
});
