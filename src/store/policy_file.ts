/**
 * The single-file form of a policy (what `--save` writes and `eval` reads, and what a game ships):
 *   bytes 0-7   "PXPILOT\n"
 *   bytes 8-11  uint32 LE: header length H (<= 64 MiB)
 *   H bytes     UTF-8 JSON {modelTopology, format, generatedBy, weightSpecs}
 *   the rest    the weight data
 * Data only: nothing in it is evaluated, and sizes are checked before anything is allocated.
 * The header must be exactly what `encodePolicyFile` writes (JSON.stringify of its value, nested
 * at most MAX_HEADER_DEPTH deep, with only those four keys): together with a version-3 checksum
 * over the manifest and the weights, every byte of the file is covered.
 */
import type { tf } from '../backend/tf';
import { StorageError } from '../util/errors';

const MAGIC = new TextEncoder().encode('PXPILOT\n');
const MAX_HEADER = 64 * 1024 * 1024;
/** Deepest nesting of arrays and objects in a header (a saved spec needs about 10). */
export const MAX_HEADER_DEPTH = 64;
const HEADER_KEYS = ['modelTopology', 'format', 'generatedBy', 'weightSpecs'];

/** The deepest nesting of brackets in JSON text, strings skipped (a cheap scan before JSON.parse). */
function nestingDepth(text: string, limit: number): number {
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

/** Serialises an artefact into one file's bytes. */
export function encodePolicyFile(artifacts: tf.io.ModelArtifacts): Uint8Array {
  const { weightData, ...rest } = artifacts;
  if (weightData === undefined || Array.isArray(weightData)) throw new StorageError('encodePolicyFile: weight data must be one ArrayBuffer');
  const extra = Object.keys(rest).filter((k) => !HEADER_KEYS.includes(k));
  if (extra.length > 0) throw new StorageError(`encodePolicyFile: unknown artefact fields ${extra.join(', ')}`);
  const header = new TextEncoder().encode(JSON.stringify(rest));
  const out = new Uint8Array(MAGIC.length + 4 + header.length + weightData.byteLength);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(MAGIC.length, header.length, true);
  out.set(header, MAGIC.length + 4);
  out.set(new Uint8Array(weightData), MAGIC.length + 4 + header.length);
  return out;
}

/** Parses a policy file's bytes into an artefact. Throws StorageError naming what is wrong. */
export function decodePolicyFile(bytes: Uint8Array, where: string): tf.io.ModelArtifacts {
  if (bytes.length < MAGIC.length + 4 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new StorageError(`${where}: not a pixelpilot policy file (bad signature)`);
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length, true);
  const start = MAGIC.length + 4;
  if (headerLength > MAX_HEADER || start + headerLength > bytes.length) {
    throw new StorageError(`${where}: truncated policy file (header of ${headerLength} bytes, file of ${bytes.length})`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, start + headerLength));
  } catch (e) {
    throw new StorageError(`${where}: policy header is not valid UTF-8 (${(e as Error).message})`);
  }
  if (nestingDepth(text, MAX_HEADER_DEPTH) > MAX_HEADER_DEPTH) {
    throw new StorageError(`${where}: policy header nests deeper than ${MAX_HEADER_DEPTH} levels`);
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new StorageError(`${where}: policy header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new StorageError(`${where}: policy header is not an object`);
  }
  const extra = Object.keys(header).filter((k) => !HEADER_KEYS.includes(k));
  if (extra.length > 0) throw new StorageError(`${where}: policy header has unknown keys: ${extra.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')}`);
  if (JSON.stringify(header) !== text) {
    throw new StorageError(`${where}: policy header is not in the form pixelpilot writes (edited or re-encoded: spaces, escapes, number forms or key order changed)`);
  }
  // A copy: `bytes` may be a view into a larger buffer (Node's Buffer pool), so `.buffer` is not ours.
  const weightData = new Uint8Array(bytes.subarray(start + headerLength)).buffer;
  return { ...(header as tf.io.ModelArtifacts), weightData };
}
