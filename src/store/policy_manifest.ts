/**
 * The manifest of a policy artefact: everything needed to rebuild the agent that made the weights
 * and to check that they fit. Stored as the artefact's `modelTopology` (tfjs ModelArtifacts), so
 * tfjs's own io handlers (IndexedDB, files, http) can carry it.
 *
 * Version 2 (this SDK writes it) adds weight entries of kinds 'target' (target nets) and
 * 'optimizer' (optimizer slots), the `training` block, `actionNames` and `observation.pipeline`.
 * A version 1 reader would reject it (unknown kinds), and this SDK reads version 1 as a
 * weights-only policy: its `target_net/...` entries become kind 'target', `training` is null.
 *
 * Version 3 (this SDK writes it) has the same fields; only its checksum differs: it covers the
 * manifest as well as the weights (see policyChecksum), so an edited header no longer loads.
 * Versions 1 and 2 are still read: their checksum covers the weights only, so their header is
 * checked structurally (like every version's: spec, planned weight shapes, parameter cap) but an
 * edit that stays well formed cannot be detected. Saving such a policy again writes version 3.
 */
import type { ActionSpace } from '../env/env';
import type { ResolvedSpec } from '../spec/types';
import { StorageError } from '../util/errors';
import { trainingManifestProblems, type TrainingManifest } from './training_manifest';

/** The artefact's `format` field. */
export const POLICY_FORMAT = 'pixelpilot-policy';
/** Bumped when a reader of the previous version could misread a new artefact. */
export const POLICY_FORMAT_VERSION = 3;
/** Versions this SDK reads. */
export const READABLE_POLICY_VERSIONS: readonly number[] = [1, 2, 3];
/** The first version whose checksum covers the manifest too. */
export const HEADER_CHECKSUM_VERSION = 3;

/**
 * What a stored weight is:
 * - 'parameter' (trainable) and 'buffer' (BatchNorm running statistics) of the acting nets;
 * - 'target': a target net's parameters and buffers (DQN family; training only);
 * - 'optimizer': an optimizer slot (Adam moments, RMSprop square averages, momentum buffers ...).
 */
export type PolicyWeightKind = 'parameter' | 'buffer' | 'target' | 'optimizer';
const KINDS: readonly string[] = ['parameter', 'buffer', 'target', 'optimizer'];

/**
 * One stored weight. Nets' entries are `<net>/<PyTorch state_dict name>` in the SDK's layout (see
 * NamedParam); optimizer slots are `optimizer/<k>/<param index>.<PyTorch state key>`.
 */
export interface PolicyWeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  kind: PolicyWeightKind;
}

