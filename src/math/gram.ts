/**
 * Gram matrix of the smaller side of a row-major matrix, in float64.
 *
 * The ESD of W (rows × cols) is the spectrum of WᵀW (cols × cols) or, equally, of WWᵀ (rows × rows):
 * both share the min(rows, cols) squared singular values, so we always form the smaller one,
 * G = A Aᵀ with A (n × m, n = min side, rows of A contiguous). Each entry is a dot product of two
 * contiguous float64 rows, which is what makes the loops cache-friendly in a JS engine without SIMD.
 *
 * Precision: blocks of W are copied to float64 scaled by an exact power of two so that max |a| is in
 * [0.5, 1); G is accumulated in float64. The scale is returned so eigenvalues can be scaled back exactly
 * (λ(W) = λ(G) · 4^log2Scale). This prevents overflow of G for huge weights and underflow to denormals
 * for tiny ones (docs/ESD.md). Memory: input + G + an n × 256 scratch (no float64 copy of W).
 */

/** G = A Aᵀ (lower triangle filled, upper triangle mirrored) and the power-of-two scale used. */
export interface GramResult {
  /** n × n row-major, symmetric. */
  gram: Float64Array;
  /** n = min(rows, cols). */
  n: number;
  /** λ(WᵀW) = λ(gram) · 2^(2·log2Scale). */
  log2Scale: number;
}

/** k-chunk length: 4 + 4 rows of 256 doubles (16 KB) stay in a 32 KB L1 while a 4×4 block is computed. */
export const K_CHUNK = 256;

/** Power-of-two scale of W (max |w| ∈ [0.5, 1) after scaling); throws RangeError on NaN or ±∞. */
export function powerOfTwoScale(data: Float32Array | Float64Array): number {
  let maxAbs = 0;
  for (let k = 0; k < data.length; k++) {
    const v = Math.abs(data[k]);
    if (v > maxAbs) maxAbs = v;
    // NaN/±∞ would only surface later as a QL failure; say what is wrong instead.
    else if (!(v <= maxAbs)) throw new RangeError(`non-finite entry at index ${k}`);
  }
  if (maxAbs === Infinity) throw new RangeError('non-finite entry (Infinity)');
  return maxAbs > 0 ? Math.floor(Math.log2(maxAbs)) + 1 : 0;
}

/**
 * Add A Aᵀ to g (n × n) for A (n × m, row-major, rows contiguous): only the lower triangle (and the upper
 * half of the diagonal 4×4 blocks, overwritten by the final mirror) is written. 4×4 register blocks: per
 * k, 8 loads feed 16 multiply-adds. Callers keep m ≤ K_CHUNK so the 8 rows in use stay in L1.
 */
function accumulateGram(g: Float64Array, a: Float64Array, n: number, m: number): void {
  const n4 = n - (n % 4);
  for (let i = 0; i < n4; i += 4) {
    const i0 = i * m;
    const i1 = i0 + m;
    const i2 = i1 + m;
    const i3 = i2 + m;
    for (let j = 0; j <= i; j += 4) {
      const j0 = j * m;
      const j1 = j0 + m;
      const j2 = j1 + m;
      const j3 = j2 + m;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
      let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
      let s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let k = 0; k < m; k++) {
        const b0 = a[j0 + k];
        const b1 = a[j1 + k];
        const b2 = a[j2 + k];
        const b3 = a[j3 + k];
        const x0 = a[i0 + k];
        s00 += x0 * b0; s01 += x0 * b1; s02 += x0 * b2; s03 += x0 * b3;
        const x1 = a[i1 + k];
        s10 += x1 * b0; s11 += x1 * b1; s12 += x1 * b2; s13 += x1 * b3;
        const x2 = a[i2 + k];
        s20 += x2 * b0; s21 += x2 * b1; s22 += x2 * b2; s23 += x2 * b3;
        const x3 = a[i3 + k];
        s30 += x3 * b0; s31 += x3 * b1; s32 += x3 * b2; s33 += x3 * b3;
      }
      let o = i * n + j;
      g[o] += s00; g[o + 1] += s01; g[o + 2] += s02; g[o + 3] += s03;
      o += n;
      g[o] += s10; g[o + 1] += s11; g[o + 2] += s12; g[o + 3] += s13;
      o += n;
      g[o] += s20; g[o + 1] += s21; g[o + 2] += s22; g[o + 3] += s23;
      o += n;
      g[o] += s30; g[o + 1] += s31; g[o + 2] += s32; g[o + 3] += s33;
    }
  }
  // Remainder rows (n not a multiple of 4): plain dot products against every j ≤ i.
  for (let i = n4; i < n; i++) {
    const io = i * m;
    for (let j = 0; j <= i; j++) {
      const jo = j * m;
      let s = 0;
      for (let k = 0; k < m; k++) s += a[io + k] * a[jo + k];
      g[i * n + j] += s;
    }
  }
}

