/**
 * Policies as tfjs ModelArtifacts: the manifest rides in `modelTopology`, the weights are plain
 * little-endian float32 in manifest order (what tfjs's `encodeWeights` writes for float32), so
 * every tfjs io handler (IndexedDB, browser files, http) can carry a policy unchanged. Reading
 * checks format, sizes and checksum before any weight is used; loading into nets checks every
 * shape before any variable changes.
 */
import { tf } from '../backend/tf';
import type { ActionSpace } from '../env/env';
import type { Net } from '../net/net';
import type { ResolvedSpec } from '../spec/types';
import type { OptimizerState } from '../train/optimizers/optimizer';
import { ShapeError, StorageError } from '../util/errors';
import { policyChecksum, sha256Hex } from './checksum';
import {
  checkManifest,
  HEADER_CHECKSUM_VERSION,
  POLICY_FORMAT,
  POLICY_FORMAT_VERSION,
  type ObservationPipeline,
  type PolicyManifest,
  type PolicyWeightEntry,
  type PolicyWeightKind,
} from './policy_manifest';
import { checkPolicyPlan } from './policy_plan';
import type { TrainingManifest } from './training_manifest';

/** The training state to save beside the weights (see TrainingManifest). */
export interface PolicyTrainingSource extends Omit<TrainingManifest, 'optimizers'> {
  /** Optimizer states in the algorithm's order; their slots become 'optimizer' entries. */
  optimizers: OptimizerState[];
  /** Target nets by name (saved as 'target' entries). Default none. */
  targetNets?: ReadonlyMap<string, Net>;
}

/** What a policy is made from. */
export interface PolicySource {
  spec: ResolvedSpec;
  /** One env's observation; `pipeline` defaults to null (unknown). */
  observation: { shape: number[]; dtype: 'uint8' | 'float32'; frameStack: number; pipeline?: ObservationPipeline | null };
  actionSpace: ActionSpace;
  /** Names of the discrete actions. Default null (unknown). */
  actionNames?: readonly string[] | null;
  frames: number;
  /** The agent's acting nets by name ('net', 'critic_net', ...), saved in this order. */
  nets: ReadonlyMap<string, Net>;
  /** Training state; default null (a weights-only policy). */
  training?: PolicyTrainingSource | null;
}

interface NamedVariable {
  name: string;
  variable: tf.Variable;
  kind: PolicyWeightKind;
}