/** A canvas region in canvas pixels (the observe module's CropRect). */
export interface PipelineCrop {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * How a game's frames become observations (what `createAgent` was given), so that `loadAgent`
 * can rebuild the same agent: canvas pixels (crop: one region, or one per player), or a vector.
 */
export type ObservationPipeline =
  | { kind: 'pixels'; width: number; height: number; grayscale: boolean; frameStack: number; crop: PipelineCrop | PipelineCrop[] | null }
  | { kind: 'vector'; length: number };

export interface PolicyManifest {
  format: typeof POLICY_FORMAT;
  /** The version the artefact was written with (1, 2 or 3). */
  formatVersion: number;
  /** The resolved spec the nets were built from. */
  spec: ResolvedSpec;
  /**
   * One env's observation as the agent sees it (frames stacked) and, when an Agent saved it, the
   * pipeline that makes it (null otherwise: the CLI and version 1).
   */
  observation: { shape: number[]; dtype: 'uint8' | 'float32'; frameStack: number; pipeline: ObservationPipeline | null };
  actionSpace: ActionSpace;
  /** Names of the discrete actions when an Agent saved it; null otherwise. */
  actionNames: string[] | null;
  /** Weights in PyTorch state_dict order, net by net, then target nets, then optimizer slots. */
  weights: PolicyWeightEntry[];
  /**
   * Version 3: SHA-256 (hex) of the manifest (this field blank) and all the weight bytes (see
   * policyChecksum). Versions 1 and 2: of the weight bytes only.
   */
  checksum: string;
  /** ISO 8601 time of saving. */
  createdAt: string;
  /** Env frames the policy was trained for. */
  frames: number;
  /** The training state, or null for a weights-only (inference) policy. */
  training: TrainingManifest | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isShape = (v: unknown): v is number[] => Array.isArray(v) && v.every((d) => Number.isSafeInteger(d) && d >= 0);
const isPosInt = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 1;

/** Whether `p` is null or a well-formed ObservationPipeline. */
export function pipelineOk(p: unknown): boolean {
  if (p === null) return true;
  if (!isObject(p)) return false;
  if (p.kind === 'vector') return isPosInt(p.length);
  if (p.kind !== 'pixels') return false;
  const rect = (r: unknown): boolean => isObject(r) && ['x', 'y', 'w', 'h'].every((k) => Number.isFinite(r[k]));
  const crop = p.crop;
  const cropOk = crop === null || rect(crop) || (Array.isArray(crop) && crop.length > 0 && crop.every(rect));
  return isPosInt(p.width) && isPosInt(p.height) && typeof p.grayscale === 'boolean' && isPosInt(p.frameStack) && cropOk;
}

/**
 * Checks the manifest's structure (not yet the weights) and returns it in the version 2 shape
 * (a version 1 manifest is upgraded in a copy). Throws StorageError naming the first field that
 * is wrong; `where` names the source (file path, URL, store key) for the message.
 */
export function checkManifest(value: unknown, where: string): PolicyManifest {
  const fail = (what: string): never => {
    throw new StorageError(`${where}: not a valid pixelpilot policy: ${what}`);
  };
  if (!isObject(value)) return fail('the manifest is not an object');
  if (value.format !== POLICY_FORMAT) return fail(`format is ${JSON.stringify(value.format)}, expected "${POLICY_FORMAT}"`);
  const version = value.formatVersion;
  if (typeof version !== 'number' || !READABLE_POLICY_VERSIONS.includes(version)) {
    return fail(`format version ${JSON.stringify(version)} is not supported (this SDK reads versions ${READABLE_POLICY_VERSIONS.join(', ')})`);
  }
  if (!isObject(value.spec) || !isObject(value.spec.agent)) fail('spec is missing');
  const obs = value.observation;
  if (!isObject(obs) || !isShape(obs.shape) || (obs.dtype !== 'uint8' && obs.dtype !== 'float32') || !Number.isSafeInteger(obs.frameStack)) {
    return fail('observation must be {shape, dtype, frameStack}');
  }
  if (!isObject(value.actionSpace) || typeof value.actionSpace.type !== 'string') fail('actionSpace is missing');
  if (!Array.isArray(value.weights)) return fail('weights must be a list');
  const kinds = version === 1 ? ['parameter', 'buffer'] : KINDS;
  value.weights.forEach((w, i) => {
    if (!isObject(w) || typeof w.name !== 'string' || !isShape(w.shape) || w.dtype !== 'float32' || !kinds.includes(w.kind as string)) {
      fail(`weights[${i}] must be {name, shape, dtype: "float32", kind: ${kinds.map((k) => `"${k}"`).join(' | ')}}`);
    }
  });
  if (typeof value.checksum !== 'string' || !/^[0-9a-f]{64}$/.test(value.checksum)) fail('checksum must be a SHA-256 hex string');
  if (typeof value.frames !== 'number' || typeof value.createdAt !== 'string') fail('frames / createdAt missing');
  const weights = value.weights as PolicyWeightEntry[];
  if (version === 1) {
    // Version 1 saved every net of the algorithm as 'parameter'/'buffer'; its only training-only
    // net was DQN's 'target_net'.
    return {
      ...(value as unknown as PolicyManifest),
      observation: { ...(obs as PolicyManifest['observation']), pipeline: null },
      actionNames: null,
      weights: weights.map((w) => (w.name.startsWith('target_net/') ? { ...w, kind: 'target' } : w)),
      training: null,
    };
  }
  if (new Set(weights.map((w) => w.name)).size !== weights.length) fail('weight names must be distinct');
  if (!pipelineOk(obs.pipeline ?? null)) fail('observation.pipeline must be null, {kind: "vector", length} or {kind: "pixels", width, height, grayscale, frameStack, crop}');
  const names = value.actionNames ?? null;
  if (names !== null && (!Array.isArray(names) || !names.every((n) => typeof n === 'string'))) fail('actionNames must be null or a list of strings');
  const training = value.training ?? null;
  if (training !== null) {
    const problems = trainingManifestProblems(training, new Map(weights.map((w) => [w.name, w.kind])));
    if (problems.length > 0) fail(problems.join('; '));
  }
  return {
    ...(value as unknown as PolicyManifest),
    observation: { ...(obs as PolicyManifest['observation']), pipeline: (obs.pipeline ?? null) as ObservationPipeline | null },
    actionNames: names as string[] | null,
    training: training as TrainingManifest | null,
  };
}
