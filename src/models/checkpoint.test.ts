/**
 * Checkpoints: bit-exact round trips, one test per way a file can be wrong (each with its own error
 * code and the tensor named, and the target left untouched), and pretrained encoder → classifier
 * (encoder outputs identical to the saved model's, head freshly seeded). Also checks the shipped
 * public/pretrained checkpoint against its tokenizer when it exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { encodeSafetensors } from '../io/safetensors-write';
import { fromBytes } from '../io/source';
import { createRng } from '../math/random';
import { CheckpointError, loadCheckpoint, loadPretrainedClassifier, readCheckpointInfo, saveCheckpoint, type CheckpointErrorCode, type NamedParam } from './checkpoint';
import { buildMlmModel, type MlmModel } from './mlm';
import { buildTransformer, type TransformerConfig } from './transformer';
import { useCpuBackend } from '../../test/support/modelTestkit';

const TINY = { vocab: 14, maxLen: 6, dModel: 8, heads: 2, layers: 2, dFF: 12, classes: 2, dropout: 0 } satisfies TransformerConfig;

useCpuBackend();

const named = (m: MlmModel): NamedParam[] => m.params.map((p) => ({ name: p.spec.name, variable: p.variable }));

/** An MLM model whose every weight is random (init values alone would hide a swapped tensor). */
function perturbedModel(seed: number, config: TransformerConfig = TINY): MlmModel {
  const model = buildMlmModel(config, seed);
  const rng = createRng(seed + 1000);
  for (const p of model.params) p.variable.assign(tf.tensor(Float32Array.from({ length: p.variable.size }, () => rng.normal()), p.variable.shape));
  return model;
}

/** The raw bits of a variable (bit-exact comparison, −0 and NaN included). */
async function bits(v: tf.Tensor): Promise<Uint32Array> {
  return new Uint32Array(Float32Array.from(await v.data()).buffer);
}

async function allBits(params: readonly NamedParam[]): Promise<Uint32Array[]> {
  return Promise.all(params.map((p) => bits(p.variable)));
}

/** Rewrite a file's JSON header (the data buffer is kept; its offsets are relative to it). */
function withHeader(bytes: Uint8Array, mutate: (json: Record<string, { dtype: string; shape: number[]; data_offsets: number[] }> & { __metadata__: Record<string, string> }) => void): Uint8Array {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  mutate(json);
  const text = new TextEncoder().encode(JSON.stringify(json));
  const out = new Uint8Array(8 + text.length + bytes.length - 8 - n);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(bytes.subarray(8 + n), 8 + text.length);
  return out;
}

/** Expect `promise` to reject with a CheckpointError of `code` whose message matches `pattern`. */
async function expectError(promise: Promise<unknown>, code: CheckpointErrorCode, pattern: RegExp): Promise<void> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(CheckpointError);
  expect((err as CheckpointError).code, (err as Error).message).toBe(code);
  expect((err as Error).message).toMatch(pattern);
}

