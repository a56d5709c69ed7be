/**
 * The single-file form of a policy (what `--save` writes and `eval` reads, and what a game ships):
 *   bytes 0-7   "PXPILOT\n"
 *   bytes 8-11  uint32 LE: header length H (<= 64 MiB)
 *   H bytes     UTF-8 JSON {modelTopology, format, generatedBy, weightSpecs}
 *   the rest    the weight data
 * Data only: nothing in it is evaluated, and sizes are checked before anything is allocated.
 * The framing and its checks are bounded_header.ts's: the header must be exactly what
 * `encodePolicyFile` writes (JSON.stringify of its value, nested at most MAX_HEADER_DEPTH deep,
 * with only those four keys): together with a version-3 checksum
 * over the manifest and the weights, every byte of the file is covered.
 */
import type { tf } from '../backend/tf';
import { StorageError } from '../util/errors';
import { encodeFramed, readFramed, type HeaderFormat } from './bounded_header';

/** Deepest nesting of arrays and objects in a header (a saved spec needs about 10). */
export const MAX_HEADER_DEPTH = 64;

const FORMAT: HeaderFormat = {
  magic: new TextEncoder().encode('PXPILOT\n'),
  noun: 'policy',
  keys: ['modelTopology', 'format', 'generatedBy', 'weightSpecs'],
  maxHeader: 64 * 1024 * 1024,
  maxDepth: MAX_HEADER_DEPTH,
};

/** Serialises an artefact into one file's bytes. */
export function encodePolicyFile(artifacts: tf.io.ModelArtifacts): Uint8Array {
  const { weightData, ...rest } = artifacts;
  if (weightData === undefined || Array.isArray(weightData)) throw new StorageError('encodePolicyFile: weight data must be one ArrayBuffer');
  const extra = Object.keys(rest).filter((k) => !FORMAT.keys.includes(k));
  if (extra.length > 0) throw new StorageError(`encodePolicyFile: unknown artefact fields ${extra.join(', ')}`);
  return encodeFramed(FORMAT, rest, new Uint8Array(weightData));
}

/** Parses a policy file's bytes into an artefact. Throws StorageError naming what is wrong. */
export function decodePolicyFile(bytes: Uint8Array, where: string): tf.io.ModelArtifacts {
  const { header, dataStart } = readFramed(FORMAT, bytes, where);
  // A copy: `bytes` may be a view into a larger buffer (Node's Buffer pool), so `.buffer` is not ours.
  const weightData = new Uint8Array(bytes.subarray(dataStart)).buffer;
  return { ...(header as tf.io.ModelArtifacts), weightData };
}
