// AssemblyScript source of the WebAssembly SIMD eigenvalue kernel (f64x2). Compiled by
// scripts/build-wasm.ts into src/math/wasm/eigenKernel.ts (base64), loaded by src/math/wasm/kernel.ts.
// Same algorithms as the JavaScript path (src/math/gram.ts, src/math/symeig.ts); this file only
// vectorises their inner loops. It allocates nothing: the caller lays out every array in linear memory
// and passes byte offsets. Row strides (lda) are even so that rows start 16-byte aligned.

/** f64 at index k of the array at byte offset p. */
// @ts-ignore: decorator
@inline function ld(p: usize, k: i32): f64 {
  return load<f64>(p + (<usize>k << 3));
}

// @ts-ignore: decorator
@inline function st(p: usize, k: i32, v: f64): void {
  store<f64>(p + (<usize>k << 3), v);
}

// @ts-ignore: decorator
@inline function vld(p: usize, k: i32): v128 {
  return v128.load(p + (<usize>k << 3));
}

// @ts-ignore: decorator
@inline function vst(p: usize, k: i32, v: v128): void {
  v128.store(p + (<usize>k << 3), v);
}

// @ts-ignore: decorator
@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/**
 * G += A Aᵀ on the lower triangle (plus the upper half of diagonal blocks, which the caller's mirror
 * overwrites). A: n rows of m doubles (m even, rows contiguous). G: n × n with row stride ldg.
 * Register block of 4 rows i × 2 rows j, dot products along k two lanes at a time: per k-pair, 6 loads
 * feed 8 f64x2 multiply-adds (8 accumulators + 6 operands = 14 of the 16 xmm registers).
 */
export function gramAccumulate(g: usize, a: usize, n: i32, m: i32, ldg: i32): void {
  const n4 = n - (n & 3);
  const rowBytes = <usize>m << 3;
  for (let i = 0; i < n4; i += 4) {
    const x0 = a + <usize>i * rowBytes;
    const x1 = x0 + rowBytes;
    const x2 = x1 + rowBytes;
    const x3 = x2 + rowBytes;
    for (let j = 0; j < i + 4; j += 2) {
      const y0 = a + <usize>j * rowBytes;
      const y1 = y0 + rowBytes;
      let s00 = f64x2.splat(0), s01 = f64x2.splat(0);
      let s10 = f64x2.splat(0), s11 = f64x2.splat(0);
      let s20 = f64x2.splat(0), s21 = f64x2.splat(0);
      let s30 = f64x2.splat(0), s31 = f64x2.splat(0);
      for (let k = 0; k < m; k += 2) {
        const b0 = vld(y0, k);
        const b1 = vld(y1, k);
        const a0 = vld(x0, k);
        s00 = f64x2.add(s00, f64x2.mul(a0, b0));
        s01 = f64x2.add(s01, f64x2.mul(a0, b1));
        const a1 = vld(x1, k);
        s10 = f64x2.add(s10, f64x2.mul(a1, b0));
        s11 = f64x2.add(s11, f64x2.mul(a1, b1));
        const a2 = vld(x2, k);
        s20 = f64x2.add(s20, f64x2.mul(a2, b0));
        s21 = f64x2.add(s21, f64x2.mul(a2, b1));
        const a3 = vld(x3, k);
        s30 = f64x2.add(s30, f64x2.mul(a3, b0));
        s31 = f64x2.add(s31, f64x2.mul(a3, b1));
      }
      const o = i * ldg + j;
      st(g, o, ld(g, o) + hsum(s00));
      st(g, o + 1, ld(g, o + 1) + hsum(s01));
      st(g, o + ldg, ld(g, o + ldg) + hsum(s10));
      st(g, o + ldg + 1, ld(g, o + ldg + 1) + hsum(s11));
      const o2 = o + 2 * ldg;
      st(g, o2, ld(g, o2) + hsum(s20));
      st(g, o2 + 1, ld(g, o2 + 1) + hsum(s21));
      st(g, o2 + ldg, ld(g, o2 + ldg) + hsum(s30));
      st(g, o2 + ldg + 1, ld(g, o2 + ldg + 1) + hsum(s31));
    }
  }
  // Remainder rows (n not a multiple of 4): one dot product per j ≤ i.
  for (let i = n4; i < n; i++) {
    const x = a + <usize>i * rowBytes;
    for (let j = 0; j <= i; j++) {
      const y = a + <usize>j * rowBytes;
      let s = f64x2.splat(0);
      for (let k = 0; k < m; k += 2) s = f64x2.add(s, f64x2.mul(vld(x, k), vld(y, k)));
      const o = i * ldg + j;
      st(g, o, ld(g, o) + hsum(s));
    }
  }
}