describe('saveCheckpoint / loadCheckpoint', () => {
  it('round trip is bit-exact for every parameter, and the metadata carries format, version and config', async () => {
    const src = perturbedModel(1);
    const bytes = await saveCheckpoint(named(src), TINY, { note: 'test' });
    const dst = buildMlmModel(TINY, 2);
    const md = await loadCheckpoint(fromBytes(bytes), named(dst), { config: TINY });
    expect(md.note).toBe('test');
    const [a, b] = await Promise.all([allBits(named(src)), allBits(named(dst))]);
    a.forEach((x, i) => expect(Buffer.from(b[i].buffer).equals(Buffer.from(x.buffer)), named(src)[i].name).toBe(true));
    const info = await readCheckpointInfo(fromBytes(bytes));
    expect(info.config).toEqual({ vocab: 14, maxLen: 6, dModel: 8, heads: 2, layers: 2, dFF: 12 });
    expect(info.entries.map((e) => e.name)).toEqual(named(src).map((p) => p.name));
    src.dispose();
    dst.dispose();
  });

  describe('malformed files: a specific error, and the target keeps its weights', () => {
    let good: Uint8Array;
    let target: MlmModel;
    let before: Uint32Array[];
    beforeAll(async () => {
      const src = perturbedModel(3);
      good = await saveCheckpoint(named(src), TINY);
      src.dispose();
      target = buildMlmModel(TINY, 4);
      before = await allBits(named(target));
    });
    const load = (bytes: Uint8Array) => loadCheckpoint(fromBytes(bytes), named(target), { config: TINY });
    const untouched = async () => {
      const now = await allBits(named(target));
      now.forEach((x, i) => expect(Buffer.from(x.buffer).equals(Buffer.from(before[i].buffer))).toBe(true));
    };

    it('missing tensor', async () => {
      const src = perturbedModel(5);
      const bytes = await saveCheckpoint(named(src).filter((p) => p.name !== 'blocks.1.attn.v'), TINY);
      src.dispose();
      await expectError(load(bytes), 'missing', /"blocks\.1\.attn\.v" \[8,8\]/);
      await untouched();
    });

    it('extra tensor', async () => {
      const stray = tf.variable(tf.zeros([3]), false, 'checkpoint-test/stray');
      const bytes = await saveCheckpoint([...named(target), { name: 'blocks.2.attn.q', variable: stray }], TINY);
      stray.dispose();
      await expectError(load(bytes), 'extra', /"blocks\.2\.attn\.q"/);
      await untouched();
    });

    it('wrong shape (a model with another dFF, loaded without the config check)', async () => {
      const src = perturbedModel(6, { ...TINY, dFF: 10 });
      const bytes = await saveCheckpoint(named(src), { ...TINY, dFF: 10 });
      src.dispose();
      await expectError(loadCheckpoint(fromBytes(bytes), named(target)), 'shape', /"blocks\.0\.mlp\.fc1" has shape \[8,10\], the parameter \[8,12\]/);
      await expectError(load(bytes), 'config', /dFF = 10 but the model has dFF = 12/);
      await untouched();
    });

    it('wrong dtype', async () => {
      const info = await readCheckpointInfo(fromBytes(good));
      const tensors = named(target).map((p) => ({ name: p.name, dtype: p.name === 'mlm.bias' ? ('F16' as const) : ('F32' as const), shape: p.variable.shape, data: p.variable.dataSync() }));
      const bytes = encodeSafetensors(tensors, info.metadata);
      await expectError(load(bytes), 'dtype', /"mlm\.bias" is F16, expected F32/);
      await untouched();
    });

    it('header that lies about its own byte length', async () => {
      const longer = good.slice();
      const dv = new DataView(longer.buffer);
      dv.setBigUint64(0, dv.getBigUint64(0, true) + 16n, true); // JSON would run into the tensor data
      await expectError(load(longer), 'format', /header is not valid|header must/);
      dv.setBigUint64(0, BigInt(good.length), true); // more than the whole file
      await expectError(load(longer), 'truncated', /header declares \d+ bytes of JSON but the file has only/);
      await untouched();
    });

    it('data_offsets that lie about a tensor\'s byte length', async () => {
      const bytes = withHeader(good, (j) => {
        j['mlm.bias'].data_offsets[1] -= 4;
      });
      await expectError(load(bytes), 'format', /"mlm\.bias": shape \[14\] of F32 needs 56 bytes but data_offsets span 52/);
      await untouched();
    });

    it('truncated file', async () => {
      await expectError(load(good.slice(0, good.length - 100)), 'truncated', /the file has only \d+/);
      await expectError(load(good.slice(0, 5)), 'truncated', /too short/);
      await untouched();
    });

    it('not our format, or a config that contradicts the model (heads are invisible in shapes)', async () => {
      await expectError(load(withHeader(good, (j) => void (j.__metadata__.format = 'other'))), 'metadata', /format is "other"/);
      await expectError(load(withHeader(good, (j) => void (j.__metadata__.version = '9'))), 'metadata', /version "9"/);
      const heads4 = withHeader(good, (j) => void (j.__metadata__.config = JSON.stringify({ ...TINY, heads: 4 })));
      await expectError(load(heads4), 'config', /stored heads = 4 but the model has heads = 2/);
      await untouched();
    });

    it('non-finite weights are refused before anything is assigned', async () => {
      const info = await readCheckpointInfo(fromBytes(good));
      const tensors = named(target).map((p, i, all) => {
        const data = Float32Array.from(p.variable.dataSync()).map((x) => x + 1);
        if (i === all.length - 1) data[2] = NaN; // the last tensor: every other one would already be valid
        return { name: p.name, dtype: 'F32' as const, shape: p.variable.shape, data };
      });
      await expectError(load(encodeSafetensors(tensors, info.metadata)), 'nonfinite', /"mlm\.bias" holds NaN at index 2/);
      await untouched();
    });
  });
});

