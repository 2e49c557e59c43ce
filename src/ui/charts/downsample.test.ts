import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/random';
import { downsampleBy, lttbIndices, strideIndices } from './downsample';

/** The bucket [start, end) that LTTB draws inner point b from (Steinarsson 2013, §4.2). */
function bucket(n: number, threshold: number, b: number): [number, number] {
  const every = (n - 2) / (threshold - 2);
  return [Math.floor(b * every) + 1, Math.floor((b + 1) * every) + 1];
}

describe('lttbIndices', () => {
  it('returns every index when the series is already short enough', () => {
    expect(lttbIndices([0, 1, 2], [5, 6, 7], 10)).toEqual([0, 1, 2]);
  });

  it('keeps the ends, stays ascending, and takes exactly one point from each bucket', () => {
    const rng = createRng(3);
    const n = 5000;
    const xs = Array.from({ length: n }, (_, i) => i);
    const ys = xs.map(() => rng.normal());
    const idx = lttbIndices(xs, ys, 300);
    expect(idx).toHaveLength(300);
    expect(idx[0]).toBe(0);
    expect(idx[299]).toBe(n - 1);
    for (let b = 0; b < 298; b++) {
      const [s, e] = bucket(n, 300, b);
      expect(idx[b + 1]).toBeGreaterThanOrEqual(s);
      expect(idx[b + 1]).toBeLessThan(e);
    }
  });

  it('keeps an isolated spike that striding would miss', () => {
    const n = 10_000;
    const xs = Array.from({ length: n }, (_, i) => i);
    const ys = xs.map((i) => (i === 4330 ? 100 : Math.sin(i / 500)));
    expect(lttbIndices(xs, ys, 200)).toContain(4330);
    expect(strideIndices(n, 200)).not.toContain(4330);
  });

  it('on a straight line picks the first point of every bucket (all triangles are degenerate)', () => {
    const n = 1000;
    const xs = Array.from({ length: n }, (_, i) => i);
    const ys = xs.map((x) => 2 * x + 1);
    const idx = lttbIndices(xs, ys, 50);
    for (let b = 0; b < 48; b++) expect(idx[b + 1]).toBe(bucket(n, 50, b)[0]);
  });

  it('never chooses a point because its value is NaN', () => {
    const n = 400;
    const xs = Array.from({ length: n }, (_, i) => i);
    const ys = xs.map((i) => (i % 7 === 0 ? NaN : 0));
    ys[250] = 10;
    const idx = lttbIndices(xs, ys, 20);
    expect(idx).toContain(250);
  });

  it('handles tiny thresholds', () => {
    const xs = [0, 1, 2, 3, 4];
    expect(lttbIndices(xs, xs, 2)).toEqual([0, 4]);
    expect(lttbIndices(xs, xs, 1)).toEqual([0]);
    expect(lttbIndices(xs, xs, 0)).toEqual([]);
  });
});

describe('downsampleBy / strideIndices', () => {
  it('returns a subset of the records in order', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ step: i, loss: Math.exp(-i / 200) }));
    const out = downsampleBy(rows, (r) => r.step, (r) => r.loss, 100);
    expect(out).toHaveLength(100);
    for (let k = 1; k < out.length; k++) expect(out[k].step).toBeGreaterThan(out[k - 1].step);
    for (const r of out) expect(rows).toContain(r);
  });

  it('strides evenly including both ends', () => {
    expect(strideIndices(11, 3)).toEqual([0, 5, 10]);
    expect(strideIndices(3, 10)).toEqual([0, 1, 2]);
  });
});
