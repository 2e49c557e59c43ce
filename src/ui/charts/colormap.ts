/**
 * Colour maps of the 2-D field view, as pure functions (no DOM): viridis for fields (perceptually
 * uniform, readable with every common colour-vision deficiency and in greyscale) and ColorBrewer's
 * RdBu for signed errors (diverging, colour-blind safe), both as linear interpolation between
 * published anchor colours (viridis at 10 evenly spaced points; RdBu's 7-class scheme).
 */

export type ColourMapName = 'viridis' | 'rdbu';

const ANCHORS: Record<ColourMapName, string[]> = {
  viridis: ['#440154', '#482878', '#3e4a89', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6dcd59', '#b4de2c', '#fde725'],
  // Blue for negative (prediction below truth), red for positive; white at zero.
  rdbu: ['#2166ac', '#67a9cf', '#d1e5f0', '#f7f7f7', '#fddbc7', '#ef8a62', '#b2182b'],
};

const parsed: Record<ColourMapName, [number, number, number][]> = {
  viridis: ANCHORS.viridis.map(hexToRgb),
  rdbu: ANCHORS.rdbu.map(hexToRgb),
};

function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** RGB (0–255) of position t ∈ [0, 1] on a map; t outside is clamped, NaN gives mid-grey. */
export function colourAt(map: ColourMapName, t: number): [number, number, number] {
  if (Number.isNaN(t)) return [128, 128, 128];
  const a = parsed[map];
  const x = Math.min(1, Math.max(0, t)) * (a.length - 1);
  const i = Math.min(a.length - 2, Math.floor(x));
  const f = x - i;
  return [0, 1, 2].map((c) => Math.round(a[i][c] + f * (a[i + 1][c] - a[i][c]))) as [number, number, number];
}

/** CSS colour of position t (for colour-bar gradients). */
export function cssColour(map: ColourMapName, t: number): string {
  const [r, g, b] = colourAt(map, t);
  return `rgb(${r}, ${g}, ${b})`;
}

/** The value range a field is drawn over: [min, max] of finite values; a symmetric ±max|v| for diverging maps. */
export function fieldRange(fields: ArrayLike<number>[], symmetric = false): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const f of fields) {
    for (let i = 0; i < f.length; i++) {
      const v = f[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo > hi) return [0, 1];
  if (symmetric) {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    return [-m, m];
  }
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/**
 * RGBA pixels of an n×n field (row-major, row 0 = lowest y) for an ImageData, flipped so y grows
 * upwards on screen, values mapped linearly from [lo, hi] onto the map.
 */
export function fieldPixels(field: ArrayLike<number>, side: number, range: [number, number], map: ColourMapName): Uint8ClampedArray<ArrayBuffer> {
  const px = new Uint8ClampedArray(side * side * 4);
  const [lo, hi] = range;
  const span = hi - lo || 1;
  for (let j = 0; j < side; j++) {
    const row = side - 1 - j; // screen row
    for (let i = 0; i < side; i++) {
      const [r, g, b] = colourAt(map, (field[j * side + i] - lo) / span);
      const o = (row * side + i) * 4;
      px[o] = r;
      px[o + 1] = g;
      px[o + 2] = b;
      px[o + 3] = 255;
    }
  }
  return px;
}