/**
 * Householder vector of row i (columns 0..i−1, row stride lda) into u and sub-diagonal e[i]; returns
 * h = ½‖u‖² or 0 when no reflection is needed. Row scaled by its 1-norm first (EISPACK), as symeig.ts.
 */
function house(a: usize, lda: i32, i: i32, u: usize, e: usize): f64 {
  const l = i - 1;
  const ri = i * lda;
  if (l == 0) {
    st(e, i, ld(a, ri));
    return 0;
  }
  let scale: f64 = 0;
  for (let k = 0; k <= l; k++) scale += Math.abs(ld(a, ri + k));
  if (scale == 0) {
    st(e, i, ld(a, ri + l));
    return 0;
  }
  let h: f64 = 0;
  for (let k = 0; k <= l; k++) {
    const v = ld(a, ri + k) / scale;
    st(u, k, v);
    h += v * v;
  }
  const f = ld(u, l);
  const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
  st(e, i, scale * g);
  h -= f * g;
  st(u, l, f - g);
  return h;
}

/**
 * Row j of the fused pass (symeig.ts fusedRow): a[j][k] −= u_j q_k + q_j u_k for k ≤ j, and the
 * updated row's share of p' = A w. Two lanes per f64x2, unrolled to 4 vectors with 2 partial sums
 * (the add latency would otherwise serialise the loop).
 */
// @ts-ignore: decorator
@inline function fusedRow(a: usize, rj: i32, j: i32, u: usize, q: usize, w: usize, p: usize): void {
  const uj = ld(u, j);
  const qj = ld(q, j);
  const wj = ld(w, j);
  const ujv = f64x2.splat(uj);
  const qjv = f64x2.splat(qj);
  const wjv = f64x2.splat(wj);
  const ar = a + (<usize>rj << 3);
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let k = 0;
  for (; k + 7 < j; k += 8) {
    const v0 = f64x2.sub(vld(ar, k), f64x2.add(f64x2.mul(ujv, vld(q, k)), f64x2.mul(qjv, vld(u, k))));
    const v1 = f64x2.sub(vld(ar, k + 2), f64x2.add(f64x2.mul(ujv, vld(q, k + 2)), f64x2.mul(qjv, vld(u, k + 2))));
    const v2 = f64x2.sub(vld(ar, k + 4), f64x2.add(f64x2.mul(ujv, vld(q, k + 4)), f64x2.mul(qjv, vld(u, k + 4))));
    const v3 = f64x2.sub(vld(ar, k + 6), f64x2.add(f64x2.mul(ujv, vld(q, k + 6)), f64x2.mul(qjv, vld(u, k + 6))));
    vst(ar, k, v0);
    vst(ar, k + 2, v1);
    vst(ar, k + 4, v2);
    vst(ar, k + 6, v3);
    s0 = f64x2.add(s0, f64x2.mul(v0, vld(w, k)));
    s1 = f64x2.add(s1, f64x2.mul(v1, vld(w, k + 2)));
    s0 = f64x2.add(s0, f64x2.mul(v2, vld(w, k + 4)));
    s1 = f64x2.add(s1, f64x2.mul(v3, vld(w, k + 6)));
    vst(p, k, f64x2.add(vld(p, k), f64x2.mul(v0, wjv)));
    vst(p, k + 2, f64x2.add(vld(p, k + 2), f64x2.mul(v1, wjv)));
    vst(p, k + 4, f64x2.add(vld(p, k + 4), f64x2.mul(v2, wjv)));
    vst(p, k + 6, f64x2.add(vld(p, k + 6), f64x2.mul(v3, wjv)));
  }
  for (; k + 1 < j; k += 2) {
    const v = f64x2.sub(vld(ar, k), f64x2.add(f64x2.mul(ujv, vld(q, k)), f64x2.mul(qjv, vld(u, k))));
    vst(ar, k, v);
    s0 = f64x2.add(s0, f64x2.mul(v, vld(w, k)));
    vst(p, k, f64x2.add(vld(p, k), f64x2.mul(v, wjv)));
  }
  let pj = hsum(f64x2.add(s0, s1));
  for (; k < j; k++) {
    const v = ld(ar, k) - (uj * ld(q, k) + qj * ld(u, k));
    st(ar, k, v);
    pj += v * ld(w, k);
    st(p, k, ld(p, k) + v * wj);
  }
  const v = ld(ar, j) - (uj * ld(q, j) + qj * ld(u, j));
  st(ar, j, v);
  st(p, j, ld(p, j) + pj + v * wj);
}

