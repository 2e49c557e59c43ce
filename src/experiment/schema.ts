/**
 * One table declares every experiment setting once — name, type, range, default, help — and URL parsing,
 * serialising, validation and the headless CLI all derive from it (after TensorFlow Playground's
 * state table). A link from an older version or with bad values still opens: each ignored or
 * clamped value produces a specific, human-readable notice instead of an exception.
 */

/** Bumped when a key changes meaning; links with another version are read field by field with a notice. */
export const SCHEMA_VERSION = 1;

interface FieldBase<T> {
  /** One-line help text shown next to the control and in `--help`. */
  help: string;
  default: T;
}
export interface NumberField extends FieldBase<number> {
  type: 'number';
  min: number;
  max: number;
  /** Whole numbers only (steps, seeds, sizes). */
  integer?: boolean;
}
export interface EnumField<T extends string = string> extends FieldBase<T> {
  type: 'enum';
  values: readonly T[];
}
export interface BoolField extends FieldBase<boolean> {
  type: 'bool';
}
export interface ListField extends FieldBase<string[]> {
  type: 'list';
  /** Allowed items; anything else is dropped with a notice. */
  values: readonly string[];
}
export type Field = NumberField | EnumField | BoolField | ListField;

/** Typed helpers so the table below infers literal types. */
const num = (f: Omit<NumberField, 'type'>): NumberField => ({ type: 'number', ...f });
const int = (f: Omit<NumberField, 'type' | 'integer'>): NumberField => ({ type: 'number', integer: true, ...f });
const oneOf = <T extends string>(values: readonly T[], def: T, help: string): EnumField<T> => ({
  type: 'enum',
  values,
  default: def,
  help,
});
const bool = (def: boolean, help: string): BoolField => ({ type: 'bool', default: def, help });

export const TASKS = ['sentiment', 'advection', 'burgers', 'reaction-diffusion', 'darcy', 'cfd', 'cfd2d'] as const;
export const MODELS = ['transformer', 'fno', 'unet'] as const;
export const MODES = ['baseline', 'tempbalance', 'compare'] as const;
export const ASSIGN = ['linear_map', 'sqrt', 'log2', 'rank', 'sigmoid'] as const;
export const FIT_METHODS = ['median', 'goodness-of-fit', 'fix-finger'] as const;
export const ESTIMATOR_CHOICES = ['hill', 'farms'] as const;
export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;

/** Controls a classroom link may hide (`hide=`); the names are the schema keys below. */
export const HIDEABLE = [
  'task', 'model', 'size', 'ratio', 'seed', 'steps', 'batch', 'optimizer', 'lr', 'schedule', 'mode', 'assign',
  'unit', 'interval', 'fit', 'backend', 'tempbalance-options', 'advanced',
] as const;

