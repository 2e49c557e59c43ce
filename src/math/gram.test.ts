import { describe, expect, it } from 'vitest';
import { smallerGram } from './gram';
import { createRng } from './random';

/** Naive WᵀW (cols ≤ rows) or WWᵀ, straight from the definition. */
function naiveGram(w: Float64Array, rows: number, cols: number): Float64Array {
  const t = cols <= rows;
  const n = t ? cols : rows;
  const m = t ? rows : cols;
  const at = (i: number, k: number): number => (t ? w[k * cols + i] : w[i * cols + k]);
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < m; k++) g[i * n + j] += at(i, k) * at(j, k);
  return g;
}

describe('smallerGram', () => {
  // Sizes exercise: n not a multiple of 4 (remainder rows), m > 256 (several streamed blocks), both sides.
  for (const [rows, cols] of [[517, 9], [9, 517], [300, 13], [8, 8], [1, 5]] as const) {
    it(`equals the naive Gram of the smaller side for ${rows}×${cols}, times 4^log2Scale`, () => {
      const rng = createRng(rows * 1000 + cols);
      const w = Float64Array.from({ length: rows * cols }, () => rng.normal() * 3);
      const { gram, n, log2Scale } = smallerGram(w, rows, cols);
      expect(n).toBe(Math.min(rows, cols));
      const ref = naiveGram(w, rows, cols);
      const s = Math.pow(4, log2Scale);
      for (let k = 0; k < n * n; k++) {
        expect(Math.abs(gram[k] * s - ref[k])).toBeLessThanOrEqual(1e-13 * Math.max(rows, cols) * 9);
      }
      // max |w| scaled into [0.5, 1).
      const maxAbs = w.reduce((a, b) => Math.max(a, Math.abs(b)), 0) / Math.pow(2, log2Scale);
      expect(maxAbs >= 0.5 && maxAbs < 1).toBe(true);
    });
  }

  it('accepts Float32 input, many streamed blocks', () => {
    const w = new Float32Array(2000 * 6).fill(0.5);
    const { gram, log2Scale } = smallerGram(w, 2000, 6);
    expect(gram[0] * Math.pow(4, log2Scale)).toBe(500);
  });
});
