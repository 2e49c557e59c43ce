import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/random';
import { nrmse } from './nrmse';

describe('nrmse', () => {
  it('is exactly c for a prediction (1 + c)·y, for every slice', () => {
    const shape = { samples: 3, times: 4, channels: 2, nx: 16 };
    const rng = createRng(4);
    const y = Float32Array.from({ length: 3 * 4 * 2 * 16 }, () => rng.normal());
    const pred = Float64Array.from(y, (v) => 1.25 * v);
    const r = nrmse(pred, y, shape);
    expect(r.mean).toBeCloseTo(0.25, 12);
    expect(r.count).toBe(24);
    for (const v of r.perTime) expect(v).toBeCloseTo(0.25, 12);
  });

  it('averages per-slice ratios over samples, channels and times from startTime on', () => {
    // 2 samples × 3 times × 1 channel × 2 cells; errors chosen so each slice ratio is known.
    const y = Float64Array.of(3, 4, 3, 4, 3, 4, /* sample 1 */ 0, 2, 0, 2, 0, 2);
    const pred = Float64Array.of(3, 4, 3, 4 + 5, 3 + 5, 4, /* sample 1 */ 0, 2, 1, 2, 0, 2);
    // ratios: s0 = [0, 1, 1], s1 = [0, 0.5, 0]
    const shape = { samples: 2, times: 3, channels: 1, nx: 2 };
    const all = nrmse(pred, y, shape);
    expect(all.mean).toBeCloseTo(2.5 / 6, 14);
    expect(Array.from(all.perSample)).toEqual([2 / 3, 0.5 / 3].map((v) => expect.closeTo(v, 14)));
    const later = nrmse(pred, y, shape, 1);
    expect(later.mean).toBeCloseTo(2.5 / 4, 14);
    expect(Number.isNaN(later.perTime[0])).toBe(true);
    expect(later.perTime[1]).toBeCloseTo(0.75, 14);
    expect(later.perTime[2]).toBeCloseTo(0.5, 14);
  });

  it('averages per channel over samples and times (channel 1 predicted exactly, channel 0 off by 50 %)', () => {
    const shape = { samples: 2, times: 2, channels: 2, nx: 3 };
    const y = Float64Array.from({ length: 24 }, (_, i) => 1 + (i % 5));
    const pred = Float64Array.from(y, (v, i) => (Math.floor(i / 3) % 2 === 0 ? 1.5 * v : v));
    const r = nrmse(pred, y, shape, 1);
    expect(Array.from(r.perChannel)).toEqual([expect.closeTo(0.5, 14), 0]);
    expect(r.mean).toBeCloseTo(0.25, 14);
  });

  it('leaves out slices with a zero target and reports them; all zero gives NaN', () => {
    const shape = { samples: 1, times: 2, channels: 1, nx: 2 };
    const r = nrmse(Float64Array.of(1, 1, 1, 0), Float64Array.of(0, 0, 2, 0), shape);
    expect(r.skipped).toBe(1);
    expect(r.count).toBe(1);
    expect(r.mean).toBeCloseTo(0.5, 14); // ‖(1,0) − (2,0)‖ / ‖(2,0)‖
    const none = nrmse(new Float64Array(4), new Float64Array(4), shape);
    expect(Number.isNaN(none.mean)).toBe(true);
    expect(() => nrmse(new Float64Array(3), new Float64Array(4), shape)).toThrow(/expected 4/);
  });
});
