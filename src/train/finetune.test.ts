/**
 * init = pretrained (setup.ts buildModel): the transformer's encoder equals the shipped masked-LM
 * checkpoint tensor for tensor, the head is seeded by the run seed (so both schedules of Compare start
 * identical); the FNO gets every weight from its checkpoint; a checkpoint that does not fit is a
 * CheckpointError from buildModel and a 'fatal' error event from the training handler, never a crash.
 * Also the URL round trip of init and the two fine-tuning presets.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { presetOverrides } from '../experiment/presets';
import { defaultConfig, type ExperimentConfig } from '../experiment/schema';
import { decodeLink, encodeLink } from '../experiment/url';
import { decodeFloats } from '../io/dtype';
import { readSafetensorsHeader } from '../io/safetensors';
import { fromBytes } from '../io/source';
import { CheckpointError, encoderConfigOf, readCheckpointInfo } from '../models/checkpoint';
import { buildFno, type FnoModel } from '../models/fno';
import { loadFnoCheckpoint, saveFnoCheckpoint } from '../models/fnoCheckpoint';
import { MLM_PREFIX } from '../models/mlm';
import type { TransformerModel } from '../models/transformer';
import type { TrainableModel } from '../models/types';
import { browserLoaders } from '../workers/browserLoaders';
import { esdChannel, testDeps } from '../../test/support/trainTestkit';
import { buildRunParts, createTrainHandler } from '../workers/trainHandler';
import type { FromTrainer } from '../workers/trainProtocol';
import { buildModel, FNO_SIZES, PDE_DATA, PRETRAINED_FILES, type DataLoaders } from './setup';
import { parseSentimentData } from '../data/text/sentiment';
import { WordPieceTokenizer } from '../data/text/tokenizer';

const PUBLIC = path.resolve(__dirname, '../../public');
const readPublic = (rel: string) => new Uint8Array(readFileSync(path.join(PUBLIC, rel)));

/**
 * Loaders over public/ on disk, with files of pretrained/ replaceable. `sentiment` is only
 * reachable when `withSentiment`: a pretrained model must not need the from-scratch tokenizer.
 */
function diskLoaders(replace: Record<string, Uint8Array> = {}, withSentiment = false): DataLoaders {
  return {
    async sentiment() {
      if (!withSentiment) throw new Error('sentiment data not available in this test');
      const text = (rel: string) => JSON.parse(new TextDecoder().decode(readPublic(rel))) as unknown;
      return { data: parseSentimentData(text('data/sentiment.json')), tokenizer: WordPieceTokenizer.fromJSON(text('data/tokenizer.json') as never) };
    },
    pde: () => Promise.reject(new Error('no PDE data in this test')),
    pretrained: async (file) => replace[file] ?? readPublic(`pretrained/${file}`),
  };
}

const pretrainedSentiment = (over: Partial<ExperimentConfig> = {}): ExperimentConfig => ({ ...defaultConfig(), task: 'sentiment', model: 'transformer', size: 'small', init: 'pretrained', ...over });

const built: TrainableModel[] = [];
async function build(cfg: ExperimentConfig, loaders: DataLoaders): Promise<TrainableModel> {
  const m = await buildModel(cfg, loaders);
  built.push(m);
  return m;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => {
  built.splice(0).forEach((m) => m.dispose());
});

/** name → values of every parameter. */
async function weights(m: TrainableModel): Promise<Map<string, Float32Array>> {
  return new Map(await Promise.all(m.params.map(async (p) => [p.spec.name, (await p.variable.data()) as Float32Array] as const)));
}