export const SCHEMA = {
  task: oneOf(TASKS, 'sentiment', 'What to learn: sentence sentiment (text), a 1-D PDE, 1-D compressible flow (cfd), or a 2-D problem: Darcy flow or 2-D compressible flow (cfd2d).'),
  model: oneOf(MODELS, 'transformer', 'Transformer for text; FNO or UNet for PDEs.'),
  size: oneOf(['tiny', 'small', 'base'] as const, 'small', 'Model size (width and depth).'),
  init: oneOf(['scratch', 'pretrained'] as const, 'scratch', 'Start from random weights, or fine-tune a pretrained checkpoint (transformer: masked-LM encoder; FNO: trained on Burgers ν = 0.1).'),
  encoder: oneOf(['mlm-small', 'mlm-smallbatch'] as const, 'mlm-small', 'Pretrained text encoder for init=pretrained (docs/PRETRAIN.md): mlm-small (batch 32, learns more, layers near random) or mlm-smallbatch (batch 8, high rate: MLP layers far from random, learns less).'),
  ratio: num({ min: 0.005, max: 1, default: 0.1, help: 'Fraction of the training set used (stratified, nested).' }),
  seed: int({ min: 0, max: 2 ** 31 - 1, default: 1, help: 'Seeds data split, subsample, initial weights, batch order.' }),
  steps: int({ min: 1, max: 100_000, default: 600, help: 'Optimiser steps per run (unless epochs is set).' }),
  epochs: int({ min: 0, max: 10_000, default: 0, help: 'Train this many epochs instead: steps = epochs × batches per epoch (the same epochs at every ratio, as the authors). 0 = use steps.' }),
  batch: int({ min: 1, max: 512, default: 32, help: 'Mini-batch size.' }),
  evalEvery: int({ min: 0, max: 10_000, default: 50, help: 'Steps between validation evaluations (0 = after every epoch).' }),
  select: oneOf(['last', 'best-val'] as const, 'last', 'Report the final model, or the evaluation with the best validation metric and the test metric at that point (the authors\' best epoch).'),
  optimizer: oneOf(['adamw', 'adam', 'sgd', 'adafactor', 'lamb', 'lars'] as const, 'adamw', 'AdamW for transformers, Adam for FNO/UNet (as in the paper); Adafactor, LAMB and LARS are the methods TempBalance is compared with and added to.'),
  lr: num({ min: 1e-6, max: 1, default: 1e-3, help: 'Global ("untuned") peak learning rate η.' }),
  wd: num({ min: 0, max: 1, default: 0.01, help: 'Weight decay.' }),
  momentum: num({ min: 0, max: 0.999, default: 0.9, help: 'SGD and LARS momentum.' }),
  sam: num({ min: 0, max: 2, default: 0, help: 'SAM neighbourhood size ρ (0 = off): each step takes the gradient at w + ρ·g/‖g‖, two forward–backward passes (the paper uses 0.05–0.5).' }),
  llrd: num({ min: 0.05, max: 1, default: 1, help: 'Layer-wise learning-rate decay: block b of B trains at ξ^(B−1−b), embeddings at ξ^B (1 = off).' }),
  metric: oneOf(['alpha', 'spectral_norm', 'stable_rank'] as const, 'alpha', 'What TempBalance balances: PL_Alpha_Hill α, or the spectral norm / stable rank of each layer (the paper\'s ablation).'),
  lora: int({ min: 0, max: 64, default: 0, help: 'LoRA rank r on the transformer\'s query/value projections (0 = full fine-tuning): only the adapters and the head train; α is read from W + A·B.' }),
  trust: num({ min: 1e-5, max: 1, default: 0.001, help: 'LARS trust coefficient η: local rate η‖w‖ / (‖∇‖ + wd‖w‖) (published 0.001, so global rates of order 1).' }),
  schedule: oneOf(['constant', 'linear', 'cosine', 'step'] as const, 'linear', 'Global schedule η_t.'),
  warmup: num({ min: 0, max: 0.5, default: 0.06, help: 'Warm-up fraction of all steps (paper: 6 %).' }),
  stepEvery: int({ min: 1, max: 100_000, default: 200, help: 'Step decay: multiply η by gamma every this many steps.' }),
  gamma: num({ min: 0.01, max: 1, default: 0.5, help: 'Step decay factor.' }),
  mode: oneOf(MODES, 'compare', 'Baseline (every layer at η_t), TempBalance, or both side by side.'),
  assign: oneOf(ASSIGN, 'sigmoid', 'How α becomes a learning-rate factor (docs/METHOD.md, "From α to learning rates").'),
  unit: oneOf(['layer', 'block'] as const, 'block', 'One rate per weight matrix, or per transformer block.'),
  interval: int({ min: 0, max: 100_000, default: 50, help: 'Steps between ESD re-estimates (0 = every epoch).' }),
  intervalMode: oneOf(['steps', 'epoch', 'paper'] as const, 'steps', 'When ESDs are re-estimated: every `interval` steps, once per epoch, or the authors\' NLP rule min(100, max(1, ⌊batches per epoch / 10⌋)).'),
  afterWarm: bool(false, 'Start balancing only after warm-up.'),
  // linear_map/rank and sigmoid have their own parameters (each with its published default), so that
  // switching the assign function alone never hands one function the other's numbers.
  minRatio: num({ min: 0, max: 10, default: 0.5, help: 'linear_map/rank: lowest factor (TempBalance default 0.5).' }),
  slope: num({ min: 0, max: 10, default: 1, help: 'linear_map/rank: factor range above the lowest (default 1).' }),
  sMin: num({ min: 0, max: 10, default: 2, help: 'sigmoid: s_min, the scale below the mean α (EMNLP default 2).' }),
  sMax: num({ min: 0, max: 10, default: 1, help: 'sigmoid: s_max (above-mean side).' }),
  expTemp: num({ min: 0.1, max: 100, default: 10, help: 'sigmoid: temperature τ.' }),
  alphaRef: oneOf(['none', 'random'] as const, 'none', 'Schedule on α as fitted (papers), or on α minus a random matrix\'s α of the same shape (our extension: removes the shape effect in small models).'),
  lrNormalize: bool(false, 'Rescale so the mean layer rate equals η_t.'),
  fit: oneOf(FIT_METHODS, 'median', 'How xmin of the power-law tail is chosen.'),
  estimator: oneOf(ESTIMATOR_CHOICES, 'hill', 'α from the layer\'s own ESD (hill, the papers) or from FARMS: ESDs of fixed-aspect-ratio submatrices pooled, which removes the shape bias (docs/ESD.md).'),
  xminPos: num({ min: 1, max: 10, default: 2, help: 'median fit: xmin = λ[⌊N / xmin_pos⌋].' }),
  filterZeros: bool(false, 'Fit only eigenvalues above 1e-5 (the authors\' filter_zeros, used by their FNO script).'),
  eigsThresh: int({ min: 0, max: 10_000, default: 50, help: 'Layers with fewer eigenvalues are not scheduled.' }),
  removeFirst: bool(true, 'Keep the embedding at η_t.'),
  removeLast: bool(true, 'Keep the classifier / projection head at η_t.'),
  pdeParam: num({ min: 1e-4, max: 100, default: 0.01, help: 'PDE coefficient: β (advection; Darcy source), ν (Burgers, reaction–diffusion), η = ζ (1-D CFD viscosities).' }),
  rho: num({ min: 0, max: 20, default: 1, help: 'Reaction rate ρ (reaction–diffusion).' }),
  mach: num({ min: 0, max: 2, default: 0.1, help: 'Initial Mach number M of the compressible-flow data (cfd, cfd2d).' }),
  grid: int({ min: 16, max: 128, default: 32, help: 'Cells per side of the 2-D tasks (a power of two: 16, 32, 64, 128).' }),
  backend: oneOf(BACKEND_CHOICES, 'auto', 'tfjs backend; auto picks the fastest real one.'),
  hide: { type: 'list', values: HIDEABLE, default: [], help: 'Classroom mode: controls to hide.' } satisfies ListField,
} as const satisfies Record<string, Field>;

export type Schema = typeof SCHEMA;
export type Key = keyof Schema;

type ValueOf<F> = F extends EnumField<infer T> ? T : F extends NumberField ? number : F extends BoolField ? boolean : string[];

/** A complete, valid experiment configuration. */
export type ExperimentConfig = { -readonly [K in Key]: ValueOf<Schema[K]> };

export const KEYS = Object.keys(SCHEMA) as Key[];

export function defaultConfig(): ExperimentConfig {
  const out = {} as Record<string, unknown>;
  for (const k of KEYS) {
    const d = SCHEMA[k].default;
    out[k] = Array.isArray(d) ? [...d] : d;
  }
  return out as ExperimentConfig;
}
