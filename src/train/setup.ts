/**
 * From an experiment config (src/experiment/schema.ts) to the engine's pieces: the task with its data,
 * the model, and the settings of a baseline or TempBalance run. Data loading is injected, since the
 * browser fetches files and generates PDE data in a worker while Node reads from disk.
 */
import type { SentimentDataJSON } from '../data/text/buildSentimentData';
import { WordPieceTokenizer } from '../data/text/tokenizer';
import type { PdeDataset, PdeDatasetSpec } from '../data/pde/dataset';
import type { ExperimentConfig } from '../experiment/schema';
import { fromBytes } from '../io/source';
import { loadPretrainedClassifier } from '../models/checkpoint';
import { buildFno } from '../models/fno';
import { buildFno2d } from '../models/fno2d';
import { buildUnet2d } from '../models/unet2d';
import { createDarcyTask } from './tasks/darcyTask';
import { loadFnoCheckpoint } from '../models/fnoCheckpoint';
import { withLora } from '../models/lora';
import { buildTransformer, type TransformerModel } from '../models/transformer';
import { buildUnet } from '../models/unet';
import type { TrainableModel } from '../models/types';
import type { RunSettings, ScheduleLabel } from './run';
import { warmupStepsFromRatio } from './schedule';
import { createPdeTask } from './tasks/pdeTask';
import { createSentimentTask } from './tasks/sentimentTask';
import type { Task } from './tasks/types';
import { batchesPerEpoch } from './sampler';
import { DEFAULT_TEMPBALANCE, paperEsdInterval } from './tempbalance';
import { assignConfigOf, fitOptionsOf } from '../experiment/assign';

/** How the environment provides data. */
export interface DataLoaders {
  sentiment(): Promise<{ data: SentimentDataJSON; tokenizer: WordPieceTokenizer }>;
  pde(spec: PdeDatasetSpec, onProgress?: (done: number, total: number) => void): Promise<PdeDataset>;
  /** Bytes of a file shipped in public/pretrained/ (a checkpoint or the pretraining tokenizer). */
  pretrained(file: string): Promise<Uint8Array>;
}

/**
 * Files of public/pretrained/ that init=pretrained uses: the masked-LM encoder with the tokenizer it
 * was trained with (scripts/pretrain.ts, docs/PRETRAIN.md) and the FNO pretrained on Burgers ν = 0.1
 * (scripts/pretrain-fno.ts).
 */
export const PRETRAINED_FILES = {
  transformer: 'mlm-small.safetensors',
  tokenizer: 'tokenizer.json',
  fno: 'fno-burgers-nu0.1.safetensors',
} as const;

/** Sentences are cut to this many word pieces (95 % of test sentences fit in 41; mean 18.6). */
export const SENTIMENT_MAX_LEN = 32;

/**
 * PDE data layout. The data seed is fixed so every run seed is tested on the same trajectories;
 * the run seed picks the nested training subset. PDEBench trains on 256 cells × 41 frames; 128 cells
 * keep a browser run short.
 */
export const PDE_DATA = { nx: 128, nt: 41, trainPool: 256, valSamples: 32, testSamples: 64, dataSeed: 0 } as const;

/**
 * Data layout of the 2-D tasks (grid side from cfg.grid). Darcy samples are one linear solve each
 * (tens of ms at 64×64), so it keeps the 1-D pool; a 2-D CFD trajectory takes ~0.2–0.6 s at 32×32
 * (docs/BENCHMARKS.md), so its pool is 64 trajectories + 24 held out: under a minute on a 2-core laptop.
 * 2-D CFD: 21 frames over t ∈ [0, 1] as PDEBench stores it.
 */
export const PDE2D_DATA = {
  darcy: { nt: 1, trainPool: 256, valSamples: 32, testSamples: 64 },
  cfd2d: { nt: 21, trainPool: 64, valSamples: 8, testSamples: 16 },
} as const;

