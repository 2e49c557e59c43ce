import { describe, expect, it } from 'vitest';
import type { TensorInfo } from '../../src/io/weights';
import { chooseThreads, esdFlops } from './analyze-pool';

const layer = (shape: number[], analysisShape = shape): TensorInfo => ({
  name: 'w', dtype: 'F32', shape, analysisShape, byteOffset: 0, byteLength: 4 * shape.reduce((a, b) => a * b, 1), layer: true,
});

describe('thread choice of the analyze CLI', () => {
  it('esdFlops: n²·m + 4/3·n³ per slice', () => {
    expect(esdFlops(layer([3, 6]))).toBe(9 * 6 + 36);
    expect(esdFlops(layer([6, 3]))).toBe(9 * 6 + 36);
    expect(esdFlops(layer([2, 3, 6]))).toBe(2 * (9 * 6 + 36));
    expect(esdFlops(layer([2, 2, 3, 6], [4, 3, 6]))).toBe(4 * (9 * 6 + 36));
  });

  it('--threads N is honoured up to the number of layers; the default is one per core for real work', () => {
    const small = [layer([64, 64]), layer([64, 64])];
    const big = Array.from({ length: 10 }, () => layer([768, 3072]));
    expect(chooseThreads(small, 0, 8)).toBe(1); // starting workers would cost more than the work
    expect(chooseThreads(small, 2, 8)).toBe(2);
    expect(chooseThreads(small, 5, 8)).toBe(2);
    expect(chooseThreads(big, 0, 4)).toBe(4);
    expect(chooseThreads(big, 0, 16)).toBe(10);
    expect(chooseThreads(big, 1, 16)).toBe(1);
  });
});
