/**
 * Policies as tfjs ModelArtifacts: the manifest rides in `modelTopology`, the weights are encoded
 * with tfjs's own `encodeWeights`, so every tfjs io handler (IndexedDB, browser files, http) can
 * carry a policy unchanged. Reading checks format, sizes and checksum before any weight is used.
 */
import { tf } from '../backend/tf';
import type { ActionSpace } from '../env/env';
import type { Net } from '../net/net';
import type { ResolvedSpec } from '../spec/types';
import { ShapeError, StorageError } from '../util/errors';
import { sha256Hex } from './checksum';
import { checkManifest, POLICY_FORMAT, POLICY_FORMAT_VERSION, type PolicyManifest, type PolicyWeightEntry } from './policy_manifest';

/** What a policy is made from. */
export interface PolicySource {
  spec: ResolvedSpec;
  observation: PolicyManifest['observation'];
  actionSpace: ActionSpace;
  frames: number;
  /** The agent's nets by name ('net', 'critic_net', ...), saved in this order. */
  nets: ReadonlyMap<string, Net>;
}

function namedWeights(nets: ReadonlyMap<string, Net>): { name: string; variable: tf.Variable; kind: PolicyWeightEntry['kind'] }[] {
  const out: { name: string; variable: tf.Variable; kind: PolicyWeightEntry['kind'] }[] = [];
  for (const [netName, net] of nets) {
    for (const p of net.parameters) out.push({ name: `${netName}/${p.name}`, variable: p.variable, kind: 'parameter' });
    for (const b of net.buffers) out.push({ name: `${netName}/${b.name}`, variable: b.variable, kind: 'buffer' });
  }
  return out;
}

/** Builds the artefact of a policy (reads the weights asynchronously; no tensor is kept). */
export async function policyArtifacts(src: PolicySource): Promise<tf.io.ModelArtifacts> {
  const weights = namedWeights(src.nets);
  const { data, specs } = await tf.io.encodeWeights(weights.map((w) => ({ name: w.name, tensor: w.variable })));
  const manifest: PolicyManifest = {
    format: POLICY_FORMAT,
    formatVersion: POLICY_FORMAT_VERSION,
    spec: src.spec,
    observation: src.observation,
    actionSpace: src.actionSpace,
    weights: weights.map((w) => ({ name: w.name, shape: [...w.variable.shape], dtype: 'float32', kind: w.kind })),
    checksum: await sha256Hex(data),
    createdAt: new Date().toISOString(),
    frames: src.frames,
  };
  return { modelTopology: manifest as unknown as object, format: POLICY_FORMAT, generatedBy: 'pixelpilot', weightSpecs: specs, weightData: data };
}

/** A policy read back and verified: its manifest and its weights by name (plain arrays). */
export interface PolicyContents {
  manifest: PolicyManifest;
  weights: Map<string, Float32Array>;
}

/**
 * Verifies an artefact (format, version, weight list, byte count, checksum) and splits its weights.
 * Throws StorageError naming what is wrong; `where` names the source.
 */
export async function readPolicyArtifacts(artifacts: tf.io.ModelArtifacts, where: string): Promise<PolicyContents> {
  const manifest = checkManifest(artifacts.modelTopology, where);
  const raw = artifacts.weightData;
  if (raw === undefined) throw new StorageError(`${where}: the policy has no weight data`);
  const data = Array.isArray(raw) ? tf.io.concatenateArrayBuffers(raw) : raw;
  const expected = manifest.weights.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  if (data.byteLength !== expected) {
    throw new StorageError(`${where}: weight data is ${data.byteLength} bytes, the manifest lists ${expected} (truncated or padded)`);
  }
  if ((await sha256Hex(data)) !== manifest.checksum) {
    throw new StorageError(`${where}: weight checksum mismatch: the weights were altered or corrupted`);
  }
  const weights = new Map<string, Float32Array>();
  let offset = 0;
  for (const w of manifest.weights) {
    const size = w.shape.reduce((a, b) => a * b, 1);
    weights.set(w.name, new Float32Array(data.slice(offset, offset + 4 * size)));
    offset += 4 * size;
  }
  return { manifest, weights };
}

/**
 * Loads weights into nets built from the same spec. Every weight of every net must be present
 * with the same shape, and nothing else: a ShapeError names the first mismatch and no variable is
 * changed unless all match.
 */
export function applyWeights(nets: ReadonlyMap<string, Net>, contents: PolicyContents, where: string): void {
  const shapes = new Map(contents.manifest.weights.map((w) => [w.name, w.shape]));
  const targets = namedWeights(nets);
  for (const t of targets) {
    const shape = shapes.get(t.name);
    if (shape === undefined) throw new ShapeError(`${where}: the policy has no weight '${t.name}' that this agent needs`);
    if (shape.length !== t.variable.shape.length || shape.some((d, i) => d !== t.variable.shape[i])) {
      throw new ShapeError(`${where}: weight '${t.name}' has shape [${shape}] but the agent's is [${t.variable.shape}]`);
    }
  }
  if (targets.length !== shapes.size) {
    const wanted = new Set(targets.map((t) => t.name));
    const extra = [...shapes.keys()].filter((n) => !wanted.has(n));
    throw new ShapeError(`${where}: the policy has weights this agent does not: ${extra.slice(0, 5).join(', ')}`);
  }
  for (const t of targets) {
    tf.tidy(() => t.variable.assign(tf.tensor(contents.weights.get(t.name)!, t.variable.shape, 'float32')));
  }
}