/** PDE tasks on a 2-D grid. */
export const is2dTask = (task: ExperimentConfig['task']): task is 'darcy' | 'cfd2d' => task === 'darcy' || task === 'cfd2d';

/** PDEBench's `initial_step`: 10 frames for advection/Burgers and CFD, 5 for reaction–diffusion; Darcy is steady. */
export function inFramesFor(task: ExperimentConfig['task']): number {
  if (task === 'darcy') return 1;
  return task === 'reaction-diffusion' ? 5 : 10;
}

/** Channels per frame of a PDE task (1-D CFD: ρ, v, p; 2-D CFD: ρ, vx, vy, p). */
export function channelsFor(task: ExperimentConfig['task']): number {
  if (task === 'cfd') return 3;
  return task === 'cfd2d' ? 4 : 1;
}

/** Pool sizes of a PDE task. */
function splitsFor(task: ExperimentConfig['task']): { trainPool: number; valSamples: number; testSamples: number } {
  const d = is2dTask(task) ? PDE2D_DATA[task] : PDE_DATA;
  return { trainPool: d.trainPool, valSamples: d.valSamples, testSamples: d.testSamples };
}

export function pdeSpecFor(cfg: ExperimentConfig): PdeDatasetSpec {
  const sp = splitsFor(cfg.task);
  const base = {
    nx: PDE_DATA.nx,
    nt: PDE_DATA.nt,
    samples: sp.trainPool + sp.valSamples + sp.testSamples,
    seed: PDE_DATA.dataSeed,
  };
  if (is2dTask(cfg.task) && !(cfg.grid >= 8 && (cfg.grid & (cfg.grid - 1)) === 0)) {
    throw new Error(`grid must be a power of two (16, 32, 64 or 128), got ${cfg.grid}`);
  }
  switch (cfg.task) {
    case 'advection':
      return { ...base, equation: 'advection', params: { beta: cfg.pdeParam } };
    case 'burgers':
      return { ...base, equation: 'burgers', params: { nu: cfg.pdeParam } };
    case 'reaction-diffusion':
      return { ...base, equation: 'reaction-diffusion', params: { nu: cfg.pdeParam, rho: cfg.rho } };
    case 'cfd':
      return { ...base, equation: 'cfd', params: { eta: cfg.pdeParam, zeta: cfg.pdeParam, mach: cfg.mach } };
    case 'darcy':
      return { ...base, nx: cfg.grid, nt: 1, equation: 'darcy', params: { beta: cfg.pdeParam } };
    case 'cfd2d':
      return { ...base, nx: cfg.grid, nt: PDE2D_DATA.cfd2d.nt, equation: 'cfd2d', params: { mach: cfg.mach } };
    default:
      throw new Error(`${cfg.task} is not a PDE task`);
  }
}

/**
 * The tokenizer of a sentiment config: a pretrained encoder only understands the word pieces it was
 * pretrained with (vocab 1,000), so init=pretrained tokenizes with public/pretrained/tokenizer.json.
 */
export async function sentimentTokenizer(cfg: ExperimentConfig, loaders: DataLoaders): Promise<WordPieceTokenizer> {
  if (cfg.init !== 'pretrained') return (await loaders.sentiment()).tokenizer;
  const bytes = await loaders.pretrained(PRETRAINED_FILES.tokenizer);
  return WordPieceTokenizer.fromJSON(JSON.parse(new TextDecoder().decode(bytes)));
}

/** Load data and build the task of a config. */
export async function buildTask(cfg: ExperimentConfig, loaders: DataLoaders, onProgress?: (done: number, total: number) => void): Promise<Task> {
  if (cfg.task === 'sentiment') {
    const { data } = await loaders.sentiment();
    const tokenizer = await sentimentTokenizer(cfg, loaders);
    return createSentimentTask(data, tokenizer, { ratio: cfg.ratio, seed: cfg.seed, maxLen: SENTIMENT_MAX_LEN });
  }
  const dataset = await loaders.pde(pdeSpecFor(cfg), onProgress);
  const opts = { ...splitsFor(cfg.task), ratio: cfg.ratio, seed: cfg.seed };
  if (cfg.task === 'darcy') return createDarcyTask(dataset, opts);
  return createPdeTask(dataset, { ...opts, inFrames: inFramesFor(cfg.task) });
}

