/**
 * The two eigenvalue engines (src/math/wasm/kernel.ts) against each other, and the run-time fallback.
 * Both are also checked against numpy in test/esd-reference.test.ts and src/math/esd.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { denseEsd } from '../src/math/esd';
import { createRng } from '../src/math/random';
import { eigenEngine, setEigenEngine, wasmSimdAvailable } from '../src/math/wasm/kernel';

function gaussian(rows: number, cols: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: rows * cols }, () => rng.normal());
}

function esdWith(engine: 'wasm-simd' | 'js', w: Float32Array | Float64Array, rows: number, cols: number): Float64Array {
  setEigenEngine(engine);
  try {
    return denseEsd(w, rows, cols);
  } finally {
    setEigenEngine('auto');
  }
}

describe('eigenvalue engines', () => {
  afterEach(() => setEigenEngine('auto'));

  it('Node ≥ 20 runs the WebAssembly SIMD kernel by default', () => {
    expect(wasmSimdAvailable()).toBe(true);
    expect(eigenEngine()).toBe('wasm-simd');
    setEigenEngine('js');
    expect(eigenEngine()).toBe('js');
  });

  // Shapes exercise: n mod 4 ≠ 0 (remainder rows of the 4×2 Gram blocks), odd n (padded row stride), odd
  // and > 256 dot-product lengths (zero-padded, several streamed chunks), both Gram sides, tiny sizes.
  const shapes: [number, number][] = [[1, 1], [1, 7], [2, 3], [5, 4], [33, 17], [300, 7], [7, 300], [259, 131], [131, 517], [64, 64], [97, 97]];
  for (const [rows, cols] of shapes) {
    it(`agree to 1e-12·λ_max on a ${rows}×${cols} Gaussian matrix`, () => {
      const w = gaussian(rows, cols, rows * 7919 + cols);
      const a = esdWith('wasm-simd', w, rows, cols);
      const b = esdWith('js', w, rows, cols);
      expect(a.length).toBe(Math.min(rows, cols));
      const lmax = b[b.length - 1];
      for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - b[k]), `λ[${k}]`).toBeLessThanOrEqual(1e-12 * lmax);
    });
  }

  it('agree on float32 input, a rank-deficient matrix (exact zeros) and a scaled one (2^±600)', () => {
    const w = gaussian(40, 30, 5);
    for (let r = 0; r < 40; r++) for (let c = 20; c < 30; c++) w[r * 30 + c] = w[r * 30 + c - 20];
    for (const scale of [1, 2 ** 600, 2 ** -600]) {
      const ws = w.map((x) => x * scale);
      const a = esdWith('wasm-simd', ws, 40, 30);
      const b = esdWith('js', ws, 40, 30);
      for (let k = 0; k < 10; k++) expect(a[k]).toBe(0);
      for (let k = 10; k < 30; k++) expect(Math.abs(a[k] - b[k])).toBeLessThanOrEqual(1e-12 * b[29]);
    }
    const w32 = Float32Array.from(gaussian(50, 20, 6));
    const a = esdWith('wasm-simd', w32, 50, 20);
    const b = esdWith('js', w32, 50, 20);
    for (let k = 0; k < 20; k++) expect(Math.abs(a[k] - b[k])).toBeLessThanOrEqual(1e-12 * b[19]);
  });

  it('reuses one instance across sizes (large, then small, then large again)', () => {
    for (const [r, c] of [[200, 150], [3, 2], [200, 150], [10, 10]] as const) {
      const w = gaussian(r, c, r + c);
      const a = esdWith('wasm-simd', w, r, c);
      const b = esdWith('js', w, r, c);
      for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - b[k])).toBeLessThanOrEqual(1e-12 * b[b.length - 1]);
    }
  });

  it('the wasm engine rejects NaN/±∞ with RangeError, as the JavaScript one', () => {
    setEigenEngine('wasm-simd');
    expect(() => denseEsd(Float64Array.from([1, NaN, 3, 4]), 2, 2)).toThrow(RangeError);
    expect(() => denseEsd(Float64Array.from([1, 2, Infinity, 4]), 2, 2)).toThrow(RangeError);
  });

  it('falls back to JavaScript where WebAssembly is missing, and refuses to force the kernel there', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const kernel = await import('../src/math/wasm/kernel');
      const esd = await import('../src/math/esd');
      expect(kernel.wasmSimdAvailable()).toBe(false);
      expect(kernel.eigenEngine()).toBe('js');
      expect(() => kernel.setEigenEngine('wasm-simd')).toThrow(/not available/);
      const w = gaussian(12, 9, 3);
      const got = esd.denseEsd(w, 12, 9);
      const ref = esdWith('js', w, 12, 9);
      expect(Array.from(got)).toEqual(Array.from(ref));
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});