/** The variables of `nets` as `<entryNet>/<param>`, parameters before buffers, net by net. */
function namedWeights(nets: ReadonlyMap<string, Net>, kind: 'parameter' | 'target', entryNet: (net: string) => string = (n) => n): NamedVariable[] {
  const out: NamedVariable[] = [];
  for (const [netName, net] of nets) {
    const prefix = entryNet(netName);
    for (const p of net.parameters) out.push({ name: `${prefix}/${p.name}`, variable: p.variable, kind });
    for (const b of net.buffers) out.push({ name: `${prefix}/${b.name}`, variable: b.variable, kind: kind === 'parameter' ? 'buffer' : kind });
  }
  return out;
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Builds the artefact of a policy (reads the weights asynchronously; no tensor is kept). */
export async function policyArtifacts(src: PolicySource): Promise<tf.io.ModelArtifacts> {
  const entries: { entry: PolicyWeightEntry; data: Float32Array }[] = [];
  const addVariables = async (vars: NamedVariable[]): Promise<void> => {
    for (const v of vars) {
      entries.push({ entry: { name: v.name, shape: [...v.variable.shape], dtype: 'float32', kind: v.kind }, data: (await v.variable.data()) as Float32Array });
    }
  };
  await addVariables(namedWeights(src.nets, 'parameter'));
  let training: TrainingManifest | null = null;
  if (src.training) {
    const { optimizers, targetNets, ...rest } = src.training;
    await addVariables(namedWeights(targetNets ?? new Map(), 'target'));
    const saved = optimizers.map((o, k) => {
      const slots = o.slots.map((s) => {
        const name = `optimizer/${k}/${s.name}`;
        entries.push({ entry: { name, shape: [...s.shape], dtype: 'float32', kind: 'optimizer' }, data: s.data });
        return name;
      });
      return { name: o.name, step: o.step, slots };
    });
    training = { ...structuredClone(rest), optimizers: saved };
  }
  const bytes = new Uint8Array(entries.reduce((n, e) => n + 4 * e.data.length, 0));
  let at = 0;
  for (const { data } of entries) {
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    at += data.byteLength;
  }
  const weights = entries.map((e) => e.entry);
  const manifest: PolicyManifest = {
    format: POLICY_FORMAT,
    formatVersion: POLICY_FORMAT_VERSION,
    spec: src.spec,
    observation: { shape: [...src.observation.shape], dtype: src.observation.dtype, frameStack: src.observation.frameStack, pipeline: src.observation.pipeline ?? null },
    actionSpace: src.actionSpace,
    actionNames: src.actionNames ? [...src.actionNames] : null,
    weights,
    checksum: '',
    createdAt: new Date().toISOString(),
    frames: src.frames,
    training,
  };
  manifest.checksum = await policyChecksum(manifest, bytes);
  const weightSpecs: tf.io.WeightsManifestEntry[] = weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' }));
  return { modelTopology: manifest as unknown as object, format: POLICY_FORMAT, generatedBy: 'pixelpilot', weightSpecs, weightData: bytes.buffer };
}

/** A policy read back and verified: its manifest (version 2 shape) and its weights by name. */
export interface PolicyContents {
  manifest: PolicyManifest;
  weights: Map<string, Float32Array>;
}

const ARTIFACT_KEYS = ['modelTopology', 'format', 'generatedBy', 'weightSpecs', 'weightData'];

/** The artefact fields beside the manifest: derived from it, so checked against it. */
function checkArtifactFields(artifacts: tf.io.ModelArtifacts, manifest: PolicyManifest, where: string): void {
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
export async function readPolicyArtifacts(artifacts: tf.io.ModelArtifacts, where: string, options: ReadPolicyOptions = {}): Promise<PolicyContents> {
  const manifest = checkManifest(artifacts.modelTopology, where);
  checkArtifactFields(artifacts, manifest, where);
  const raw = artifacts.weightData;
  if (raw === undefined) throw new StorageError(`${where}: the policy has no weight data`);
  const data = Array.isArray(raw) ? tf.io.concatenateArrayBuffers(raw) : raw;
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

/** Options of `planWeights`. */
export interface PlanWeightsOptions {
  /** Which kinds of entries the nets load from ('parameter' and 'buffer', or 'target'). */
  from: 'acting' | 'target';
  /** The entry net name each net loads from. Default: its own name. */
  entryNet?: (net: string) => string;
  /** Also fail when the policy has entries of those kinds that no net takes. Default true. */
  exact?: boolean;
}

/**
 * Checks that `contents` has a weight of the same shape for every variable of `nets` and returns
 * the function that assigns them all. Throws ShapeError naming the first mismatch; nothing is
 * assigned before the returned function is called, and it cannot fail.
 */
export function planWeights(nets: ReadonlyMap<string, Net>, contents: PolicyContents, where: string, options: PlanWeightsOptions): () => void {
  const kinds: readonly PolicyWeightKind[] = options.from === 'acting' ? ['parameter', 'buffer'] : ['target'];
  const entries = new Map(contents.manifest.weights.filter((w) => kinds.includes(w.kind)).map((w) => [w.name, w.shape]));
  const targets = namedWeights(nets, 'parameter', options.entryNet);
  for (const t of targets) {
    const shape = entries.get(t.name);
    if (shape === undefined) throw new ShapeError(`${where}: the policy has no weight '${t.name}' that this agent needs`);
    if (!tf.util.arraysEqual(shape, t.variable.shape)) {
      throw new ShapeError(`${where}: weight '${t.name}' has shape [${shape}] but the agent's is [${t.variable.shape}]`);
    }
  }
  if ((options.exact ?? true) && targets.length !== entries.size) {
    const wanted = new Set(targets.map((t) => t.name));
    const extra = [...entries.keys()].filter((n) => !wanted.has(n));
    throw new ShapeError(`${where}: the policy has weights this agent does not: ${extra.slice(0, 5).join(', ')}`);
  }
  return () => {
    for (const t of targets) {
      tf.tidy(() => t.variable.assign(tf.tensor(contents.weights.get(t.name)!, t.variable.shape, 'float32')));
    }
  };
}

/**
 * Loads the acting weights (kinds 'parameter' and 'buffer') into nets built from the same spec.
 * Every weight of every net must be present with the same shape, and no other acting weight: a
 * ShapeError names the first mismatch and no variable is changed unless all match.
 */
export function applyWeights(nets: ReadonlyMap<string, Net>, contents: PolicyContents, where: string): void {
  planWeights(nets, contents, where, { from: 'acting' })();
}

/** The saved optimizer states of a policy's training block, slots read from its weights. */
export function savedOptimizerStates(contents: PolicyContents): OptimizerState[] {
  const training = contents.manifest.training;
  if (training === null) return [];
  const shapes = new Map(contents.manifest.weights.map((w) => [w.name, w.shape]));
  return training.optimizers.map((o, k) => ({
    name: o.name,
    step: o.step,
    slots: o.slots.map((entry) => ({ name: entry.slice(`optimizer/${k}/`.length), data: contents.weights.get(entry)!, shape: [...shapes.get(entry)!] })),
  }));
}