const TRANSFORMER_SIZES = {
  tiny: { dModel: 64, layers: 1, heads: 4, dFF: 128 },
  small: { dModel: 64, layers: 2, heads: 4, dFF: 128 },
  base: { dModel: 128, layers: 4, heads: 4, dFF: 256 },
} as const;
export const FNO_SIZES = {
  tiny: { width: 16, modes: 8, layers: 2, projHidden: 64 },
  small: { width: 20, modes: 12, layers: 4, projHidden: 128 }, // PDEBench defaults
  base: { width: 32, modes: 16, layers: 4, projHidden: 128 },
} as const;
const UNET_SIZES = {
  tiny: { features: 8, levels: 2 },
  small: { features: 16, levels: 3 },
  base: { features: 32, levels: 3 },
} as const;

/**
 * Build the model of a config. The same seed gives the same initial weights for both schedules; with
 * init=pretrained the encoder (transformer) or every weight (FNO) comes from public/pretrained/ and a
 * transformer's classifier head is seeded by the run seed, so both schedules still start identical.
 * A checkpoint that does not fit throws a CheckpointError naming the check and tensor that failed.
 */
export async function buildModel(cfg: ExperimentConfig, loaders: DataLoaders): Promise<TrainableModel> {
  const pretrained = cfg.init === 'pretrained';
  if (cfg.task === 'sentiment') {
    if (cfg.model !== 'transformer') throw new Error('sentiment is learned by the transformer');
    const io = { vocab: (await sentimentTokenizer(cfg, loaders)).size, maxLen: SENTIMENT_MAX_LEN, classes: 2 };
    // Fine-tuning: width and depth are the checkpoint's (docs/PRETRAIN.md); `size` applies to training from scratch.
    const model = pretrained
      ? await loadPretrainedClassifier(fromBytes(await loaders.pretrained(`${cfg.encoder}.safetensors`)), io, cfg.seed)
      : buildTransformer({ ...TRANSFORMER_SIZES[cfg.size], ...io }, cfg.seed);
    return cfg.lora > 0 ? loraOf(model, cfg.lora, cfg.seed) : model;
  }
  const channels = channelsFor(cfg.task);
  if (pretrained && (channels > 1 || is2dTask(cfg.task))) {
    throw new Error('the pretrained FNO is for the 1-D scalar tasks (10 input frames): use init = scratch');
  }
  if (is2dTask(cfg.task)) {
    // Darcy: non-periodic with u = 0 on the boundary (FNO: zero padding as PDEBench; UNet: zero padding);
    // 2-D CFD: periodic. Modes are capped by the grid (at most half of it).
    const io = { n: cfg.grid, inChannels: inFramesFor(cfg.task) * channels, outChannels: channels };
    if (cfg.model === 'fno') {
      const size = FNO_SIZES[cfg.size];
      const pad = cfg.task === 'darcy' ? 2 : 0;
      return buildFno2d({ ...io, width: size.width, layers: size.layers, projHidden: size.projHidden, pad, modes: Math.min(size.modes, Math.floor((cfg.grid + pad) / 2)) }, cfg.seed);
    }
    if (cfg.model === 'unet') return buildUnet2d({ ...io, ...UNET_SIZES[cfg.size], padding: cfg.task === 'darcy' ? 'same' : 'circular' }, cfg.seed);
    throw new Error(`PDE tasks are learned by FNO or UNet, not ${cfg.model}`);
  }
  // Multi-channel 1-D data: channel × frame stacked along the input axis, all channels out.
  const frames = { nx: PDE_DATA.nx, inFrames: inFramesFor(cfg.task) * channels, outFrames: channels };
  if (cfg.model === 'fno') {
    const model = buildFno({ ...FNO_SIZES[cfg.size], ...frames }, cfg.seed);
    if (!pretrained) return model;
    try {
      await loadFnoCheckpoint(fromBytes(await loaders.pretrained(PRETRAINED_FILES.fno)), model);
      return model;
    } catch (e) {
      model.dispose();
      throw e;
    }
  }
  if (cfg.model === 'unet') {
    if (pretrained) throw new Error('there is no pretrained UNet checkpoint: use init = scratch, or the FNO');
    return buildUnet({ ...UNET_SIZES[cfg.size], ...frames }, cfg.seed);
  }
  throw new Error(`PDE tasks are learned by FNO or UNet, not ${cfg.model}`);
}


