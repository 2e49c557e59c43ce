/**
 * The entry points for reading weight files: `inspectWeights` lists the tensors (names, dtypes,
 * shapes, which are layers) from the header alone; `readWeights` streams the layers one at a
 * time, reading only each tensor's own byte range, so memory stays at about one tensor however
 * large the file. Both run unchanged in Node (CLI) and in a browser worker (ByteSource).
 */
import { decodeFloats, isFloatDtype } from './dtype';
import type { FloatDtype } from './dtype';
import { WeightsFormatError, quote } from './errors';
import { numel, permuteOutInKToKInOut, planLayer } from './layout';
import type { KernelLayout } from './layout';
import { readNpyHeader } from './npy';
import { readSafetensorsHeader } from './safetensors';
import type { ByteSource } from './source';
import type { NamedTensor } from '../math/types';

/** File formats recognised by extension. */
export type WeightsFormat = 'npy' | 'safetensors';

/** One tensor of a file as its header describes it, with the verdict of the shape rule. */
export interface TensorInfo {
  name: string;
  /** 'F32', 'F16', 'BF16', 'F64', or a non-float safetensors dtype such as 'I64'. */
  dtype: string;
  /** Shape as stored in the file. */
  shape: number[];
  /** Absolute byte range of the data in the file. */
  byteOffset: number;
  byteLength: number;
  /** True if the tensor is analysed as a layer. */
  layer: boolean;
  /** For layers: shape handed to the numerics, 2-D or [k, c_in, c_out]. */
  analysisShape?: number[];
  /** For layers: whether the data is permuted from [c_out, c_in, k] (PyTorch conv). */
  permuted?: boolean;
  /** For skipped tensors: why ('1-D', 'scalar', 'empty', 'dtype I64'). */
  skipReason?: string;
}

/** Everything known about a file without reading its tensor data. */
export interface WeightsInfo {
  format: WeightsFormat;
  /** safetensors "__metadata__" (empty for .npy). */
  metadata: Record<string, string>;
  /** Convention applied to ≥ 3-D kernels. */
  layout: KernelLayout;
  /** All tensors in file order, layers and skipped ones. */
  tensors: TensorInfo[];
}

/** A layer ready for src/math, plus where it came from. `shape`/`data` are in analysis layout. */
export interface WeightTensor extends NamedTensor {
  /** Shape as stored in the file (differs from `shape` for conv kernels). */
  fileShape: number[];
  /** Element type in the file (data is widened to float32 for F16/BF16). */
  dtype: FloatDtype;
}

/**
 * Largest tensor read into memory (4 GiB, about the longest typed array V8 allocates). A bigger
 * one (a 1 M × 1 M matrix) gets a clear error instead of an allocation failure.
 */
export const MAX_TENSOR_BYTES = 2 ** 32 - 1;

/** Pick the format from the file name's extension (case-insensitive). */
export function detectFormat(fileName: string): WeightsFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.npy')) return 'npy';
  if (lower.endsWith('.safetensors')) return 'safetensors';
  throw new WeightsFormatError(`unknown file extension of ${quote(baseName(fileName))}: expected .npy or .safetensors`);
}

/** File name without directories ('/' or '\\') and without the extension: the layer name of a .npy file. */
function baseName(fileName: string, stripExt = false): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return stripExt ? base.replace(/\.[^.]*$/, '') : base;
}

/**
 * The kernel layout a safetensors file declares in "__metadata__".layout. Without one: 'tfjs' for the
 * lab's own checkpoints (format "model-balancing-lab/…", written from tfjs variables, kernels
 * [k, c_in, c_out]), else 'pytorch' (the common case for files from elsewhere).
 */
function layoutFromMetadata(metadata: Record<string, string>): KernelLayout {
  const layout = metadata.layout;
  if (layout === undefined) return metadata.format?.startsWith('model-balancing-lab/') ? 'tfjs' : 'pytorch';
  if (layout === 'pytorch') return 'pytorch';
  if (layout === 'tfjs') return 'tfjs';
  throw new WeightsFormatError(`unknown "__metadata__".layout ${quote(layout)}: expected "tfjs" or "pytorch"`);
}