/**
 * Rows j and j+1 of the fused pass at once (same arithmetic as fusedRow on each row): the vectors q, u,
 * w and p are loaded once for both rows, which cuts the loads and stores per element by a third; the
 * pass is limited by them, not by the arithmetic. Row j+1's column j and both diagonals are scalar.
 */
// @ts-ignore: decorator
@inline function fusedRow2(a: usize, rj: i32, j: i32, lda: i32, u: usize, q: usize, w: usize, p: usize): void {
  const uj = ld(u, j);
  const qj = ld(q, j);
  const wj = ld(w, j);
  const uk = ld(u, j + 1);
  const qk = ld(q, j + 1);
  const wk = ld(w, j + 1);
  const ujv = f64x2.splat(uj);
  const qjv = f64x2.splat(qj);
  const wjv = f64x2.splat(wj);
  const ukv = f64x2.splat(uk);
  const qkv = f64x2.splat(qk);
  const wkv = f64x2.splat(wk);
  const a0 = a + (<usize>rj << 3);
  const a1 = a0 + (<usize>lda << 3);
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let k = 0;
  for (; k + 1 < j; k += 2) {
    const qv = vld(q, k);
    const uv = vld(u, k);
    const wv = vld(w, k);
    const v0 = f64x2.sub(vld(a0, k), f64x2.add(f64x2.mul(ujv, qv), f64x2.mul(qjv, uv)));
    const v1 = f64x2.sub(vld(a1, k), f64x2.add(f64x2.mul(ukv, qv), f64x2.mul(qkv, uv)));
    vst(a0, k, v0);
    vst(a1, k, v1);
    s0 = f64x2.add(s0, f64x2.mul(v0, wv));
    s1 = f64x2.add(s1, f64x2.mul(v1, wv));
    vst(p, k, f64x2.add(vld(p, k), f64x2.add(f64x2.mul(v0, wjv), f64x2.mul(v1, wkv))));
  }
  let pj = hsum(s0);
  let pk = hsum(s1);
  for (; k < j; k++) {
    const qv = ld(q, k);
    const uv = ld(u, k);
    const v0 = ld(a0, k) - (uj * qv + qj * uv);
    const v1 = ld(a1, k) - (uk * qv + qk * uv);
    st(a0, k, v0);
    st(a1, k, v1);
    pj += v0 * ld(w, k);
    pk += v1 * ld(w, k);
    st(p, k, ld(p, k) + (v0 * wj + v1 * wk));
  }
  // Column j: row j's diagonal and row j+1's off-diagonal; then row j+1's diagonal.
  const d0 = ld(a0, j) - (uj * qj + qj * uj);
  const o1 = ld(a1, j) - (uk * qj + qk * uj);
  const d1 = ld(a1, j + 1) - (uk * qk + qk * uk);
  st(a0, j, d0);
  st(a1, j, o1);
  st(a1, j + 1, d1);
  st(p, j, ld(p, j) + pj + d0 * wj + o1 * wk);
  st(p, j + 1, ld(p, j + 1) + pk + o1 * wj + d1 * wk);
}

