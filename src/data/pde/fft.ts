/**
 * Radix-2 complex FFT for power-of-two lengths (the PDE grids are 64/128/256/512/… cells).
 *
 * Convention (same as numpy.fft): forward X_k = Σ_j x_j e^{−2πi jk/N}, inverse divides by N, so
 * inverse(forward(x)) = x. Iterative Cooley–Tukey, decimation in time: a bit-reversal permutation,
 * then log₂N passes of butterflies. Twiddles and the permutation are precomputed once per N and
 * shared, because the PDE solvers call the same size thousands of times per sample.
 */

/** An FFT plan for one length N; transforms work in place on separate real and imaginary arrays. */
export interface Fft {
  readonly n: number;
  /** In-place forward DFT of (re, im), both of length n. */
  forward(re: Float64Array, im: Float64Array): void;
  /** In-place inverse DFT of (re, im), including the 1/n scaling. */
  inverse(re: Float64Array, im: Float64Array): void;
}

/** True when n is a positive integer power of two. */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

const plans = new Map<number, Fft>();

/**
 * The (cached) FFT plan for length n.
 * @throws if n is not a power of two.
 */
export function getFft(n: number): Fft {
  const cached = plans.get(n);
  if (cached) return cached;
  const plan = createFft(n);
  plans.set(n, plan);
  return plan;
}