describe('sentiment, init = pretrained', () => {
  it("the encoder equals the checkpoint's tensors bit for bit; only the classifier head is new", async () => {
    const bytes = readPublic(`pretrained/${PRETRAINED_FILES.transformer}`);
    const src = fromBytes(bytes);
    const header = await readSafetensorsHeader(src);
    const model = await build(pretrainedSentiment(), diskLoaders());
    const w = await weights(model);
    let compared = 0;
    for (const e of header.entries) {
      if (e.name.startsWith(MLM_PREFIX)) continue;
      const stored = decodeFloats('F32', await src.read(e.begin, e.end - e.begin), (e.end - e.begin) / 4) as Float32Array;
      expect(w.get(e.name), e.name).toEqual(stored);
      compared += 1;
    }
    const fresh = model.params.map((p) => p.spec.name).filter((n) => !header.entries.some((e) => e.name === n));
    expect(fresh.sort()).toEqual(['head', 'head.bias']);
    expect(compared).toBe(model.params.length - 2);
  });

  it('same seed ⇒ identical starting weights for baseline and TempBalance; another seed changes only the head matrix', async () => {
    const loaders = diskLoaders();
    const [a, b, c] = await Promise.all([build(pretrainedSentiment({ seed: 4 }), loaders), build(pretrainedSentiment({ seed: 4 }), loaders), build(pretrainedSentiment({ seed: 5 }), loaders)]);
    const [wa, wb, wc] = await Promise.all([weights(a), weights(b), weights(c)]);
    expect(wb).toEqual(wa);
    for (const [name, v] of wa) {
      if (name === 'head') expect(wc.get(name), name).not.toEqual(v); // head.bias starts at 0 for every seed
      else expect(wc.get(name), name).toEqual(v);
    }
  });

  it('a truncated checkpoint is a CheckpointError from buildModel', async () => {
    const cut = readPublic(`pretrained/${PRETRAINED_FILES.transformer}`).slice(0, 5000);
    const err = await buildModel(pretrainedSentiment(), diskLoaders({ [PRETRAINED_FILES.transformer]: cut })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointError);
    expect((err as CheckpointError).code).toBe('truncated');
  });

  it("a tokenizer that does not fit the checkpoint (vocab 2,000 vs 1,000) is a 'config' error", async () => {
    const loaders = diskLoaders({ [PRETRAINED_FILES.tokenizer]: readPublic('data/tokenizer.json') });
    await expect(buildModel(pretrainedSentiment(), loaders)).rejects.toThrow(/checkpoint config: stored vocab = 1000 but vocab = 2000/);
  });

  it("fine-tuning takes width and depth from the checkpoint, whatever 'size' says", async () => {
    const stored = (await readCheckpointInfo(fromBytes(readPublic(`pretrained/${PRETRAINED_FILES.transformer}`)))).config;
    for (const size of ['tiny', 'base'] as const) {
      const model = await buildModel(pretrainedSentiment({ size }), diskLoaders());
      try {
        expect(encoderConfigOf((model as TransformerModel).config)).toEqual(stored);
      } finally {
        model.dispose();
      }
    }
  });

  it("the training handler reports a bad checkpoint as an error event (reason 'fatal'), never a crash", async () => {
    const out: FromTrainer[] = [];
    const bad = readPublic(`pretrained/${PRETRAINED_FILES.transformer}`).slice(0, 5000);
    const deps = { ...testDeps(), createLoaders: () => diskLoaders({ [PRETRAINED_FILES.transformer]: bad }, true), build: buildRunParts };
    const handler = createTrainHandler((m) => out.push(m), deps);
    const ch = esdChannel();
    try {
      await handler.handle({ kind: 'init', runId: 7, config: pretrainedSentiment({ ratio: 0.02 }), label: 'tempbalance', esdPort: ch.port });
      await handler.handle({ kind: 'run', runId: 7 });
    } finally {
      ch.close();
    }
    const errors = out.filter((m) => m.kind === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ runId: 7, reason: 'fatal', step: 0 });
    expect(errors[0].kind === 'error' && errors[0].message).toMatch(/^Could not start the run: checkpoint truncated: /);
    expect(out.some((m) => m.kind === 'ready')).toBe(false);
  });
});

