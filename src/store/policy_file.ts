/**
 * The single-file form of a policy (what `--save` writes and `eval` reads, and what a game ships):
 *   bytes 0-7   "PXPILOT\n"
 *   bytes 8-11  uint32 LE: header length H (<= 64 MiB)
 *   H bytes     UTF-8 JSON {modelTopology, format, generatedBy, weightSpecs}
 *   the rest    the weight data
 * Data only: nothing in it is evaluated, and sizes are checked before anything is allocated.
 */
import type { tf } from '../backend/tf';
import { StorageError } from '../util/errors';

const MAGIC = new TextEncoder().encode('PXPILOT\n');
const MAX_HEADER = 64 * 1024 * 1024;

/** Serialises an artefact into one file's bytes. */
export function encodePolicyFile(artifacts: tf.io.ModelArtifacts): Uint8Array {
  const { weightData, ...rest } = artifacts;
  if (weightData === undefined || Array.isArray(weightData)) throw new StorageError('encodePolicyFile: weight data must be one ArrayBuffer');
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
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, start + headerLength)));
  } catch (e) {
    throw new StorageError(`${where}: policy header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new StorageError(`${where}: policy header is not an object`);
  }
  // A copy: `bytes` may be a view into a larger buffer (Node's Buffer pool), so `.buffer` is not ours.
  const weightData = new Uint8Array(bytes.subarray(start + headerLength)).buffer;
  return { ...(header as tf.io.ModelArtifacts), weightData };
}
