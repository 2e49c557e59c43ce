/**
 * Checkpoints of the tiny transformer as .safetensors files (huggingface/safetensors format; header
 * parsing and byte accounting reuse src/io), float32, one tensor per parameter under its stable
 * ParamSpec name ('embed.tok', 'blocks.0.attn.q', …, 'mlm.bias').
 *
 * Loading is all-or-nothing. Before any variable is touched the file is checked against the target
 * parameters: format tag and version, the encoder config (the number of heads is invisible in the
 * shapes), every name present and no unexpected one, dtype F32, exact shapes, the total byte count,
 * and finite values. Any mismatch throws a CheckpointError whose `code` says which check failed and
 * whose message names the tensor. Only then are all variables assigned.
 *
 * Float32 is stored as-is (no F16): the file of the 'small' model is ~0.4 MB, and bit-exact round
 * trips make "fine-tuning starts from exactly the pretrained encoder" testable.
 */
import * as tf from '@tensorflow/tfjs';
import { decodeFloats } from '../io/dtype';
import { WeightsFormatError } from '../io/errors';
import { readSafetensorsHeader, type SafetensorsEntry } from '../io/safetensors';
import { encodeSafetensors } from '../io/safetensors-write';
import type { ByteSource } from '../io/source';
import { MLM_PREFIX, encoderParams } from './mlm';
import { buildTransformer, DEFAULT_TRANSFORMER_CONFIG, type TransformerConfig, type TransformerModel } from './transformer';

/** Value of metadata "format": identifies our checkpoints among arbitrary safetensors files. */
export const CHECKPOINT_FORMAT = 'model-balancing-lab/transformer';
export const CHECKPOINT_VERSION = '1';

/** Which check a load failed. */
export type CheckpointErrorCode =
  | 'truncated' // the file is shorter than its header says
  | 'format' // not a well-formed safetensors file (bad header, lying offsets, …)
  | 'metadata' // not our format/version, or no config
  | 'config' // the stored encoder config differs from the target model's
  | 'missing' // a target parameter has no tensor in the file
  | 'extra' // the file has a tensor the target does not expect
  | 'dtype' // a tensor is not F32
  | 'shape' // a tensor's shape differs from the parameter's
  | 'size' // total byte count differs from what the target needs
  | 'nonfinite'; // NaN or ±Infinity in the weights

/** A checkpoint does not fit the model it is loaded into. */
export class CheckpointError extends Error {
  readonly code: CheckpointErrorCode;
  constructor(code: CheckpointErrorCode, message: string) {
    super(`checkpoint ${code}: ${message}`);
    this.name = 'CheckpointError';
    this.code = code;
  }
}

/** A parameter to save or load: its stable name and variable. */
export interface NamedParam {
  name: string;
  variable: tf.Variable;
}

/** The config fields that fix the encoder's architecture (stored in and checked against the file). */
export type EncoderConfig = Pick<TransformerConfig, 'vocab' | 'maxLen' | 'dModel' | 'heads' | 'layers' | 'dFF'>;
const ENCODER_KEYS = ['vocab', 'maxLen', 'dModel', 'heads', 'layers', 'dFF'] as const;

/** The architecture fields of a transformer config. */
export function encoderConfigOf(c: TransformerConfig): EncoderConfig {
  return { vocab: c.vocab, maxLen: c.maxLen, dModel: c.dModel, heads: c.heads, layers: c.layers, dFF: c.dFF };
}

/**
 * Serialise `params` (in the order given) with `config` and free-form `extra` metadata.
 * Reads each variable back once (async; works on every backend).
 */
export async function saveCheckpoint(params: readonly NamedParam[], config: EncoderConfig, extra: Record<string, string> = {}): Promise<Uint8Array> {
  const data = await Promise.all(params.map((p) => p.variable.data()));
  const tensors = params.map((p, i) => ({ name: p.name, dtype: 'F32' as const, shape: p.variable.shape.slice(), data: data[i] as Float32Array }));
  const metadata = { ...extra, format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, config: JSON.stringify(encoderConfigOf({ ...DEFAULT_TRANSFORMER_CONFIG, ...config })) };
  return encodeSafetensors(tensors, metadata);
}

