/**
 * The framing every pixelpilot file shares (policy files, demonstration files):
 *   a signature (e.g. "PXPILOT\n"), a uint32 LE header length H, H bytes of UTF-8 JSON, the data.
 * Read as if an attacker wrote it: the length is checked against the file before anything is
 * decoded, the nesting depth is scanned before JSON.parse, only the header keys the format
 * names are allowed, and the header must be exactly JSON.stringify of its value (so a checksum
 * over the re-serialised header covers every byte of it). Errors are StorageErrors naming the
 * source and what is wrong.
 */
import { StorageError } from '../util/errors';

/** One file format's framing. */
export interface HeaderFormat {
  /** The signature the file starts with. */
  magic: Uint8Array;
  /** The format's name in messages: "policy", "demonstration". */
  noun: string;
  /** The keys a header may have (all others are refused). */
  keys: readonly string[];
  /** The largest header accepted, in bytes. */
  maxHeader: number;
  /** The deepest nesting of arrays and objects accepted in the header. */
  maxDepth: number;
}

/** The deepest nesting of brackets in JSON text, strings skipped (a cheap scan before JSON.parse). */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** The signature, the header's length, the header (JSON.stringify of `header`) and `data`, as one file. */
export function encodeFramed(format: HeaderFormat, header: object, data: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(header));
  if (text.length > format.maxHeader) throw new StorageError(`the ${format.noun} header is ${text.length} bytes, over the limit of ${format.maxHeader}`);
  const m = format.magic;
  const out = new Uint8Array(m.length + 4 + text.length + data.byteLength);
  out.set(m, 0);
  new DataView(out.buffer).setUint32(m.length, text.length, true);
  out.set(text, m.length + 4);
  out.set(data, m.length + 4 + text.length);
  return out;
}

/** A file's header object and where its data starts. Throws StorageError naming what is wrong. */
export function readFramed(format: HeaderFormat, bytes: Uint8Array, where: string): { header: Record<string, unknown>; dataStart: number } {
  const { magic, noun } = format;
  if (bytes.length < magic.length + 4 || magic.some((b, i) => bytes[i] !== b)) {
    throw new StorageError(`${where}: not a pixelpilot ${noun} file (bad signature)`);
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(magic.length, true);
  const start = magic.length + 4;
  if (headerLength > format.maxHeader || start + headerLength > bytes.length) {
    throw new StorageError(`${where}: truncated ${noun} file (header of ${headerLength} bytes, file of ${bytes.length})`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, start + headerLength));
  } catch (e) {
    throw new StorageError(`${where}: ${noun} header is not valid UTF-8 (${(e as Error).message})`);
  }
  if (nestingDepth(text, format.maxDepth) > format.maxDepth) {
    throw new StorageError(`${where}: ${noun} header nests deeper than ${format.maxDepth} levels`);
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new StorageError(`${where}: ${noun} header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new StorageError(`${where}: ${noun} header is not an object`);
  }
  const extra = Object.keys(header).filter((k) => !format.keys.includes(k));
  if (extra.length > 0) throw new StorageError(`${where}: ${noun} header has unknown keys: ${extra.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')}`);
  if (JSON.stringify(header) !== text) {
    throw new StorageError(`${where}: ${noun} header is not in the form pixelpilot writes (edited or re-encoded: spaces, escapes, number forms or key order changed)`);
  }
  return { header: header as Record<string, unknown>, dataStart: start + headerLength };
}
