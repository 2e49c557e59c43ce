/**
 * Run-time choice and driver of the WebAssembly SIMD eigenvalue kernel (assembly/eigen.ts, compiled into
 * eigenWasm.ts by `npm run build:wasm`).
 *
 * Engines: 'wasm-simd' runs the Gram product and the Householder tridiagonalisation in WebAssembly with
 * f64x2 SIMD; 'js' is the plain JavaScript path (gram.ts, symeig.ts). Both use the same streaming of W
 * (gram.ts fillBlock), the same algorithms and the same QL iteration (symeig.ts tql1, O(n²)), so they
 * agree to rounding (tested against each other and numpy in test/esd-engines.test.ts). 'auto' (default)
 * is 'wasm-simd' wherever the runtime validates the module (every current browser, Node ≥ 16) and 'js'
 * otherwise, e.g. a WebAssembly-less or SIMD-less engine, or a page whose CSP forbids compilation.
 *
 * Memory: one instance per thread (worker), its linear memory grown to the largest layer seen
 * (n² + n·256 + 6n doubles; 6.3 MB at n = 768). An instance whose memory grew past KEEP_BYTES is
 * dropped after the call so a single huge layer does not pin its memory for the worker's lifetime.
 */
import { K_CHUNK, fillBlock, gramShape } from '../gram';
import { EIGEN_WASM_BASE64 } from './eigenWasm';

/** Which implementation computes eigenvalues. */
export type EigenEngine = 'wasm-simd' | 'js';

interface KernelExports {
  memory: WebAssembly.Memory;
  gramAccumulate(g: number, a: number, n: number, m: number, ldg: number): void;
  tridiagonalize(a: number, n: number, lda: number, d: number, e: number, work: number, ldw: number): void;
}

/** Instances with more linear memory than this (bytes) are not kept between calls. */
const KEEP_BYTES = 64 * 1024 * 1024;
const PAGE = 65536;

let compiled: WebAssembly.Module | null | undefined;
let instance: KernelExports | null = null;
let preference: EigenEngine | 'auto' = 'auto';

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let k = 0; k < bin.length; k++) out[k] = bin.charCodeAt(k);
  return out;
}

/** The compiled module, or null where WebAssembly or its SIMD proposal is unavailable. Cached. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (typeof WebAssembly === 'object') {
      const bytes = decodeBase64(EIGEN_WASM_BASE64);
      // validate() is false on an engine without SIMD: that engine gets the JavaScript path.
      if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    }
  } catch {
    compiled = null; // e.g. CSP without 'wasm-unsafe-eval': fall back, never fail the analysis.
  }
  return compiled;
}

/** True when the WebAssembly SIMD kernel can run here. */
export function wasmSimdAvailable(): boolean {
  return kernelModule() !== null;
}

/**
 * Force an engine ('auto' restores the run-time choice). For tests and benchmarks; forcing
 * 'wasm-simd' where it is unavailable throws.
 */
export function setEigenEngine(engine: EigenEngine | 'auto'): void {
  if (engine === 'wasm-simd' && !wasmSimdAvailable()) throw new Error('WebAssembly SIMD is not available here');
  preference = engine;
}

/** The engine denseEsd uses now. */
export function eigenEngine(): EigenEngine {
  if (preference !== 'auto') return preference;
  return wasmSimdAvailable() ? 'wasm-simd' : 'js';
}

/** The instance, with at least `bytes` of linear memory. */
function kernel(bytes: number): KernelExports {
  if (!instance) instance = new WebAssembly.Instance(kernelModule()!, {}).exports as unknown as KernelExports;
  const have = instance.memory.buffer.byteLength;
  if (have < bytes) instance.memory.grow(Math.ceil((bytes - have) / PAGE));
  return instance;
}

/** Even length ≥ n: rows of every array start 16-byte aligned for the f64x2 loads. */
const even = (n: number): number => n + (n & 1);

/**
 * Tridiagonal form (d, e as symeig.ts tred) of the scaled Gram matrix of the smaller side of W, computed
 * by the WebAssembly kernel. W is streamed in K_CHUNK slices through a block in linear memory, as the
 * JavaScript path does; G's lower triangle is all the tridiagonalisation reads, so it is never mirrored.
 * The caller has checked the shape and computed log2Scale (gram.ts powerOfTwoScale).
 */
export function wasmGramTridiagonal(
  data: Float32Array | Float64Array,
  rows: number,
  cols: number,
  log2Scale: number,
): { d: Float64Array; e: Float64Array } {
  const { n, m } = gramShape(rows, cols);
  const ld = even(n);
  const kc = even(Math.min(K_CHUNK, m));
  // Layout in doubles: G (n × ld) | block (n × kc) | d (ld) | e (ld) | work (4 ld).
  const gOff = 0;
  const bOff = gOff + n * ld;
  const dOff = bOff + n * kc;
  const eOff = dOff + ld;
  const wOff = eOff + ld;
  const bytes = (wOff + 4 * ld) * 8;
  const k = kernel(bytes);
  try {
    const mem = new Float64Array(k.memory.buffer);
    mem.fill(0, gOff, gOff + n * ld);
    const block = mem.subarray(bOff, bOff + n * kc);
    for (let k0 = 0; k0 < m; k0 += K_CHUNK) {
      const kl = Math.min(K_CHUNK, m - k0);
      const stride = even(kl);
      fillBlock(data, rows, cols, log2Scale, k0, kl, block, stride);
      k.gramAccumulate(gOff * 8, bOff * 8, n, stride, ld);
    }
    k.tridiagonalize(gOff * 8, n, ld, dOff * 8, eOff * 8, wOff * 8, ld);
    return { d: mem.slice(dOff, dOff + n), e: mem.slice(eOff, eOff + n) };
  } finally {
    if (k.memory.buffer.byteLength > KEEP_BYTES) instance = null;
  }
}
