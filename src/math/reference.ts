/**
 * Shape-corrected α: a layer's PL_Alpha_Hill minus the α that a *random* matrix of the same shape gets
 * with the same fit. An extension of ours, not in the papers (docs/METHOD.md §2–3 use α as fitted).
 *
 * Why: a Marchenko–Pastur bulk has no power-law tail, yet the Hill estimator returns a finite α for it,
 * and that α depends on the aspect ratio and on N (how many eigenvalues the median xmin keeps). In a
 * small model the shape effect is larger than anything training does: an FNO's 20×20 1×1 convs fit
 * α ≈ 2.2 at initialisation while its 20×128 projection fits ≈ 4.2, so `linear_map` hands out rates by
 * shape (docs/RESULTS.md). Subtracting the random-matrix α leaves what training changed.
 *
 * The reference is the mean α over seeded standard Gaussian tensors of the layer's shape, each analysed
 * exactly like the layer (same estimator — Hill or FARMS —, same ESD rule — conv kernels pooled over
 * slices — and same fit options). Draws are added in batches until the standard error of the mean is at
 * most `REFERENCE_TARGET_SE` (0.02), with at least `REFERENCE_MIN_DRAWS` and at most
 * `REFERENCE_MAX_DRAWS`. Measured (docs/BENCHMARKS.md "alpha reference"): a 20×128 matrix (Hill α's
 * per-draw sd ≈ 0.4) needs ≈ 400 draws, SE 0.020; a 64×64 matrix the minimum 16. The fixed 8 draws used
 * before gave an SE of ~0.15 on 20×128. Hill's α is invariant to scaling the matrix (it uses ratios
 * λⱼ/λᵢ), and so is FARMS's, so the Gaussian's variance and conv_norm do not matter: the reference
 * depends on shape, estimator and fit options only, and is cached on those. Draws are seeded from the
 * shape, so the reference is the same in every run.
 */
import { analyzeTensor } from './analyze';
import { createRng, hashString } from './random';
import type { FitOptions } from './types';

/** Standard error of the mean the reference stops at. */
export const REFERENCE_TARGET_SE = 0.02;
/** Draws before the standard error is trusted (a sample sd of fewer is itself too noisy). */
export const REFERENCE_MIN_DRAWS = 16;
/** Upper bound on the draws (reached only when α varies with sd > 0.02·√1024 ≈ 0.64 across draws). */
export const REFERENCE_MAX_DRAWS = 1024;
/** Draws added between two checks of the standard error. */
const BATCH = 8;

/** α of a random matrix of one shape, with how well it is known. */
export interface AlphaReference {
  /** Mean α over the finite draws; NaN when the shape gives no fit (fewer than 3 eigenvalues). */
  alpha: number;
  /** Standard error of that mean (sample sd / √draws); NaN with fewer than 2 finite draws. */
  se: number;
  /** Finite draws averaged. */
  draws: number;
  /** Wall time of the computation in milliseconds (0 for a cache hit's caller: the first call paid it). */
  ms: number;
}

const cache = new Map<string, AlphaReference>();

/** The fit options that change α (the rest only flag). `estimator` missing means 'hill'. */
export type RefFit = Pick<FitOptions, 'fit' | 'xminPos' | 'filterZeros' | 'evalsThresh'> & Partial<Pick<FitOptions, 'estimator'>>;

/**
 * α_random(shape, fit, estimator): mean PL_Alpha_Hill of seeded Gaussian tensors of `shape` analysed
 * with `fit` (including its estimator), with its standard error; cached per shape + fit + estimator.
 * Shape rules as esdOfTensor (2-D dense, 3-D/4-D conv). Cost: one analysis per draw (see above).
 */
export function randomAlpha(shape: readonly number[], fit: RefFit): AlphaReference {
  const estimator = fit.estimator ?? 'hill';
  const key = JSON.stringify([shape, estimator, fit.fit, fit.xminPos, fit.filterZeros, fit.evalsThresh]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const t0 = performance.now();
  const size = shape.reduce((a, b) => a * b, 1);
  // Same stream for every estimator and fit: a Hill and a FARMS reference see the same matrices.
  const rng = createRng(hashString(`alpha-reference ${shape.join('x')}`));
  const opts = { estimator, fit: fit.fit, xminPos: fit.xminPos, filterZeros: fit.filterZeros, evalsThresh: fit.evalsThresh, eigsThresh: 0 };
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  let tried = 0;
  const se = () => (n >= 2 ? Math.sqrt(Math.max(0, (sumSq - (sum * sum) / n) / (n - 1)) / n) : NaN);
  while (tried < REFERENCE_MAX_DRAWS) {
    for (let b = 0; b < BATCH; b++, tried++) {
      const data = new Float32Array(size);
      for (let k = 0; k < size; k++) data[k] = rng.normal();
      const { alpha } = analyzeTensor({ name: 'reference', shape: [...shape], data }, opts).metrics;
      if (Number.isFinite(alpha)) {
        sum += alpha;
        sumSq += alpha * alpha;
        n++;
      }
    }
    // No finite α in the first batch: the shape has no fit (e.g. fewer than 3 eigenvalues).
    if (n === 0) break;
    if (tried >= REFERENCE_MIN_DRAWS && se() <= REFERENCE_TARGET_SE) break;
  }
  const ref: AlphaReference = { alpha: n > 0 ? sum / n : NaN, se: se(), draws: n, ms: performance.now() - t0 };
  cache.set(key, ref);
  return ref;
}

/** The mean α of randomAlpha (kept for callers that need only the number). */
export function randomReferenceAlpha(shape: readonly number[], fit: RefFit): number {
  return randomAlpha(shape, fit).alpha;
}

/**
 * Copies of `layers` with α replaced by α − α_ref(shape) + mean α_ref, the mean over the layers whose
 * α and reference are finite. The added constant keeps the numbers on the familiar α scale (and
 * positive, which `sqrt`/`log2` need); `linear_map`, `rank` and `sigmoid` do not see it at all, since
 * they use only differences between layers. Layers without a finite α or reference keep their α.
 */
export function shapeCorrectedAlphas<T extends { alpha: number; shape: number[] }>(layers: readonly T[], fit: RefFit): T[] {
  const refs = layers.map((l) => (Number.isFinite(l.alpha) ? randomReferenceAlpha(l.shape, fit) : NaN));
  const finite = refs.filter((r) => Number.isFinite(r));
  const mean = finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : 0;
  return layers.map((l, i) => (Number.isFinite(refs[i]) ? { ...l, alpha: l.alpha - refs[i] + mean } : l));
}
