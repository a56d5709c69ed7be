/**
 * The safetensors format (what `safetensors.torch.save_file` writes), read as data only:
 *   bytes 0-7   uint64 LE: header length N (at most MAX_SAFETENSORS_HEADER)
 *   N bytes     UTF-8 JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {str: str}}
 *   the rest    the tensors' bytes, little-endian, row-major; offsets count from here
 * Every dtype, shape and offset is checked before anything is allocated, and, as the reference
 * reader requires, the tensors must tile the data exactly (no gaps, overlaps or trailing bytes).
 * Values are returned as float32: F64, F16, BF16 and the integer and bool dtypes are converted
 * (F64 and 64-bit integers round to the nearest float32). The F8 dtypes are not supported.
 */
import { StorageError } from '../util/errors';

/** Largest header accepted (the reference implementation's limit is 100 MB as well). */
export const MAX_SAFETENSORS_HEADER = 100 * 1024 * 1024;

/** One tensor as stored: its dtype code, PyTorch shape, and its values as float32. */
export interface SafetensorsTensor {
  /** The stored dtype ('F32', 'F16', 'BF16', 'F64', 'I64', ...), before the conversion. */
  dtype: string;
  /** Row-major shape ([] for a scalar). */
  shape: number[];
  /** The values, converted to float32. */
  data: Float32Array;
}

/** A checked header entry: where a tensor's bytes lie, relative to the start of the data. */
export interface SafetensorsEntry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

/** A checked header: the entries in file order, and the free-form string metadata. */
export interface SafetensorsHeader {
  entries: SafetensorsEntry[];
  metadata: Record<string, string>;
  /** Byte offset of the data section in the file. */
  dataStart: number;
}

type Reader = (view: DataView, byteOffset: number) => number;

/** Byte size and a little-endian reader per supported dtype. */
const DTYPES: Readonly<Record<string, { bytes: number; read: Reader }>> = {
  F32: { bytes: 4, read: (v, o) => v.getFloat32(o, true) },
  F64: { bytes: 8, read: (v, o) => v.getFloat64(o, true) },
  F16: { bytes: 2, read: (v, o) => halfToFloat(v.getUint16(o, true)) },
  // bfloat16 is the top half of a float32.
  BF16: { bytes: 2, read: (v, o) => bf16View(v.getUint16(o, true)) },
  I64: { bytes: 8, read: (v, o) => Number(v.getBigInt64(o, true)) },
  I32: { bytes: 4, read: (v, o) => v.getInt32(o, true) },
  I16: { bytes: 2, read: (v, o) => v.getInt16(o, true) },
  I8: { bytes: 1, read: (v, o) => v.getInt8(o) },
  U64: { bytes: 8, read: (v, o) => Number(v.getBigUint64(o, true)) },
  U32: { bytes: 4, read: (v, o) => v.getUint32(o, true) },
  U16: { bytes: 2, read: (v, o) => v.getUint16(o, true) },
  U8: { bytes: 1, read: (v, o) => v.getUint8(o) },
  BOOL: { bytes: 1, read: (v, o) => (v.getUint8(o) !== 0 ? 1 : 0) },
};

const bf16Scratch = new DataView(new ArrayBuffer(4));
function bf16View(bits: number): number {
  bf16Scratch.setUint32(0, bits << 16);
  return bf16Scratch.getFloat32(0);
}

/** IEEE 754 half precision bits to a number (subnormals, infinities and NaN included). */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Checks one header entry; returns it, or throws StorageError naming the tensor. */
function checkEntry(name: string, raw: unknown, dataLength: number, where: string): SafetensorsEntry {
  const bad = (problem: string): StorageError => new StorageError(`${where}: tensor '${name}': ${problem}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('header entry is not an object');
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== 'string') throw bad('has no dtype');
  const info = DTYPES[dtype];
  if (!info) throw bad(`unsupported dtype '${dtype}' (supported: ${Object.keys(DTYPES).join(', ')})`);
  if (!Array.isArray(shape) || !shape.every(isCount)) throw bad(`shape must be a list of non-negative integers (got ${JSON.stringify(shape)})`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw bad(`data_offsets must be [begin, end] non-negative integers (got ${JSON.stringify(offsets)})`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) throw bad(`data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataLength) throw bad(`data_offsets [${begin}, ${end}] run past the end of the data (${dataLength} bytes): truncated file?`);
  // The byte span is within the file, so a shape claiming more is caught without overflow.
  let bytes = info.bytes;
  for (const d of shape as number[]) bytes *= d;
  if (bytes !== end - begin) throw bad(`shape [${shape}] of ${dtype} needs ${bytes} bytes but data_offsets span ${end - begin}`);
  return { name, dtype, shape: [...(shape as number[])], begin, end };
}

