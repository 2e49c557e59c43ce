/**
 * Seeded pseudo-random numbers for everything that must be reproducible (data splits, initial
 * conditions, initial weights, synthetic matrices). Same seed ⇒ same stream on every platform:
 * only 32-bit integer arithmetic (Math.imul) and exact float conversions are used.
 */

/** A seeded generator: next() gives a float in [0, 1) with 32 random bits. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Standard normal (Box–Muller, one value per call; the pair's second value is cached). */
  normal(): number;
  /** In-place Fisher–Yates shuffle; returns the same array. */
  shuffle<T>(items: T[]): T[];
  /** An independent generator derived from this one's seed and a label (for sub-streams). */
  fork(label: string): Rng;
}

/** 32-bit FNV-1a hash of a string: turns labels into seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** sfc32 (Small Fast Counting, PractRand-clean) seeded through splitmix32 from one integer. */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Discard the first outputs: sfc32 mixes its state in a few rounds.
  for (let i = 0; i < 12; i++) nextU32();

  let spare: number | null = null;
  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    int: (n) => Math.floor((nextU32() / 4294967296) * n),
    uniform: (lo, hi) => lo + (hi - lo) * (nextU32() / 4294967296),
    normal: () => {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      // u1 in (0, 1] so log(u1) is finite.
      const u1 = (nextU32() + 1) / 4294967296;
      const u2 = nextU32() / 4294967296;
      const r = Math.sqrt(-2 * Math.log(u1));
      spare = r * Math.sin(2 * Math.PI * u2);
      return r * Math.cos(2 * Math.PI * u2);
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor((nextU32() / 4294967296) * (i + 1));
        const tmp = items[i];
        items[i] = items[j];
        items[j] = tmp;
      }
      return items;
    },
    fork: (label) => createRng((hashString(label) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0),
  };
  return rng;
}

/**
 * A generator whose stream can be repositioned to the start of a numbered step: `seek(step)` makes it
 * continue as `parent.fork(`${label}-${step}`)`. Until the first seek it is `parent.fork(label)`.
 * Used for dropout masks, so resuming a run at step n reproduces the masks of an uninterrupted run.
 */
export function steppedRng(parent: Rng, label: string): { rng: Rng; seek(step: number): void } {
  let inner = parent.fork(label);
  const rng: Rng = {
    next: () => inner.next(),
    int: (n) => inner.int(n),
    uniform: (lo, hi) => inner.uniform(lo, hi),
    normal: () => inner.normal(),
    shuffle: (items) => inner.shuffle(items),
    fork: (l) => inner.fork(l),
  };
  return { rng, seek: (step) => (inner = parent.fork(`${label}-${step}`)) };
}
