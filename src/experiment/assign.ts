/**
 * What an experiment config means for the ESD fits and the α → learning-rate mapping, shared by the
 * engine (train/setup.ts) and the lab's charts (mapping curve, local re-fits). Pure (no tfjs), so the
 * page can import it without pulling the model builders into its bundle.
 */
import { DEFAULT_FIT_OPTIONS, type FitOptions } from '../math/types';
import type { AssignConfig } from '../train/tempbalance';
import type { ExperimentConfig } from './schema';

/** The fit options of a run of `cfg` (evals_thresh 1e-5 as the papers' code; filter_zeros off unless set). */
export function fitOptionsOf(cfg: Pick<ExperimentConfig, 'fit' | 'xminPos' | 'eigsThresh' | 'estimator'> & Partial<Pick<ExperimentConfig, 'filterZeros'>>): FitOptions {
  return {
    ...DEFAULT_FIT_OPTIONS,
    filterZeros: cfg.filterZeros ?? false,
    evalsThresh: 1e-5,
    estimator: cfg.estimator,
    fit: cfg.fit,
    xminPos: cfg.xminPos,
    eigsThresh: cfg.eigsThresh,
  };
}

/** The assignment parameters of `cfg`: minRatio/slope for linear_map and rank, sMin/sMax for sigmoid. */
export function assignConfigOf(cfg: ExperimentConfig): AssignConfig {
  return {
    assignFunc: cfg.assign,
    sMin: cfg.minRatio,
    slope: cfg.slope,
    sigmoidMin: cfg.sMin,
    sigmoidMax: cfg.sMax,
    expTemp: cfg.expTemp,
    lrNormalize: cfg.lrNormalize,
  };
}
