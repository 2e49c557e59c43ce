/**
 * Which tensors of a weight file are layers, and how their data is brought into the layout the
 * numerics expect (src/math: 2-D [d_in, d_out] or conv kernels [k, c_in, c_out], docs/METHOD.md §1).
 *
 * The shape rule (documented for users in docs/CLI.md):
 * - 0-D and 1-D tensors (biases, LayerNorm scales, scalars) are not layers: skipped.
 * - Tensors with a zero-length dimension hold no matrix: skipped.
 * - 2-D tensors are dense layers as stored. No transpose is needed whatever the convention
 *   (PyTorch [out, in] or tfjs [in, out]): the singular values of W and Wᵀ are the same.
 * - ≥ 3-D tensors are convolution kernels. In the "pytorch" layout (the safetensors default,
 *   since most .safetensors files come from PyTorch) they are [c_out, c_in, ...spatial] and are
 *   permuted to [K, c_in, c_out] with K = ∏ spatial. In the "tfjs" layout they are already
 *   [...spatial, c_in, c_out] and only the spatial axes are merged (a reshape, no data movement).
 *   A conv2d kernel thus becomes kh·kw slices of c_in × c_out, the same pooling rule as conv1d.
 */

/** Convention for ≥ 3-D kernels in a file. */
export type KernelLayout = 'pytorch' | 'tfjs';

/** The verdict of the shape rule for one tensor. */
export type LayerPlan =
  | { layer: true; analysisShape: number[]; permute: boolean }
  | { layer: false; skipReason: string };

/** Number of elements of a shape (1 for a scalar). */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Apply the shape rule above to one tensor shape. */
export function planLayer(shape: readonly number[], layout: KernelLayout): LayerPlan {
  if (shape.length < 2) return { layer: false, skipReason: shape.length === 0 ? 'scalar' : '1-D' };
  if (shape.some((d) => d === 0)) return { layer: false, skipReason: 'empty' };
  if (shape.length === 2) return { layer: true, analysisShape: [shape[0], shape[1]], permute: false };
  if (layout === 'tfjs') {
    const r = shape.length;
    const k = numel(shape.slice(0, r - 2));
    return { layer: true, analysisShape: [k, shape[r - 2], shape[r - 1]], permute: false };
  }
  const k = numel(shape.slice(2));
  return { layer: true, analysisShape: [k, shape[1], shape[0]], permute: true };
}

/**
 * Permute a PyTorch conv kernel [c_out, c_in, K] (spatial axes already merged into K, C order)
 * to the tfjs layout [K, c_in, c_out]: out[k][i][o] = src[o][i][k]. Returns a new array of the
 * same type. The source is read sequentially, the destination written with stride c_out.
 */
export function permuteOutInKToKInOut<T extends Float32Array | Float64Array>(
  src: T,
  cOut: number,
  cIn: number,
  k: number,
): T {
  const out = (src instanceof Float64Array ? new Float64Array(src.length) : new Float32Array(src.length)) as T;
  let s = 0;
  for (let o = 0; o < cOut; o++) {
    for (let i = 0; i < cIn; i++) {
      for (let kk = 0; kk < k; kk++) out[(kk * cIn + i) * cOut + o] = src[s++];
    }
  }
  return out;
}
