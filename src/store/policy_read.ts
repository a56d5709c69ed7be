/**
 * Reading a policy artefact back: format, version, weight list, byte count and checksum are
 * verified before any weight is used. Free of tfjs, so the main thread can check a policy without
 * loading it (the worker and the bot load the weights into nets; see policy_artifact.ts).
 */
import type { io } from '@tensorflow/tfjs-core';
import { StorageError } from '../util/errors';
import { weightBuffer } from './artifact_bytes';
import { sha256Hex } from './checksum';
import { checkManifest, type PolicyManifest } from './policy_manifest';

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A policy read back and verified: its manifest (version 2 shape) and its weights by name. */
export interface PolicyContents {
  manifest: PolicyManifest;
  weights: Map<string, Float32Array>;
}

/**
 * Verifies an artefact (format, version, weight list, byte count, checksum) and splits its weights.
 * Throws StorageError naming what is wrong; `where` names the source.
 */
export async function readPolicyArtifacts(artifacts: io.ModelArtifacts, where: string): Promise<PolicyContents> {
  const manifest = checkManifest(artifacts.modelTopology, where);
  const raw = artifacts.weightData;
  if (raw === undefined) throw new StorageError(`${where}: the policy has no weight data`);
  const data = weightBuffer(raw);
  const expected = manifest.weights.reduce((n, w) => n + 4 * sizeOf(w.shape), 0);
  if (data.byteLength !== expected) {
    throw new StorageError(`${where}: weight data is ${data.byteLength} bytes, the manifest lists ${expected} (truncated or padded)`);
  }
  if ((await sha256Hex(data)) !== manifest.checksum) {
    throw new StorageError(`${where}: weight checksum mismatch: the weights were altered or corrupted`);
  }
  const weights = new Map<string, Float32Array>();
  let offset = 0;
  for (const w of manifest.weights) {
    const size = sizeOf(w.shape);
    weights.set(w.name, new Float32Array(data.slice(offset, offset + 4 * size)));
    offset += 4 * size;
  }
  return { manifest, weights };
}
