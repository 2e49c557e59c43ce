/**
 * Reading the header of a NumPy .npy file (format versions 1.0, 2.0 and 3.0).
 *
 * Layout (numpy.lib.format docs): magic "\x93NUMPY", major and minor version bytes, then the
 * header length as little-endian u16 (v1) or u32 (v2, v3), then the header: a Python dict literal
 * {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } padded with spaces to a multiple of
 * 64 bytes and ended by '\n' (latin-1 in v1/v2, UTF-8 in v3). The data follows immediately.
 * Only little-endian float arrays in C order are read; everything else is a WeightsFormatError.
 */
import { DTYPE_BYTES } from './dtype';
import type { FloatDtype } from './dtype';
import { WeightsFormatError, quote } from './errors';
import { numel } from './layout';
import type { ByteSource } from './source';

/** numpy refuses longer headers by default (max_header_size=10000); we allow more but still bound it. */
export const NPY_MAX_HEADER = 1 << 20;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/** The descrs we read and the dtype each decodes as. */
const DESCRS: Readonly<Record<string, FloatDtype>> = { '<f2': 'F16', '<f4': 'F32', '<f8': 'F64' };

/** A validated .npy header. */
export interface NpyHeader {
  version: [number, number];
  descr: string;
  dtype: FloatDtype;
  shape: number[];
  /** Absolute offset of the first data byte. */
  dataOffset: number;
  /** Bytes of array data (= file size − dataOffset, checked). */
  dataBytes: number;
}

type PyValue = string | number | boolean | null | PyValue[] | { [k: string]: PyValue };

/**
 * Parse the small subset of Python literal syntax numpy writes in .npy headers: dicts, tuples,
 * lists, quoted strings, integers (with Python 2's optional 'L'), True, False and None.
 * Tuples and lists both become arrays.
 */
export function parsePyLiteral(text: string): PyValue {
  let i = 0;
  const fail = (what: string): never => {
    throw new WeightsFormatError(`.npy header is not a Python dict literal (${what} at character ${i})`);
  };
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  // depth bounds the recursion: a hostile header of a million '(' must not overflow the stack.
  const value = (depth: number): PyValue => {
    ws();
    const c = text[i];
    if (c === '{' || c === '(' || c === '[') {
      if (depth > 16) fail('nesting too deep');
      const close = c === '{' ? '}' : c === '(' ? ')' : ']';
      i++;
      const dict: Record<string, PyValue> = {};
      const items: PyValue[] = [];
      for (;;) {
        ws();
        if (text[i] === close) break;
        const v = value(depth + 1);
        if (c === '{') {
          ws();
          if (text[i] !== ':') fail("expected ':'");
          i++;
          if (typeof v !== 'string') fail('non-string key');
          dict[v as string] = value(depth + 1);
        } else items.push(v);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== close) fail(`expected ',' or '${close}'`);
      }
      i++;
      return c === '{' ? dict : items;
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) fail('unterminated string');
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    const m = /^(-?\d+)L?|^(True|False|None)\b/.exec(text.slice(i, i + 32));
    if (!m) return fail('unexpected token');
    i += m[0].length;
    if (m[1] !== undefined) return Number(m[1]);
    return m[2] === 'True' ? true : m[2] === 'False' ? false : null;
  };
  const v = value(0);
  ws();
  if (i !== text.length) fail('trailing characters');
  return v;
}

/** Decode header bytes: latin-1 (v1, v2; every byte is one code point) or UTF-8 (v3). */
function decodeHeaderText(bytes: Uint8Array, major: number): string {
  if (major >= 3) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new WeightsFormatError('.npy v3 header is not valid UTF-8');
    }
  }
  let s = '';
  for (let k = 0; k < bytes.length; k++) s += String.fromCharCode(bytes[k]);
  return s;
}

/** Explain why a descr is refused, with the fix where there is one. */
function unsupportedDescr(descr: PyValue): WeightsFormatError {
  let hint = 'save float32 or float64 weights';
  if (typeof descr !== 'string') hint = 'structured dtypes are not weights';
  else if (descr[0] === '>') hint = 'big-endian; convert with a.astype(a.dtype.newbyteorder("<"))';
  else if (descr === '|O') hint = 'object arrays need pickle, which is never loaded';
  else if (/^[<|=]?[iub]/.test(descr)) hint = 'integer/bool arrays are not weights; cast with a.astype("float32")';
  return new WeightsFormatError(`unsupported .npy dtype descr ${quote(descr)} (readable: '<f2', '<f4', '<f8'; ${hint})`);
}

/**
 * Read and validate a .npy header: magic, version, dict, dtype, C order, and that the data
 * section holds exactly shape × itemsize bytes. Throws WeightsFormatError on any problem.
 */
export async function readNpyHeader(src: ByteSource): Promise<NpyHeader> {
  if (src.size < 10) throw new WeightsFormatError(`file too short for a .npy header: ${src.size} bytes`);
  const pre = await src.read(0, Math.min(12, src.size));
  if (!MAGIC.every((b, k) => pre[k] === b)) {
    throw new WeightsFormatError('not a .npy file: bad magic bytes (expected \\x93NUMPY)');
  }
  const major = pre[6];
  const minor = pre[7];
  if (major < 1 || major > 3) throw new WeightsFormatError(`unsupported .npy format version ${major}.${minor}`);
  if (major >= 2 && src.size < 12) throw new WeightsFormatError(`file too short for a .npy v${major} header`);
  const dv = new DataView(pre.buffer, pre.byteOffset, pre.byteLength);
  const prefix = major === 1 ? 10 : 12;
  const len = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  if (len > NPY_MAX_HEADER) throw new WeightsFormatError(`.npy header length ${len} exceeds the ${NPY_MAX_HEADER}-byte limit`);
  if (prefix + len > src.size) {
    throw new WeightsFormatError(`.npy header length ${len} runs past the end of the file (${src.size} bytes)`);
  }
  const dict = parsePyLiteral(decodeHeaderText(await src.read(prefix, len), major));
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) {
    throw new WeightsFormatError('.npy header must be a dict');
  }
  const { descr, fortran_order: fortran, shape } = dict;
  if (descr === undefined || fortran === undefined || shape === undefined) {
    throw new WeightsFormatError(".npy header must have 'descr', 'fortran_order' and 'shape'");
  }
  const dtype = typeof descr === 'string' ? DESCRS[descr] : undefined;
  if (dtype === undefined) throw unsupportedDescr(descr);
  if (fortran !== false) {
    throw new WeightsFormatError(
      '.npy array is in Fortran (column-major) order, which is not supported; save np.ascontiguousarray(a) instead',
    );
  }
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    throw new WeightsFormatError(`.npy shape must be a tuple of non-negative integers, got ${quote(shape)}`);
  }
  const dims = shape as number[];
  const dataOffset = prefix + len;
  const dataBytes = numel(dims) * DTYPE_BYTES[dtype];
  const have = src.size - dataOffset;
  if (have < dataBytes) {
    throw new WeightsFormatError(
      `.npy data shorter than its shape: (${dims.join(', ')}) of ${descr} needs ${dataBytes} bytes, file has ${have} (truncated?)`,
    );
  }
  if (have > dataBytes) {
    throw new WeightsFormatError(`.npy file has ${have - dataBytes} bytes after the array data of shape (${dims.join(', ')})`);
  }
  return { version: [major, minor], descr: descr as string, dtype, shape: dims, dataOffset, dataBytes };
}
