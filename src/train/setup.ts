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
import { loadFnoCheckpoint } from '../models/fnoCheckpoint';
import { buildTransformer } from '../models/transformer';
import { buildUnet } from '../models/unet';
import type { TrainableModel } from '../models/types';
import type { RunSettings, ScheduleLabel } from './run';
import { warmupStepsFromRatio } from './schedule';
import { createPdeTask } from './tasks/pdeTask';
import { createSentimentTask } from './tasks/sentimentTask';
import type { Task } from './tasks/types';
import { DEFAULT_TEMPBALANCE } from './tempbalance';
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

/** PDEBench's `initial_step`: 10 frames for advection/Burgers, 5 for reaction–diffusion. */
export function inFramesFor(task: ExperimentConfig['task']): number {
  return task === 'reaction-diffusion' ? 5 : 10;
}

export function pdeSpecFor(cfg: ExperimentConfig): PdeDatasetSpec {
  const base = {
    nx: PDE_DATA.nx,
    nt: PDE_DATA.nt,
    samples: PDE_DATA.trainPool + PDE_DATA.valSamples + PDE_DATA.testSamples,
    seed: PDE_DATA.dataSeed,
  };
  switch (cfg.task) {
    case 'advection':
      return { ...base, equation: 'advection', params: { beta: cfg.pdeParam } };
    case 'burgers':
      return { ...base, equation: 'burgers', params: { nu: cfg.pdeParam } };
    case 'reaction-diffusion':
      return { ...base, equation: 'reaction-diffusion', params: { nu: cfg.pdeParam, rho: cfg.rho } };
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
  return createPdeTask(dataset, {
    trainPool: PDE_DATA.trainPool,
    valSamples: PDE_DATA.valSamples,
    testSamples: PDE_DATA.testSamples,
    ratio: cfg.ratio,
    seed: cfg.seed,
    inFrames: inFramesFor(cfg.task),
  });
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
    if (!pretrained) return buildTransformer({ ...TRANSFORMER_SIZES[cfg.size], ...io }, cfg.seed);
    // Fine-tuning: width and depth are the checkpoint's (docs/PRETRAIN.md); `size` applies to training from scratch.
    return loadPretrainedClassifier(fromBytes(await loaders.pretrained(`${cfg.encoder}.safetensors`)), io, cfg.seed);
  }
  const frames = { nx: PDE_DATA.nx, inFrames: inFramesFor(cfg.task), outFrames: 1 };
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


/** Settings of one run (baseline or TempBalance) of a config. */
export function runSettingsOf(cfg: ExperimentConfig, label: ScheduleLabel): RunSettings {
  const warmupSteps = cfg.schedule === 'step' ? 0 : warmupStepsFromRatio(cfg.warmup, cfg.steps);
  return {
    label,
    seed: cfg.seed,
    steps: cfg.steps,
    batch: cfg.batch,
    evalEvery: cfg.evalEvery,
    optimizer: cfg.optimizer,
    hyper: { weightDecay: cfg.wd, momentum: cfg.optimizer === 'sgd' ? cfg.momentum : 0.9 },
    schedule: { kind: cfg.schedule, baseLr: cfg.lr, warmupSteps, warmupStartFactor: 0, minLrFactor: 0, stepEvery: cfg.stepEvery, gamma: cfg.gamma },
    tempbalance: {
      ...DEFAULT_TEMPBALANCE,
      ...assignConfigOf(cfg),
      enabled: label === 'tempbalance',
      unit: cfg.unit,
      removeFirstLayer: cfg.removeFirst,
      removeLastLayer: cfg.removeLast,
      eigsThresh: cfg.eigsThresh,
      esdInterval: cfg.interval === 0 ? 'epoch' : cfg.interval,
      afterWarm: cfg.afterWarm,
      warmupSteps,
      alphaRef: cfg.alphaRef,
    },
    fit: fitOptionsOf(cfg),
  };
}
