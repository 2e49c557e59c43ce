/**
 * FARMS — fixed-aspect-ratio matrix subsampling (ICML 2025, arXiv 2506.06280): the ESD of a layer is
 * replaced by the pooled ESDs of submatrices that all have the same aspect ratio, and PL_Alpha_Hill is
 * fitted to that pooled spectrum. Why: a Marchenko–Pastur bulk's Hill α depends on the matrix's aspect
 * ratio (random 20×20 ≈ 2.3, 20×128 ≈ 4.4), so in small models the fitted α reports shape, not training.
 * Windows of one aspect ratio give every layer the same random-matrix baseline.
 *
 * The exact rule (window size, placement, pooling, conv kernels, and where we differ from the authors'
 * code) is written out in docs/ESD.md "FARMS". Pure: Float64Array in, Float64Array out.
 */
import { denseEsd, DEFAULT_CONV_NORM } from './esd';
import type { NamedTensor } from './types';

/** The FARMS sampling parameters (the authors' `num_row_samples`, `Q_ratio`, `sampling_ops_per_dim`). */
export interface FarmsOptions {
  /** Largest window height m; a smaller matrix uses its own shorter side. Authors' CIFAR default 100. */
  maxSide: number;
  /** Aspect ratio Q = window width / window height. Authors' CIFAR runs: 1. */
  q: number;
  /** Window positions per dimension (evenly spread, ends included). Authors' CIFAR runs: 9. */
  windowsPerDim: number;
}

/** The settings of the authors' image-classification runs (their config: 100, 1.0, 9). */
export const DEFAULT_FARMS: Readonly<FarmsOptions> = Object.freeze({ maxSide: 100, q: 1, windowsPerDim: 9 });

/**
 * Start offsets of the windows of length `size` along a dimension of length `len` (size ≤ len):
 * step = max(1, ⌊(len − size)/(k − 1)⌋), count = min(k, ⌊(len − size)/step⌋ + 1), start_i = min(i·step,
 * len − size). k = 1 gives one window at 0 (the authors' formula divides by k − 1).
 */
export function windowStarts(len: number, size: number, k: number): number[] {
  const span = len - size;
  if (span < 0) throw new RangeError(`windowStarts: window ${size} longer than dimension ${len}`);
  if (k < 2 || span === 0) return [0];
  const step = Math.max(1, Math.floor(span / (k - 1)));
  const count = Math.min(k, Math.floor(span / step) + 1);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Math.min(i * step, span));
  return out;
}

/**
 * Window shape h × w for a dense rows × cols matrix: h = min(maxSide, rows, ⌊cols/q⌋), w = ⌊h·q⌋.
 * With q = 1 the windows are squares of side min(maxSide, rows, cols), so transposing W changes nothing.
 */
export function windowShape(rows: number, cols: number, o: FarmsOptions): { h: number; w: number } {
  const h = Math.min(o.maxSide, rows, Math.floor(cols / o.q));
  return { h, w: Math.floor(h * o.q) };
}

/** Copy of the h × w block at (r0, c0) of a rows × cols row-major matrix starting at `offset`, times `scale`. */
function block(
  data: Float32Array | Float64Array,
  offset: number,
  cols: number,
  r0: number,
  c0: number,
  h: number,
  w: number,
  scale: number,
): Float64Array {
  const out = new Float64Array(h * w);
  for (let i = 0; i < h; i++) {
    const src = offset + (r0 + i) * cols + c0;
    for (let j = 0; j < w; j++) out[i * w + j] = data[src + j] * scale;
  }
  return out;
}

/** Concatenate and sort ascending. */
function pool(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out.sort();
}

function checkOptions(o: FarmsOptions): void {
  if (!(Number.isInteger(o.maxSide) && o.maxSide >= 1 && o.q > 0 && Number.isInteger(o.windowsPerDim) && o.windowsPerDim >= 1)) {
    throw new RangeError(`FARMS: need integer maxSide ≥ 1, q > 0, integer windowsPerDim ≥ 1 (got ${JSON.stringify(o)})`);
  }
}

/**
 * FARMS ESD of a dense rows × cols matrix: eigenvalues of XᵀX for every window X (windowShape ×
 * windowStarts along rows and along columns), pooled, ascending. Each window goes through denseEsd, so
 * its own noise floor applies. A matrix with a side shorter than 1/q (no window fits) returns its own ESD.
 */