/** What a checkpoint's header says (no tensor data read). */
export interface CheckpointInfo {
  config: EncoderConfig;
  metadata: Record<string, string>;
  entries: SafetensorsEntry[];
}

/** Reject files shorter than their header claims, before the generic parser reports it as malformed. */
async function checkNotTruncated(src: ByteSource): Promise<void> {
  if (src.size < 8) throw new CheckpointError('truncated', `file has ${src.size} bytes, too short for the 8-byte header length`);
  const n = Number(new DataView((await src.read(0, 8)).buffer).getBigUint64(0, true));
  if (8 + n > src.size) throw new CheckpointError('truncated', `header declares ${n} bytes of JSON but the file has only ${src.size} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(await src.read(8, n)));
  } catch {
    return; // malformed JSON is a 'format' error, reported by the parser with its reason
  }
  if (typeof json !== 'object' || json === null) return;
  let end = 0;
  for (const [name, e] of Object.entries(json)) {
    const off = name === '__metadata__' ? null : (e as { data_offsets?: unknown })?.data_offsets;
    if (Array.isArray(off) && typeof off[1] === 'number') end = Math.max(end, off[1]);
  }
  if (8 + n + end > src.size) {
    throw new CheckpointError('truncated', `header declares ${8 + n + end} bytes in all but the file has only ${src.size} (cut off after a download or copy?)`);
  }
}

/** A well-formed checkpoint header of a given format: metadata and tensor entries (no data read). */
export interface CheckedHeader {
  metadata: Record<string, string>;
  entries: SafetensorsEntry[];
}

/**
 * Read the header and check safetensors well-formedness, the format tag `format` and the version.
 * Shared by every model's checkpoint (transformer here, FNO in fnoCheckpoint.ts).
 */
export async function readCheckedHeader(src: ByteSource, format: string): Promise<CheckedHeader> {
  await checkNotTruncated(src);
  let header;
  try {
    header = await readSafetensorsHeader(src);
  } catch (e) {
    if (e instanceof WeightsFormatError) throw new CheckpointError('format', e.message);
    throw e;
  }
  const md = header.metadata;
  if (md.format !== format) throw new CheckpointError('metadata', `format is ${JSON.stringify(md.format)}, expected "${format}"`);
  if (md.version !== CHECKPOINT_VERSION) throw new CheckpointError('metadata', `version ${JSON.stringify(md.version)} is not supported (expected ${CHECKPOINT_VERSION})`);
  return { metadata: md, entries: header.entries };
}

/** Parse metadata "config" and check that each of `keys` is a positive integer. */
export function parseIntConfig<K extends string>(metadata: Record<string, string>, keys: readonly K[]): Record<K, number> {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(metadata.config ?? '') as Record<string, unknown>;
  } catch {
    throw new CheckpointError('metadata', 'metadata "config" is missing or not JSON');
  }
  const config = {} as Record<K, number>;
  for (const key of keys) {
    const v = parsed?.[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new CheckpointError('metadata', `config.${key} is ${JSON.stringify(v)}, expected a positive integer`);
    config[key] = v;
  }
  return config;
}

/** Throw a 'config' error naming the first of `keys` where the stored and the expected config differ. */
export function checkConfigEqual<K extends string>(stored: Record<K, number>, expected: Record<K, number>, keys: readonly K[]): void {
  for (const key of keys) {
    if (stored[key] !== expected[key]) throw new CheckpointError('config', `stored ${key} = ${stored[key]} but the model has ${key} = ${expected[key]}`);
  }
}

/** Read and check the header: safetensors well-formedness, our format tag and the stored config. */
export async function readCheckpointInfo(src: ByteSource): Promise<CheckpointInfo> {
  const { metadata, entries } = await readCheckedHeader(src, CHECKPOINT_FORMAT);
  return { config: parseIntConfig(metadata, ENCODER_KEYS), metadata, entries };
}

/** Options of loadCheckpoint. */
export interface LoadOptions {
  /** Tensors in the file under these name prefixes are expected and skipped (e.g. 'mlm.' when loading a classifier). */
  ignorePrefixes?: readonly string[];
  /** Expected architecture; when given, the stored config must equal it field by field. */
  config?: EncoderConfig;
}

/**
 * Load a checkpoint into `targets`, all or nothing: every target must get a tensor, every tensor in
 * the file must be a target or carry an ignored prefix. Returns the file's metadata.
 */
export async function loadCheckpoint(src: ByteSource, targets: readonly NamedParam[], opts: LoadOptions = {}): Promise<Record<string, string>> {
  const info = await readCheckpointInfo(src);
  if (opts.config) checkConfigEqual(info.config, opts.config, ENCODER_KEYS);
  await assignChecked(src, info.entries, targets, opts.ignorePrefixes ?? []);
  return info.metadata;
}

/**
 * The all-or-nothing part of a load: names, dtypes, shapes, byte count and finiteness of every
 * target's tensor are checked before any variable is assigned.
 */
export async function assignChecked(src: ByteSource, entries: readonly SafetensorsEntry[], targets: readonly NamedParam[], ignorePrefixes: readonly string[]): Promise<void> {
  const ignored = (name: string) => ignorePrefixes.some((p) => name.startsWith(p));
  const byName = new Map(entries.map((e) => [e.name, e]));
  const wanted = new Set(targets.map((t) => t.name));
  for (const e of entries) {
    if (!wanted.has(e.name) && !ignored(e.name)) throw new CheckpointError('extra', `tensor "${e.name}" in the file is not a parameter of the model`);
  }
  let bytes = 0;
  for (const t of targets) {
    const e = byName.get(t.name);
    if (!e) throw new CheckpointError('missing', `parameter "${t.name}" ${JSON.stringify(t.variable.shape)} has no tensor in the file`);
    if (e.dtype !== 'F32') throw new CheckpointError('dtype', `tensor "${t.name}" is ${e.dtype}, expected F32`);
    const want = t.variable.shape;
    if (e.shape.length !== want.length || e.shape.some((d, i) => d !== want[i])) {
      throw new CheckpointError('shape', `tensor "${t.name}" has shape ${JSON.stringify(e.shape)}, the parameter ${JSON.stringify(want)}`);
    }
    bytes += e.end - e.begin;
  }
  // The per-tensor checks imply this; kept as the explicit guard against a partial load.
  const need = targets.reduce((a, t) => a + 4 * t.variable.size, 0);
  if (bytes !== need) throw new CheckpointError('size', `the loaded tensors hold ${bytes} bytes, the parameters need ${need}`);

  const values: Float32Array[] = [];
  for (const t of targets) {
    const e = byName.get(t.name)!;
    const data = decodeFloats('F32', await src.read(e.begin, e.end - e.begin), t.variable.size) as Float32Array;
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) throw new CheckpointError('nonfinite', `tensor "${t.name}" holds ${data[i]} at index ${i}`);
    }
    values.push(data);
  }
  // Everything checked: now assign, so a failure above never leaves a half-loaded model.
  targets.forEach((t, i) => tf.tidy(() => t.variable.assign(tf.tensor(values[i], t.variable.shape, 'float32'))));
}

/**
 * A classifier whose encoder comes from a pretraining checkpoint: the architecture is taken from the
 * file (`config` sets classes, dropout, pooling; an architecture field it sets must agree with the
 * file's, else a 'config' error), the classifier head is freshly
 * initialised from `seed` exactly as buildTransformer(config, seed) would, and the file's mlm.* tensors
 * are skipped. Throws CheckpointError (and frees the model) on any mismatch.
 */
export async function loadPretrainedClassifier(src: ByteSource, config: Partial<TransformerConfig>, seed: number): Promise<TransformerModel> {
  const info = await readCheckpointInfo(src);
  for (const key of ENCODER_KEYS) {
    const asked = config[key];
    if (asked !== undefined && asked !== info.config[key]) {
      throw new CheckpointError('config', `stored ${key} = ${info.config[key]} but ${key} = ${asked} was requested`);
    }
  }
  const model = buildTransformer({ ...config, ...info.config }, seed);
  try {
    const targets = encoderParams(model.params).map((p) => ({ name: p.spec.name, variable: p.variable }));
    await loadCheckpoint(src, targets, { ignorePrefixes: [MLM_PREFIX], config: encoderConfigOf(model.config) });
    return model;
  } catch (e) {
    model.dispose();
    throw e;
  }
}