/** LoRA adapters on a built (or loaded) transformer; the base is freed if they cannot be added. */
function loraOf(model: TransformerModel, rank: number, seed: number): TrainableModel {
  try {
    return withLora(model, rank, seed);
  } catch (e) {
    model.dispose();
    throw e;
  }
}

/**
 * Steps of a run and how often it evaluates and re-estimates, from a config and the size of its
 * training set (needed when `epochs`, `evalEvery` = 0 or an epoch-based `intervalMode` is used).
 */
export function runLengthOf(cfg: ExperimentConfig, trainSize?: number): { steps: number; evalEvery: number; esdInterval: number | 'epoch' } {
  const needsSize = cfg.epochs > 0 || cfg.evalEvery === 0 || cfg.intervalMode === 'paper';
  if (needsSize && !(trainSize !== undefined && trainSize >= 1)) throw new Error('epochs, evalEvery = 0 and intervalMode = paper need the size of the training set');
  const perEpoch = trainSize !== undefined ? batchesPerEpoch(trainSize, cfg.batch) : 0;
  const esdInterval = cfg.intervalMode === 'paper' ? paperEsdInterval(perEpoch) : cfg.intervalMode === 'epoch' || cfg.interval === 0 ? 'epoch' : cfg.interval;
  return { steps: cfg.epochs > 0 ? cfg.epochs * perEpoch : cfg.steps, evalEvery: cfg.evalEvery === 0 ? perEpoch : cfg.evalEvery, esdInterval };
}

/**
 * Settings of one run (baseline or TempBalance) of a config; `trainSize` (the task's) is required by
 * the epoch-based settings (runLengthOf).
 */
export function runSettingsOf(cfg: ExperimentConfig, label: ScheduleLabel, trainSize?: number): RunSettings {
  const { steps, evalEvery, esdInterval } = runLengthOf(cfg, trainSize);
  const warmupSteps = cfg.schedule === 'step' ? 0 : warmupStepsFromRatio(cfg.warmup, steps);
  return {
    label,
    seed: cfg.seed,
    steps,
    batch: cfg.batch,
    evalEvery,
    select: cfg.select,
    optimizer: cfg.optimizer,
    hyper: { weightDecay: cfg.wd, momentum: cfg.optimizer === 'sgd' || cfg.optimizer === 'lars' ? cfg.momentum : 0.9, trust: cfg.trust },
    schedule: { kind: cfg.schedule, baseLr: cfg.lr, warmupSteps, warmupStartFactor: 0, minLrFactor: 0, stepEvery: cfg.stepEvery, gamma: cfg.gamma },
    tempbalance: {
      ...DEFAULT_TEMPBALANCE,
      ...assignConfigOf(cfg),
      enabled: label === 'tempbalance',
      unit: cfg.unit,
      removeFirstLayer: cfg.removeFirst,
      removeLastLayer: cfg.removeLast,
      eigsThresh: cfg.eigsThresh,
      esdInterval,
      afterWarm: cfg.afterWarm,
      warmupSteps,
      alphaRef: cfg.alphaRef,
      metric: cfg.metric,
    },
    sam: cfg.sam,
    llrd: cfg.llrd,
    fit: fitOptionsOf(cfg),
  };
}
