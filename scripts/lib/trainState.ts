/**
 * A resumable training state in one .safetensors file: every parameter (`param.<name>`), the optimiser's
 * state tensors (`optim.<i>`, in `stateVariables()` order) and a JSON `progress` record in the metadata
 * (step, counters, curves). Written atomically (temp file + rename) so a run stopped mid-write keeps the
 * previous state. Used by the pretraining CLIs to checkpoint every few minutes and resume exactly.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type * as tf from '@tensorflow/tfjs';
import { readSafetensorsHeader } from '../../src/io/safetensors';
import { encodeSafetensors } from '../../src/io/safetensors-write';
import { fromBytes } from '../../src/io/source';
import type { OptimizerState, PerParamOptimizer } from '../../src/train/optim';

export interface SavedState<P> {
  progress: P;
  params: Map<string, Float32Array>;
  optimizer: OptimizerState;
}

/** Write params + optimiser state + progress to `file` (atomic). */
export async function saveTrainState<P>(file: string, params: readonly { name: string; variable: tf.Variable }[], opt: PerParamOptimizer, progress: P): Promise<number> {
  const state = await opt.readState();
  const values = await Promise.all(params.map(async (p) => (await p.variable.data()) as Float32Array));
  const tensors = [
    ...params.map((p, i) => ({ name: `param.${p.name}`, dtype: 'F32' as const, shape: p.variable.shape.slice(), data: values[i] })),
    ...state.values.map((v, i) => ({ name: `optim.${i}`, dtype: 'F32' as const, shape: [v.length], data: v })),
  ];
  const meta = { progress: JSON.stringify(progress), optimizer: JSON.stringify({ kind: state.kind, iterations: state.iterations, counters: state.counters }) };
  const bytes = encodeSafetensors(tensors, meta);
  writeFileSync(`${file}.tmp`, bytes);
  renameSync(`${file}.tmp`, file);
  return bytes.length;
}

/** Read a state written by saveTrainState; undefined when the file does not exist. */
export async function loadTrainState<P>(file: string): Promise<SavedState<P> | undefined> {
  if (!existsSync(file)) return undefined;
  const bytes = new Uint8Array(readFileSync(file));
  const header = await readSafetensorsHeader(fromBytes(bytes));
  const params = new Map<string, Float32Array>();
  const optim: Float32Array[] = [];
  for (const e of header.entries) {
    if (e.dtype !== 'F32') throw new Error(`${file}: tensor ${e.name} is ${e.dtype}, expected F32`);
    // Copy into an aligned buffer: the tensor's offset in the file need not be a multiple of 4.
    const data = new Float32Array(bytes.slice(e.begin, e.end).buffer);
    if (e.name.startsWith('param.')) params.set(e.name.slice('param.'.length), data);
    else if (e.name.startsWith('optim.')) optim[Number(e.name.slice('optim.'.length))] = data;
    else throw new Error(`${file}: unexpected tensor ${e.name}`);
  }
  const o = JSON.parse(header.metadata.optimizer ?? 'null') as Omit<OptimizerState, 'values'> | null;
  if (!o || header.metadata.progress === undefined) throw new Error(`${file}: not a training state (metadata missing)`);
  return { progress: JSON.parse(header.metadata.progress) as P, params, optimizer: { ...o, values: optim } };
}
