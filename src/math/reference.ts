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
 * The reference is the mean α over `REFERENCE_DRAWS` standard Gaussian tensors of the layer's shape,
 * each analysed exactly like the layer (same ESD rule — conv kernels pooled over slices — and same fit
 * options). Hill's α is invariant to scaling the matrix (it uses ratios λⱼ/λᵢ), so the Gaussian's
 * variance and conv_norm do not matter and the reference depends on shape and fit options only; it is
 * cached on those. Draws are seeded from the shape, so the reference is the same in every run.
 */
import { analyzeTensor } from './analyze';
import { createRng, hashString } from './random';
import type { FitOptions } from './types';

/** Random matrices averaged per shape: enough to bring the reference's own noise well under 0.1 for N ≥ 20. */
export const REFERENCE_DRAWS = 8;

const cache = new Map<string, number>();

/** The fit options that change a Hill fit (the rest only flag or filter). */
type RefFit = Pick<FitOptions, 'fit' | 'xminPos' | 'filterZeros' | 'evalsThresh'>;

/**
 * Mean PL_Alpha_Hill of `draws` seeded Gaussian tensors of `shape` under `fit` (cached). NaN when the
 * shape gives no fit (fewer than 3 eigenvalues). Shape rules as esdOfTensor (2-D dense, 3-D/4-D conv).
 */
export function randomReferenceAlpha(shape: readonly number[], fit: RefFit, draws = REFERENCE_DRAWS): number {
  const key = JSON.stringify([shape, fit.fit, fit.xminPos, fit.filterZeros, fit.evalsThresh, draws]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const size = shape.reduce((a, b) => a * b, 1);
  const rng = createRng(hashString(`alpha-reference ${shape.join('x')}`));
  let sum = 0;
  let n = 0;
  for (let d = 0; d < draws; d++) {
    const data = new Float32Array(size);
    for (let k = 0; k < size; k++) data[k] = rng.normal();
    const { alpha } = analyzeTensor({ name: 'reference', shape: [...shape], data }, { ...fit, eigsThresh: 0 }).metrics;
    if (Number.isFinite(alpha)) {
      sum += alpha;
      n++;
    }
  }
  const ref = n > 0 ? sum / n : NaN;
  cache.set(key, ref);
  return ref;
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
