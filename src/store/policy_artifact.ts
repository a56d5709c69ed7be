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
import { ShapeError } from '../util/errors';
import { policyChecksum } from './checksum';
import type { PolicyContents } from './policy_read';
import {
  POLICY_FORMAT,
  POLICY_FORMAT_VERSION,
  type ObservationPipeline,
  type PolicyManifest,
  type PolicyWeightEntry,
  type PolicyWeightKind,
} from './policy_manifest';
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

export { readPolicyArtifacts, type PolicyContents, type ReadPolicyOptions } from './policy_read';

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