function createFft(n: number): Fft {
  if (!isPowerOfTwo(n)) throw new Error(`FFT length must be a power of two, got ${n}`);
  const half = n >> 1;
  // cos/sin of 2πm/n for m < n/2; a pass with block size s uses every (n/s)-th entry.
  const cosT = new Float64Array(Math.max(half, 1));
  const sinT = new Float64Array(Math.max(half, 1));
  for (let m = 0; m < half; m++) {
    cosT[m] = Math.cos((2 * Math.PI * m) / n);
    sinT[m] = Math.sin((2 * Math.PI * m) / n);
  }
  const rev = bitReversal(n);

  const transform = (re: Float64Array, im: Float64Array, sign: number): void => {
    if (re.length !== n || im.length !== n) throw new Error(`FFT plan is for length ${n}`);
    for (let i = 0; i < n; i++) {
      const j = rev[i];
      if (j > i) {
        const tr = re[i];
        re[i] = re[j];
        re[j] = tr;
        const ti = im[i];
        im[i] = im[j];
        im[j] = ti;
      }
    }
    for (let size = 2; size <= n; size <<= 1) {
      const h = size >> 1;
      const step = n / size;
      for (let start = 0; start < n; start += size) {
        for (let k = 0; k < h; k++) {
          // w = e^{sign·2πik/size}; forward uses sign = −1.
          const wr = cosT[k * step];
          const wi = sign * sinT[k * step];
          const a = start + k;
          const b = a + h;
          const tr = wr * re[b] - wi * im[b];
          const ti = wr * im[b] + wi * re[b];
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  };

  return {
    n,
    forward: (re, im) => transform(re, im, -1),
    inverse: (re, im) => {
      transform(re, im, 1);
      const s = 1 / n;
      for (let i = 0; i < n; i++) {
        re[i] *= s;
        im[i] *= s;
      }
    },
  };
}

/**
 * FFT of a real signal of even power-of-two length n through one complex FFT of length n/2
 * (the even samples as real part, the odd samples as imaginary part), then the split
 *   E_k = (Z_k + conj Z_{m−k})/2,  O_k = (Z_k − conj Z_{m−k})/(2i),  X_k = E_k + e^{−2πik/n} O_k,
 * m = n/2. Half the work of a complex FFT with a zero imaginary part; the spectral diffusion steps
 * call it thousands of times per sample. Only k = 0..n/2 are stored (X_{n−k} = conj X_k).
 */
export interface RealFft {
  readonly n: number;
  /** Spectrum X_k, k = 0..n/2, of the real signal x (length n) into re/im (length n/2 + 1). */
  forward(x: Float64Array, re: Float64Array, im: Float64Array): void;
  /** Inverse of forward (with 1/n): the real signal whose half spectrum is (re, im), into x. */
  inverse(re: Float64Array, im: Float64Array, x: Float64Array): void;
}

const realPlans = new Map<number, RealFft>();

/**
 * The (cached) real-FFT plan for length n (a power of two, at least 2).
 * @throws if n is not a power of two ≥ 2.
 */
export function getRealFft(n: number): RealFft {
  const cached = realPlans.get(n);
  if (cached) return cached;
  if (!isPowerOfTwo(n) || n < 2) throw new Error(`real FFT length must be a power of two ≥ 2, got ${n}`);
  const m = n >> 1;
  const inner = getFft(m);
  const zr = new Float64Array(m);
  const zi = new Float64Array(m);
  // W^k = e^{−2πik/n}, k = 0..m.
  const wr = new Float64Array(m + 1);
  const wi = new Float64Array(m + 1);
  for (let k = 0; k <= m; k++) {
    wr[k] = Math.cos((2 * Math.PI * k) / n);
    wi[k] = -Math.sin((2 * Math.PI * k) / n);
  }
  const plan: RealFft = {
    n,
    forward(x, re, im) {
      for (let j = 0; j < m; j++) {
        zr[j] = x[2 * j];
        zi[j] = x[2 * j + 1];
      }
      inner.forward(zr, zi);
      for (let k = 0; k <= m; k++) {
        const a = k === m ? 0 : k;
        const b = k === 0 ? 0 : m - k;
        // E = (Z_a + conj Z_b)/2, O = (Z_a − conj Z_b)/(2i)
        const er = 0.5 * (zr[a] + zr[b]);
        const ei = 0.5 * (zi[a] - zi[b]);
        const or = 0.5 * (zi[a] + zi[b]);
        const oi = -0.5 * (zr[a] - zr[b]);
        re[k] = er + wr[k] * or - wi[k] * oi;
        im[k] = ei + wr[k] * oi + wi[k] * or;
      }
    },
    inverse(re, im, x) {
      for (let k = 0; k < m; k++) {
        // X_{k+m} = conj X_{m−k}; E = (X_k + X_{k+m})/2, O = (X_k − X_{k+m}) W^{−k}/2, Z = E + iO.
        const cr = re[m - k];
        const ci = -im[m - k];
        const er = 0.5 * (re[k] + cr);
        const ei = 0.5 * (im[k] + ci);
        const dr = 0.5 * (re[k] - cr);
        const di = 0.5 * (im[k] - ci);
        const or = dr * wr[k] + di * wi[k];
        const oi = di * wr[k] - dr * wi[k];
        zr[k] = er - oi;
        zi[k] = ei + or;
      }
      inner.inverse(zr, zi);
      for (let j = 0; j < m; j++) {
        x[2 * j] = zr[j];
        x[2 * j + 1] = zi[j];
      }
    },
  };
  realPlans.set(n, plan);
  return plan;
}

function bitReversal(n: number): Uint32Array {
  const rev = new Uint32Array(n);
  let bits = 0;
  while (1 << bits < n) bits++;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    rev[i] = r;
  }
  return rev;
}

/**
 * Naive O(N²) DFT with the same convention as {@link Fft.forward}; a reference for tests only.
 * Angles are reduced with (j·k mod N) so large N keeps full accuracy.
 */
export function naiveDft(re: Float64Array, im: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const theta = (-2 * Math.PI * ((j * k) % n)) / n;
      const c = Math.cos(theta);
      const s = Math.sin(theta);
      sr += re[j] * c - im[j] * s;
      si += re[j] * s + im[j] * c;
    }
    outRe[k] = sr;
    outIm[k] = si;
  }
  return { re: outRe, im: outIm };
}