/** Attach the shape rule's verdict to a tensor's header facts. */
function describe(
  name: string,
  dtype: string,
  shape: number[],
  byteOffset: number,
  byteLength: number,
  layout: KernelLayout,
): TensorInfo {
  const base = { name, dtype, shape, byteOffset, byteLength };
  if (!isFloatDtype(dtype)) return { ...base, layer: false, skipReason: `dtype ${dtype}` };
  const plan = planLayer(shape, layout);
  if (!plan.layer) return { ...base, layer: false, skipReason: plan.skipReason };
  return { ...base, layer: true, analysisShape: plan.analysisShape, permuted: plan.permute };
}

/**
 * List a file's tensors from its header alone (a few small reads). Throws WeightsFormatError for
 * an unknown extension or any header problem, before any tensor data is read.
 */
export async function inspectWeights(fileName: string, src: ByteSource): Promise<WeightsInfo> {
  const format = detectFormat(fileName);
  if (format === 'npy') {
    const h = await readNpyHeader(src);
    if (h.shape.length < 2) {
      throw new WeightsFormatError(
        `.npy array of shape (${h.shape.join(', ')}) is not a layer: expected 2-D [d_in, d_out] or 3-D [k, c_in, c_out]`,
      );
    }
    // .npy kernels are documented as tfjs layout [k, c_in, c_out] (what a tfjs model exports).
    const info = describe(baseName(fileName, true), h.dtype, h.shape, h.dataOffset, h.dataBytes, 'tfjs');
    return { format, metadata: {}, layout: 'tfjs', tensors: [info] };
  }
  const h = await readSafetensorsHeader(src);
  const layout = layoutFromMetadata(h.metadata);
  const tensors = h.entries.map((e) => describe(e.name, e.dtype, e.shape, e.begin, e.end - e.begin, layout));
  return { format, metadata: h.metadata, layout, tensors };
}

/**
 * Read one layer's data and bring it into analysis layout. Exported for callers that want a
 * single tensor (e.g. the UI re-reading a layer the user clicked).
 */
export async function readLayer(info: TensorInfo, src: ByteSource): Promise<WeightTensor> {
  if (!info.layer || info.analysisShape === undefined || !isFloatDtype(info.dtype)) {
    throw new WeightsFormatError(`tensor ${quote(info.name)} is not a layer (${info.skipReason ?? 'unknown'})`);
  }
  if (info.byteLength > MAX_TENSOR_BYTES) {
    throw new WeightsFormatError(
      `tensor ${quote(info.name)} holds ${info.byteLength} bytes, more than the ${MAX_TENSOR_BYTES}-byte limit for one tensor in memory`,
    );
  }
  const bytes = await src.read(info.byteOffset, info.byteLength);
  let data = decodeFloats(info.dtype, bytes, numel(info.shape));
  const shape = info.analysisShape;
  if (info.permuted) {
    // [c_out, c_in, ...spatial] → [K, c_in, c_out]; analysisShape is [K, c_in, c_out].
    data = permuteOutInKToKInOut(data, shape[2], shape[1], shape[0]);
  }
  return { name: info.name, shape: shape.slice(), data, fileShape: info.shape.slice(), dtype: info.dtype };
}

/**
 * Stream the layers of a weight file in file order, one tensor in memory at a time (the caller
 * should drop each tensor before asking for the next). Header errors are thrown by the first
 * `next()`, before any data is read. Pass `info` from an earlier inspectWeights to skip re-reading
 * the header.
 */
export async function* readWeights(
  fileName: string,
  src: ByteSource,
  info?: WeightsInfo,
): AsyncGenerator<WeightTensor> {
  const meta = info ?? (await inspectWeights(fileName, src));
  for (const t of meta.tensors) {
    if (t.layer) yield await readLayer(t, src);
  }
}
