import { describe, expect, it } from 'vitest';
import { fmtNum, shortTick } from './format';

describe('chart number formats', () => {
  it('ticks are short and parse back to the value within 2 significant digits (exponent form) or 4', () => {
    for (const v of [0.4, 0.00024, 2.4e-7, 1234.5, 98765432, -0.25, 1]) {
      const t = shortTick(v);
      expect(t.length).toBeLessThanOrEqual(7);
      expect(Math.abs(Number(t) - v) / Math.abs(v)).toBeLessThan(5e-3 + 1e-12);
      expect(t.length).toBeGreaterThan(0);
    }
    expect(shortTick(0)).toBe('0');
    expect(shortTick(0.00024)).toBe('2.4e-4');
    // Ticks 0.9905 and 0.991 of a narrow nRMSE axis must not print alike.
    expect(shortTick(0.9905)).not.toBe(shortTick(0.991));
  });

  it('tooltips show 4 significant digits and a dash for missing values', () => {
    expect(fmtNum(0.123456)).toBe('0.1235');
    expect(fmtNum(null)).toBe('—');
  });
});