export function farmsDenseEsd(
  data: Float32Array | Float64Array,
  rows: number,
  cols: number,
  opts: FarmsOptions = DEFAULT_FARMS,
): Float64Array {
  checkOptions(opts);
  if (data.length !== rows * cols) throw new RangeError(`farmsDenseEsd: data length ${data.length} is not ${rows}×${cols}`);
  const { h, w } = windowShape(rows, cols, opts);
  if (h < 1 || w < 1) return denseEsd(data, rows, cols);
  const parts: Float64Array[] = [];
  for (const r0 of windowStarts(rows, h, opts.windowsPerDim)) {
    for (const c0 of windowStarts(cols, w, opts.windowsPerDim)) {
      parts.push(denseEsd(block(data, 0, cols, r0, c0, h, w, 1), h, w));
    }
  }
  return pool(parts);
}

/**
 * FARMS ESD of a conv kernel stored as `slices` consecutive cIn × cOut matrices (tfjs [k, cIn, cOut]
 * or [kh, kw, cIn, cOut]). As the authors' conv path: each slice is viewed long side first; the block
 * height is short/q (q > 1) or short (q ≤ 1), the width short (q > 1) or short·q (q ≤ 1); ⌊long/short⌋
 * non-overlapping blocks are taken down the long side from offset 0, each scaled by √convNorm. Unlike
 * the authors (who fit each block row separately and average α), every block of every slice is pooled
 * into one ESD and fitted once; the two agree whenever ⌊long/short⌋ = 1 (e.g. square slices).
 */
export function farmsConvEsd(
  data: Float32Array | Float64Array,
  slices: number,
  cIn: number,
  cOut: number,
  convNorm = DEFAULT_CONV_NORM,
  opts: FarmsOptions = DEFAULT_FARMS,
): Float64Array {
  checkOptions(opts);
  const size = cIn * cOut;
  if (data.length !== slices * size) throw new RangeError(`FARMS conv: data length ${data.length} is not ${slices}×${cIn}×${cOut}`);
  const long = Math.max(cIn, cOut);
  const short = Math.min(cIn, cOut);
  if (short === 0) return new Float64Array(0);
  const bh = Math.max(1, opts.q > 1 ? Math.floor(short / opts.q) : short);
  const bw = Math.max(1, opts.q > 1 ? short : Math.floor(short * opts.q));
  const divisions = Math.floor(long / short);
  const scale = Math.sqrt(convNorm);
  const parts: Float64Array[] = [];
  for (let s = 0; s < slices; s++) {
    for (let d = 0; d < divisions; d++) {
      // Block rows d·bh … d·bh + bh − 1 of the long-side-first view, columns 0 … bw − 1. When cIn is the
      // long side that view is the slice itself; otherwise it is the slice's transpose, whose block is
      // the transpose of the slice's block at rows 0…bw−1, columns d·bh… (same eigenvalues).
      const b = cIn >= cOut ? block(data, s * size, cOut, d * bh, 0, bh, bw, scale) : block(data, s * size, cOut, 0, d * bh, bw, bh, scale);
      parts.push(cIn >= cOut ? denseEsd(b, bh, bw) : denseEsd(b, bw, bh));
    }
  }
  return pool(parts);
}

/**
 * FARMS ESD of a named tensor by its shape (2-D dense, 3-D conv1d, 4-D conv2d, as esdOfTensor).
 * 1-D, 0-D or > 4-D throws RangeError.
 */
export function farmsEsdOfTensor(t: NamedTensor, convNorm = DEFAULT_CONV_NORM, opts: FarmsOptions = DEFAULT_FARMS): Float64Array {
  const s = t.shape;
  switch (s.length) {
    case 2:
      return farmsDenseEsd(t.data, s[0], s[1], opts);
    case 3:
      return farmsConvEsd(t.data, s[0], s[1], s[2], convNorm, opts);
    case 4:
      return farmsConvEsd(t.data, s[0] * s[1], s[2], s[3], convNorm, opts);
    default:
      throw new RangeError(`farmsEsdOfTensor: ${t.name} has shape [${s.join(', ')}]; need 2-D, 3-D or 4-D`);
  }
}
