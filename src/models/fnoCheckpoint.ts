/**
 * Checkpoints of the 1-D FNO as .safetensors files: the same container, strictness and error codes as
 * the transformer's (checkpoint.ts), with their own format tag and the FNO config stored in the
 * metadata. Every parameter is saved and loaded (fine-tuning an operator starts from all of its
 * weights, head included — the pretraining and the fine-tuning task predict the same quantity).
 *
 * The config must match field by field: nx and modes fix the DFT matrices, inFrames the lift, so
 * a checkpoint of another grid or history length cannot be loaded even where shapes would agree.
 */
import { encodeSafetensors } from '../io/safetensors-write';
import type { ByteSource } from '../io/source';
import { assignChecked, checkConfigEqual, CHECKPOINT_VERSION, parseIntConfig, readCheckedHeader } from './checkpoint';
import type { FnoConfig, FnoModel } from './fno';

/** Value of metadata "format" of FNO checkpoints. */
export const FNO_CHECKPOINT_FORMAT = 'model-balancing-lab/fno';
const FNO_KEYS = ['nx', 'inFrames', 'outFrames', 'modes', 'width', 'layers', 'projHidden'] as const satisfies readonly (keyof FnoConfig)[];

/** Serialise every parameter of `model` (float32) with its config and free-form `extra` metadata. */
export async function saveFnoCheckpoint(model: FnoModel, extra: Record<string, string> = {}): Promise<Uint8Array> {
  const params = model.params;
  const data = await Promise.all(params.map((p) => p.variable.data()));
  const tensors = params.map((p, i) => ({ name: p.spec.name, dtype: 'F32' as const, shape: p.variable.shape.slice(), data: data[i] as Float32Array }));
  const config = Object.fromEntries(FNO_KEYS.map((k) => [k, model.config[k]]));
  return encodeSafetensors(tensors, { ...extra, format: FNO_CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, config: JSON.stringify(config) });
}

/**
 * Load all of `model`'s parameters from an FNO checkpoint, all or nothing (CheckpointError on any
 * mismatch: format, config, names, dtypes, shapes, size, non-finite values). Returns the metadata.
 */
export async function loadFnoCheckpoint(src: ByteSource, model: FnoModel): Promise<Record<string, string>> {
  const { metadata, entries } = await readCheckedHeader(src, FNO_CHECKPOINT_FORMAT);
  checkConfigEqual(parseIntConfig(metadata, FNO_KEYS), model.config, FNO_KEYS);
  await assignChecked(src, entries, model.params.map((p) => ({ name: p.spec.name, variable: p.variable })), []);
  return metadata;
}
