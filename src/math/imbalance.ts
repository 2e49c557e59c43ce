/**
 * How unevenly a model's layers have left their random initialisation, read from the weights alone:
 * for each matrix, PL_Alpha_Hill minus the mean α of Gaussian matrices of the same shape fitted the same
 * way (reference.ts). Training that leaves a layer random keeps the difference near 0; a layer that grew a
 * heavy tail goes below it. The spread (population std) of the differences across the scheduled matrices
 * is what TempBalance can balance once the shape effect is removed (docs/PRETRAIN.md, docs/RESULTS.md).
 */
import { analyzeTensor } from './analyze';
import { randomAlpha } from './reference';
import type { FitOptions, NamedTensor } from './types';

export interface LayerImbalance {
  name: string;
  shape: number[];
  alpha: number;
  alphaRandom: number;
  /** Standard error of alphaRandom (≤ 0.02, reference.ts). */
  alphaRandomSe: number;
  /** alpha − alphaRandom: negative = heavier tail than a random matrix of this shape. */
  diff: number;
}

export interface Imbalance {
  layers: LayerImbalance[];
  /** Population standard deviation of `diff` over the layers with a finite difference. */
  spread: number;
  /** Layers whose |diff| ≥ 0.5. */
  farFromRandom: number;
}

/** Population standard deviation of the finite values (NaN with fewer than two). */
export function populationStd(xs: readonly number[]): number {
  const v = xs.filter(Number.isFinite);
  if (v.length < 2) return NaN;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / v.length);
}

/** α, α of same-shape random matrices and their difference for each tensor, with the spread across them. */
export function imbalanceOf(tensors: readonly NamedTensor[], fit: FitOptions): Imbalance {
  const layers = tensors.map((t) => {
    const alpha = analyzeTensor(t, { ...fit, eigsThresh: 0 }).metrics.alpha;
    const ref = randomAlpha(t.shape, fit);
    return { name: t.name, shape: [...t.shape], alpha, alphaRandom: ref.alpha, alphaRandomSe: ref.se, diff: alpha - ref.alpha };
  });
  const diffs = layers.map((l) => l.diff);
  return { layers, spread: populationStd(diffs), farFromRandom: diffs.filter((d) => Math.abs(d) >= 0.5).length };
}

/** How far apart the layers' α are: as fitted, and after subtracting each shape's random-matrix α. */
export interface AlphaSpread {
  /** Population std of α over the layers with a finite α. */
  fitted: number;
  /** Population std of α − α_random(shape) (reference.ts): the part the shapes do not explain. */
  corrected: number;
  layers: number;
}

/** The spread of already fitted α values (e.g. a run's re-estimate), with the random reference of each shape. */
export function alphaSpread(layers: readonly { shape: readonly number[]; alpha: number }[], fit: FitOptions): AlphaSpread {
  return alphaSpreadWith(layers, (shape) => randomAlpha(shape, fit).alpha);
}

/**
 * alphaSpread with the random reference of a shape supplied by the caller: the browser computes the
 * references in a worker (src/workers/referenceClient.ts) and passes them in, so both paths share this.
 */
export function alphaSpreadWith(layers: readonly { shape: readonly number[]; alpha: number }[], reference: (shape: readonly number[]) => number): AlphaSpread {
  const ok = layers.filter((l) => Number.isFinite(l.alpha));
  return {
    fitted: populationStd(ok.map((l) => l.alpha)),
    corrected: populationStd(ok.map((l) => l.alpha - reference(l.shape))),
    layers: ok.length,
  };
}
