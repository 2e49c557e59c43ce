import { describe, expect, it } from 'vitest';
import { colourAt, fieldPixels, fieldRange } from './colormap';

/** Relative luminance (sRGB, ITU-R BT.709 weights on linearised channels). */
function luminance([r, g, b]: number[]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

describe('colour maps', () => {
  it('viridis runs from #440154 to #fde725 with luminance rising monotonically (readable in greyscale)', () => {
    expect(colourAt('viridis', 0)).toEqual([0x44, 0x01, 0x54]);
    expect(colourAt('viridis', 1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(colourAt('viridis', -3)).toEqual(colourAt('viridis', 0));
    let prev = -1;
    for (let t = 0; t <= 1.0001; t += 0.02) {
      const l = luminance(colourAt('viridis', t));
      expect(l).toBeGreaterThan(prev);
      prev = l;
    }
  });

  it('rdbu is white at the centre and symmetric in lightness around it', () => {
    expect(colourAt('rdbu', 0.5)).toEqual([0xf7, 0xf7, 0xf7]);
    for (const d of [0.1, 0.25, 0.5]) {
      expect(Math.abs(luminance(colourAt('rdbu', 0.5 - d)) - luminance(colourAt('rdbu', 0.5 + d)))).toBeLessThan(0.08);
    }
  });

  it('fieldRange skips non-finite values, widens a constant field, and is symmetric on request', () => {
    expect(fieldRange([[1, NaN, 3], [2, Infinity]])).toEqual([1, 3]);
    expect(fieldRange([[2, 2]])).toEqual([1.5, 2.5]);
    expect(fieldRange([[-1, 3]], true)).toEqual([-3, 3]);
    expect(fieldRange([[]])).toEqual([0, 1]);
  });

  it('fieldPixels puts row 0 (lowest y) at the bottom of the image', () => {
    const px = fieldPixels([0, 0, 1, 1], 2, [0, 1], 'viridis');
    expect(Array.from(px.slice(0, 4))).toEqual([0xfd, 0xe7, 0x25, 255]); // top-left = y row 1 = value 1
    expect(Array.from(px.slice(8, 12))).toEqual([0x44, 0x01, 0x54, 255]);
  });
});