describe('FNO, init = pretrained', () => {
  const burgers = (over: Partial<ExperimentConfig> = {}): ExperimentConfig => ({ ...defaultConfig(), task: 'burgers', model: 'fno', size: 'small', init: 'pretrained', ...over });
  /** A checkpoint written from an FNO of the lab's small size with seed 11 (not the run seed). */
  async function checkpointOf(config: Partial<FnoModel['config']> = {}): Promise<{ bytes: Uint8Array; source: Map<string, Float32Array> }> {
    const m = buildFno({ ...FNO_SIZES.small, nx: PDE_DATA.nx, inFrames: 10, outFrames: 1, ...config }, 11);
    try {
      return { bytes: await saveFnoCheckpoint(m), source: await weights(m) };
    } finally {
      m.dispose();
    }
  }

  it('every parameter comes from the checkpoint, whatever the run seed', async () => {
    const { bytes, source } = await checkpointOf();
    const loaders = diskLoaders({ [PRETRAINED_FILES.fno]: bytes });
    const model = await build(burgers({ seed: 3 }), loaders);
    expect(await weights(model)).toEqual(source);
    const scratch = await build(burgers({ seed: 3, init: 'scratch' }), loaders);
    expect(await weights(scratch)).not.toEqual(source);
  });

  it('the shipped checkpoint (npm run pretrain:fno) fits the Burgers task and differs from any fresh init', async () => {
    const model = await build(burgers({ pdeParam: 0.01 }), diskLoaders());
    const scratch = await build(burgers({ init: 'scratch' }), diskLoaders());
    expect(await weights(model)).not.toEqual(await weights(scratch));
  });

  it("a checkpoint of another history length is a 'config' error (reaction–diffusion uses 5 frames)", async () => {
    const { bytes } = await checkpointOf();
    const loaders = diskLoaders({ [PRETRAINED_FILES.fno]: bytes });
    await expect(buildModel(burgers({ task: 'reaction-diffusion' }), loaders)).rejects.toThrow(/checkpoint config: stored inFrames = 10 but the model has inFrames = 5/);
  });

  it("the transformer's checkpoint is not an FNO checkpoint ('metadata' error), and loading leaves the model untouched", async () => {
    const m = buildFno({ ...FNO_SIZES.small, nx: PDE_DATA.nx, inFrames: 10, outFrames: 1 }, 2);
    built.push(m);
    const before = await weights(m);
    const err = await loadFnoCheckpoint(fromBytes(readPublic(`pretrained/${PRETRAINED_FILES.transformer}`)), m).catch((e: unknown) => e);
    expect((err as CheckpointError).code).toBe('metadata');
    expect(await weights(m)).toEqual(before);
  });

  it('UNet has no checkpoint: a clear error', async () => {
    await expect(buildModel(burgers({ model: 'unet' }), diskLoaders())).rejects.toThrow(/no pretrained UNet checkpoint/);
  });
});

describe('browser loaders', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("fetch pretrained files from the app's own pretrained/ folder, under its base path", async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      return url.endsWith('/missing.bin') ? new Response('no', { status: 404 }) : new Response(new Uint8Array([1, 2, 3]));
    });
    const loaders = browserLoaders(() => {}, { baseUrl: 'https://example.org/lab/', store: Promise.resolve(null) });
    expect(await loaders.pretrained(PRETRAINED_FILES.fno)).toEqual(new Uint8Array([1, 2, 3]));
    expect(urls).toEqual([`https://example.org/lab/pretrained/${PRETRAINED_FILES.fno}`]);
    await expect(loaders.pretrained('missing.bin')).rejects.toThrow(/could not load https:\/\/example.org\/lab\/pretrained\/missing.bin: HTTP 404/);
  });
});

describe('links and presets', () => {
  it('init = pretrained survives the URL round trip', () => {
    const cfg = pretrainedSentiment({ ratio: 0.02, seed: 9 });
    const link = encodeLink(cfg);
    expect(link).toContain('init=pretrained');
    const back = decodeLink(`?${link}`);
    expect(back.config).toEqual(cfg);
    expect(back.notices).toEqual([]);
    expect(decodeLink('init=warm').notices.map((n) => n.message).join()).toMatch(/is not one of/);
  });

  it('the fine-tuning presets decode to valid pretrained configs', () => {
    for (const id of ['sentiment-finetune-low', 'fno-burgers-finetune-low']) {
      const out = decodeLink(`preset=${id}`, presetOverrides);
      expect(out.notices, id).toEqual([]);
      expect(out.config.init, id).toBe('pretrained');
      expect(out.config.ratio, id).toBeLessThanOrEqual(0.05);
    }
    expect(decodeLink('preset=fno-burgers-finetune-low', presetOverrides).config.pdeParam).toBe(0.01);
  });
});