describe('loadPretrainedClassifier', () => {
  it('encoder outputs equal the saved model\'s exactly; the head is the seeded fresh one; mlm.* is left out', async () => {
    const pre = perturbedModel(20);
    const bytes = await saveCheckpoint(named(pre), TINY);
    const clf = await loadPretrainedClassifier(fromBytes(bytes), { classes: 3, dropout: 0.1 }, 21);
    expect(clf.config).toMatchObject({ ...TINY, classes: 3, dropout: 0.1 });
    expect(clf.params.some((p) => p.spec.name.startsWith('mlm.'))).toBe(false);

    const ids = tf.tensor2d([2, 5, 9, 13, 3, 0, 2, 4, 4, 6, 7, 3], [2, 6], 'int32');
    const [hPre, hClf] = [pre.transformer.encoder.encode(ids, false), clf.encoder.encode(ids, false)];
    expect(Buffer.from((await bits(hClf)).buffer).equals(Buffer.from((await bits(hPre)).buffer))).toBe(true);

    const fresh = buildTransformer({ ...TINY, classes: 3, dropout: 0.1 }, 21);
    for (const name of ['head', 'head.bias']) {
      expect(Array.from(await bits(clf.registry.get(name)))).toEqual(Array.from(await bits(fresh.registry.get(name))));
    }
    // And the encoder really came from the file, not from the seed.
    expect(Array.from(await bits(clf.registry.get('embed.tok')))).not.toEqual(Array.from(await bits(fresh.registry.get('embed.tok'))));
    tf.dispose([ids, hPre, hClf]);
    [pre, clf, fresh].forEach((m) => m.dispose());
  });

  it('refuses a requested architecture that contradicts the file', async () => {
    const pre = perturbedModel(22);
    const bytes = await saveCheckpoint(named(pre), TINY);
    pre.dispose();
    await expectError(loadPretrainedClassifier(fromBytes(bytes), { vocab: 2000 }, 1), 'config', /stored vocab = 14 but vocab = 2000 was requested/);
  });

  const shipped = path.resolve(__dirname, '../../public/pretrained');
  it.skipIf(!existsSync(path.join(shipped, 'mlm-small.safetensors')))('the shipped checkpoint is ≤ 5 MB, fits its tokenizer and the lab\'s small size, and loads', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(shipped, 'mlm-small.safetensors')));
    const tokenizer = JSON.parse(readFileSync(path.join(shipped, 'tokenizer.json'), 'utf8')) as { vocab: string[] };
    expect(bytes.length).toBeLessThanOrEqual(5 * 1024 * 1024);
    const clf = await loadPretrainedClassifier(fromBytes(bytes), { classes: 2 }, 0);
    // TRANSFORMER_SIZES.small in src/train/setup.ts, SENTIMENT_MAX_LEN 32.
    expect(clf.config).toMatchObject({ vocab: tokenizer.vocab.length, maxLen: 32, dModel: 64, heads: 4, layers: 2, dFF: 128 });
    clf.dispose();
  });
});
