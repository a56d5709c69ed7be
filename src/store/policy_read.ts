/**
 * Reading a policy artefact back: everything is verified before any weight is used or any net is
 * built (see readPolicyArtifacts). Free of tfjs, so the main thread can check a policy without
 * loading tfjs (the worker and the bot load the weights into nets; see policy_artifact.ts).
 */
import type { io } from '@tensorflow/tfjs-core';
import { StorageError } from '../util/errors';
import { weightBuffer } from './artifact_bytes';
import { policyChecksum, sha256Hex } from './checksum';
import { checkManifest, HEADER_CHECKSUM_VERSION, POLICY_FORMAT, type PolicyManifest } from './policy_manifest';
import { checkPolicyPlan } from './policy_plan';

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A policy read back and verified: its manifest (version 2 shape) and its weights by name. */
export interface PolicyContents {
  manifest: PolicyManifest;
  weights: Map<string, Float32Array>;
}

const ARTIFACT_KEYS = ['modelTopology', 'format', 'generatedBy', 'weightSpecs', 'weightData'];

/** The artefact fields beside the manifest: derived from it, so checked against it. */
function checkArtifactFields(artifacts: io.ModelArtifacts, manifest: PolicyManifest, where: string): void {
  const fail = (what: string): never => {
    throw new StorageError(`${where}: not a valid pixelpilot policy: ${what}`);
  };
  const extra = Object.keys(artifacts).filter((k) => !ARTIFACT_KEYS.includes(k));
  if (extra.length > 0) fail(`unknown artefact fields ${extra.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')}`);
  if (artifacts.format !== undefined && artifacts.format !== POLICY_FORMAT) fail(`the artefact's format is ${JSON.stringify(artifacts.format)}, expected "${POLICY_FORMAT}"`);
  if (manifest.formatVersion >= HEADER_CHECKSUM_VERSION && artifacts.generatedBy !== 'pixelpilot') fail(`generatedBy is ${JSON.stringify(artifacts.generatedBy)}, expected "pixelpilot"`);
  if (artifacts.weightSpecs !== undefined) {
    const derived = manifest.weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' }));
    if (JSON.stringify(artifacts.weightSpecs) !== JSON.stringify(derived)) fail('weightSpecs do not match the manifest\'s weights');
  }
}

/** StorageError naming the first weight with a NaN or infinite value. */
function checkFinite(manifest: PolicyManifest, weights: ReadonlyMap<string, Float32Array>, where: string): void {
  for (const w of manifest.weights) {
    const data = weights.get(w.name)!;
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i]!)) {
        throw new StorageError(`${where}: weight '${w.name}' holds ${data[i]} at index ${i}: a policy's weights must be finite numbers`);
      }
    }
  }
}

/** Options of readPolicyArtifacts. */
export interface ReadPolicyOptions {
  /** The parameter cap of the policy's nets (see checkPolicyPlan). Default DEFAULT_MAX_PARAMS (50,000,000). */
  maxParams?: number;
}

/**
 * Verifies an artefact and splits its weights. In order, before anything is built or allocated
 * beyond the weights' own bytes: the manifest's structure and format version, the artefact's
 * derived fields, the byte count, the checksum (version 3: of the manifest and the weights), that
 * every weight is finite, and that the weight entries are exactly the ones the manifest's own
 * spec plans, within the parameter cap (checkPolicyPlan). Throws StorageError naming what is
 * wrong (SpecError when the nets exceed the cap); `where` names the source.
 */
export async function readPolicyArtifacts(artifacts: io.ModelArtifacts, where: string, options: ReadPolicyOptions = {}): Promise<PolicyContents> {
  const manifest = checkManifest(artifacts.modelTopology, where);
  checkArtifactFields(artifacts, manifest, where);
  const raw = artifacts.weightData;
  if (raw === undefined) throw new StorageError(`${where}: the policy has no weight data`);
  const data = weightBuffer(raw);
  const expected = manifest.weights.reduce((n, w) => n + 4 * sizeOf(w.shape), 0);
  if (data.byteLength !== expected) {
    throw new StorageError(`${where}: weight data is ${data.byteLength} bytes, the manifest lists ${expected} (truncated or padded)`);
  }
  if (manifest.formatVersion >= HEADER_CHECKSUM_VERSION) {
    // The manifest as stored (not the upgraded copy checkManifest returns).
    let digest: string;
    try {
      digest = await policyChecksum(artifacts.modelTopology as object, data);
    } catch (e) {
      // JSON.stringify of a manifest nested too deep (a structured-clone bomb) throws RangeError.
      throw new StorageError(`${where}: the manifest cannot be serialised for its checksum (${(e as Error).message})`);
    }
    if (digest !== manifest.checksum) {
      throw new StorageError(`${where}: checksum mismatch: the policy's header or weights were altered or corrupted`);
    }
  } else if ((await sha256Hex(data)) !== manifest.checksum) {
    throw new StorageError(`${where}: weight checksum mismatch: the weights were altered or corrupted`);
  }
  const weights = new Map<string, Float32Array>();
  let offset = 0;
  for (const w of manifest.weights) {
    const size = sizeOf(w.shape);
    weights.set(w.name, new Float32Array(data.slice(offset, offset + 4 * size)));
    offset += 4 * size;
  }
  checkFinite(manifest, weights, where);
  const contents = { manifest, weights };
  checkPolicyPlan(contents, where, options);
  return contents;
}