/** p[0..j] += lower-triangle mat-vec contribution of row j with vector w (no update). */
function matvecRow(a: usize, rj: i32, j: i32, w: usize, p: usize): void {
  const wj = ld(w, j);
  let pj: f64 = 0;
  for (let k = 0; k < j; k++) {
    const v = ld(a, rj + k);
    pj += v * ld(w, k);
    st(p, k, ld(p, k) + v * wj);
  }
  st(p, j, ld(p, j) + pj + ld(a, rj + j) * wj);
}

/**
 * Householder tridiagonalisation of the symmetric n × n matrix at a (lower triangle read and destroyed,
 * row stride lda), same step order as symeig.ts tred: the rank-2 update of step i is fused with the
 * mat-vec of step i−1. Writes d (n) and e (n, e[k] couples d[k], d[k+1], e[n−1] = 0). work: 4n doubles,
 * each n-block 16-byte aligned (n rounded up to even by the caller).
 */
export function tridiagonalize(a: usize, n: i32, lda: i32, d: usize, e: usize, work: usize, ldw: i32): void {
  if (n == 0) return;
  const blk = <usize>ldw << 3;
  let u = work;
  let q = work + blk;
  let uN = q + blk;
  let pN = uN + blk;
  memory.fill(work, 0, blk << 2);
  let i = n - 1;
  let h: f64 = i > 0 ? house(a, lda, i, u, e) : 0;
  if (h > 0) {
    for (let j = 0; j < i; j++) matvecRow(a, j * lda, j, u, q);
  }
  while (i > 0) {
    const l = i - 1;
    if (h > 0) {
      let f: f64 = 0;
      for (let j = 0; j <= l; j++) {
        const qj = ld(q, j) / h;
        st(q, j, qj);
        f += qj * ld(u, j);
      }
      const hh = f / (h + h);
      for (let j = 0; j <= l; j++) st(q, j, ld(q, j) - hh * ld(u, j));
      const rl = l * lda;
      const ul = ld(u, l);
      const ql = ld(q, l);
      for (let k = 0; k <= l; k++) st(a, rl + k, ld(a, rl + k) - (ul * ld(q, k) + ql * ld(u, k)));
    }
    const iN = l;
    if (iN == 0) break;
    const hN = house(a, lda, iN, uN, e);
    if (hN > 0) memory.fill(pN, 0, <usize>iN << 3);
    let j0 = 0;
    if (h > 0 && hN > 0) {
      for (; j0 + 1 < iN; j0 += 2) fusedRow2(a, j0 * lda, j0, lda, u, q, uN, pN);
    }
    for (let j = j0; j < iN; j++) {
      const rj = j * lda;
      if (h > 0 && hN > 0) {
        fusedRow(a, rj, j, u, q, uN, pN);
      } else if (h > 0) {
        const uj = ld(u, j);
        const qj = ld(q, j);
        for (let k = 0; k <= j; k++) st(a, rj + k, ld(a, rj + k) - (uj * ld(q, k) + qj * ld(u, k)));
      } else if (hN > 0) {
        matvecRow(a, rj, j, uN, pN);
      }
    }
    let t = u;
    u = uN;
    uN = t;
    t = q;
    q = pN;
    pN = t;
    h = hN;
    i = iN;
  }
  for (let k = 0; k < n; k++) st(d, k, ld(a, k * lda + k));
  for (let k = 1; k < n; k++) st(e, k - 1, ld(e, k));
  st(e, n - 1, 0);
}
