/**
 * The α → learning-rate mapping settings of an experiment config, shared by the engine
 * (train/setup.ts) and the lab's mapping-curve chart. Pure (no tfjs), so the UI can import it.
 */
import type { AssignConfig } from '../train/tempbalance';
import type { ExperimentConfig } from './schema';

/** The schema's sMin serves both linear_map/rank (s_min) and sigmoid (sigmoid_min), as one control. */
export function assignConfigOf(cfg: ExperimentConfig): AssignConfig {
  return {
    assignFunc: cfg.assign,
    sMin: cfg.sMin,
    slope: cfg.slope,
    sigmoidMin: cfg.sMin,
    sigmoidMax: cfg.sMax,
    expTemp: cfg.expTemp,
    lrNormalize: cfg.lrNormalize,
  };
}