/** Copy the lower triangle of g onto the upper one. */
function mirrorLower(g: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) g[i * n + j] = g[j * n + i];
  }
}

/**
 * Gram matrix of the smaller side of W (rows × cols, row-major), scaled by 4^-log2Scale, in float64.
 * W is streamed: K_CHUNK rows (or columns) at a time are copied, scaled and, if needed, transposed into
 * an n × K_CHUNK float64 scratch (1.5 MB at n = 768), so peak memory is the input plus G plus the
 * scratch, never a float64 copy of W (an embedding table of 50257 × 768 would need 309 MB).
 * Throws RangeError on NaN or ±∞ entries.
 */
export function smallerGram(data: Float32Array | Float64Array, rows: number, cols: number): GramResult {
  const log2Scale = powerOfTwoScale(data);
  const { n, m } = gramShape(rows, cols);
  const g = new Float64Array(n * n);
  const block = new Float64Array(n * Math.min(K_CHUNK, m));
  for (let k0 = 0; k0 < m; k0 += K_CHUNK) {
    const kl = Math.min(K_CHUNK, m - k0);
    fillBlock(data, rows, cols, log2Scale, k0, kl, block, kl);
    accumulateGram(g, block, n, kl);
  }
  mirrorLower(g, n);
  return { gram: g, n, log2Scale };
}

/** The Gram side: n = min(rows, cols) (size of G), m = the other side (length of each dot product). */
export function gramShape(rows: number, cols: number): { n: number; m: number; transpose: boolean } {
  // WᵀW (n = cols, k runs over rows of W) when cols ≤ rows, else WWᵀ (n = rows).
  const transpose = cols <= rows;
  return { n: transpose ? cols : rows, m: transpose ? rows : cols, transpose };
}

/**
 * Copy the k-chunk [k0, k0 + kl) of the Gram side's rows into `block` (n rows of `stride` ≥ kl doubles,
 * entries kl..stride−1 set to 0), scaled by 2^-log2Scale. For WᵀW that is a transposed strip of kl rows
 * of W, for WWᵀ a strip of kl columns. Shared by the JavaScript and the WebAssembly paths.
 */
export function fillBlock(
  data: Float32Array | Float64Array,
  rows: number,
  cols: number,
  log2Scale: number,
  k0: number,
  kl: number,
  block: Float64Array,
  stride: number,
): void {
  // Two factors: 2^-log2Scale alone overflows for denormal inputs (log2Scale < −1023). Both are exact.
  const inv1 = Math.pow(2, -Math.trunc(log2Scale / 2));
  const inv2 = Math.pow(2, -(log2Scale - Math.trunc(log2Scale / 2)));
  if (cols <= rows) {
    // block[c][t] = w[k0 + t][c]: read W rows contiguously, scatter with the block's stride.
    for (let t = 0; t < kl; t++) {
      const off = (k0 + t) * cols;
      for (let c = 0; c < cols; c++) block[c * stride + t] = data[off + c] * inv1 * inv2;
    }
    if (stride > kl) for (let c = 0; c < cols; c++) block.fill(0, c * stride + kl, (c + 1) * stride);
  } else {
    // block[r][t] = w[r][k0 + t]: a column strip of W.
    for (let r = 0; r < rows; r++) {
      const off = r * cols + k0;
      const bo = r * stride;
      for (let t = 0; t < kl; t++) block[bo + t] = data[off + t] * inv1 * inv2;
      if (stride > kl) block.fill(0, bo + kl, bo + stride);
    }
  }
}