/** Parses and checks the header of a safetensors file. Throws StorageError naming what is wrong. */
export function readSafetensorsHeader(bytes: Uint8Array, where: string): SafetensorsHeader {
  if (bytes.length < 8) throw new StorageError(`${where}: not a safetensors file (${bytes.length} bytes, shorter than the 8-byte header length)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(MAX_SAFETENSORS_HEADER)) {
    throw new StorageError(`${where}: safetensors header of ${declared} bytes exceeds the ${MAX_SAFETENSORS_HEADER}-byte limit`);
  }
  const headerLength = Number(declared);
  const dataStart = 8 + headerLength;
  if (dataStart > bytes.length) {
    throw new StorageError(`${where}: truncated safetensors file (header of ${headerLength} bytes, file of ${bytes.length})`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (e) {
    throw new StorageError(`${where}: safetensors header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new StorageError(`${where}: safetensors header is not a JSON object`);
  }
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !Object.values(raw).every((v) => typeof v === 'string')) {
        throw new StorageError(`${where}: safetensors __metadata__ must map strings to strings`);
      }
      Object.assign(metadata, raw);
      continue;
    }
    entries.push(checkEntry(name, raw, dataLength, where));
  }
  // The tensors must tile the data: sorted by offset, each begins where the previous ended.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const e of sorted) {
    if (e.begin !== cursor) {
      const problem = e.begin < cursor ? 'overlaps the tensor before it' : `leaves a gap (bytes ${cursor}-${e.begin} belong to no tensor)`;
      throw new StorageError(`${where}: tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] ${problem}`);
    }
    cursor = e.end;
  }
  if (cursor !== dataLength) {
    throw new StorageError(`${where}: safetensors data is ${dataLength} bytes but its tensors cover ${cursor} (padded or corrupted file)`);
  }
  return { entries, metadata, dataStart };
}

/**
 * Reads a safetensors file's tensors by name (file order), every value as float32.
 * `where` names the source in errors. Throws StorageError for anything malformed.
 */
export function readSafetensors(bytes: Uint8Array, where: string): Map<string, SafetensorsTensor> {
  const header = readSafetensorsHeader(bytes, where);
  const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataStart, bytes.byteLength - header.dataStart);
  const out = new Map<string, SafetensorsTensor>();
  for (const e of header.entries) {
    const { bytes: size, read } = DTYPES[e.dtype]!;
    const data = new Float32Array((e.end - e.begin) / size);
    for (let i = 0, o = e.begin; i < data.length; i++, o += size) data[i] = read(view, o);
    out.set(e.name, { dtype: e.dtype, shape: e.shape, data });
  }
  return out;
}

/**
 * Writes tensors as a safetensors file (for PyTorch's `safetensors.torch.load_file`), in the map's
 * order, the header padded with spaces to a multiple of 8 bytes. A tensor whose `dtype` is 'I64'
 * (integer values only, e.g. BatchNorm's num_batches_tracked) is written as I64; every other one
 * as F32 (its values are float32, whatever dtype they were read from).
 */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array; dtype?: string }>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, t] of tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (name === '__metadata__') throw new StorageError(`encodeSafetensors: '__metadata__' is reserved and cannot name a tensor`);
    if (size !== t.data.length) throw new StorageError(`encodeSafetensors: tensor '${name}' has ${t.data.length} values for shape [${t.shape}]`);
    const dtype = t.dtype === 'I64' ? 'I64' : 'F32';
    if (dtype === 'I64' && !t.data.every((v) => Number.isInteger(v))) throw new StorageError(`encodeSafetensors: I64 tensor '${name}' holds a non-integer value`);
    const bytes = (dtype === 'I64' ? 8 : 4) * size;
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  if (Object.keys(metadata).length > 0) header['__metadata__'] = metadata;
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (new TextEncoder().encode(text).length % 8)) % 8);
  const head = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + head.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let o = 8 + head.length;
  for (const t of tensors.values()) {
    const i64 = t.dtype === 'I64';
    for (const v of t.data) {
      if (i64) view.setBigInt64(o, BigInt(v), true);
      else view.setFloat32(o, v, true);
      o += i64 ? 8 : 4;
    }
  }
  return out;
}
