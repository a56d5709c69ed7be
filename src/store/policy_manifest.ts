/**
 * The manifest of a policy artefact: everything needed to rebuild the agent that made the weights
 * and to check that they fit. Stored as the artefact's `modelTopology` (tfjs ModelArtifacts), so
 * tfjs's own io handlers (IndexedDB, files, http) can carry it.
 */
import type { ActionSpace } from '../env/env';
import type { ResolvedSpec } from '../spec/types';
import { StorageError } from '../util/errors';

/** The artefact's `format` field. */
export const POLICY_FORMAT = 'pixelpilot-policy';
/** Bumped when a reader of the previous version could misread a new artefact. */
export const POLICY_FORMAT_VERSION = 1;

/** One stored weight: `<net>/<PyTorch state_dict name>`, in the SDK's layout (see NamedParam). */
export interface PolicyWeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  /** 'parameter' (trainable) or 'buffer' (BatchNorm running statistics). */
  kind: 'parameter' | 'buffer';
}

export interface PolicyManifest {
  format: typeof POLICY_FORMAT;
  formatVersion: number;
  /** The resolved spec the nets were built from. */
  spec: ResolvedSpec;
  /** One env's observation as the agent sees it (frames stacked). */
  observation: { shape: number[]; dtype: 'uint8' | 'float32'; frameStack: number };
  actionSpace: ActionSpace;
  /** Weights in PyTorch state_dict order, net by net. */
  weights: PolicyWeightEntry[];
  /** SHA-256 (hex) of the weight bytes. */
  checksum: string;
  /** ISO 8601 time of saving. */
  createdAt: string;
  /** Env frames the policy was trained for. */
  frames: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isShape = (v: unknown): v is number[] => Array.isArray(v) && v.every((d) => Number.isSafeInteger(d) && d >= 0);

/**
 * Checks the manifest's structure (not yet the weights). Throws StorageError naming the first
 * field that is wrong; `where` names the source (file path, URL, store key) for the message.
 */
export function checkManifest(value: unknown, where: string): PolicyManifest {
  const fail = (what: string): never => {
    throw new StorageError(`${where}: not a valid pixelpilot policy: ${what}`);
  };
  if (!isObject(value)) return fail('the manifest is not an object');
  if (value.format !== POLICY_FORMAT) return fail(`format is ${JSON.stringify(value.format)}, expected "${POLICY_FORMAT}"`);
  if (value.formatVersion !== POLICY_FORMAT_VERSION) {
    return fail(`format version ${JSON.stringify(value.formatVersion)} is not supported (this SDK reads version ${POLICY_FORMAT_VERSION})`);
  }
  if (!isObject(value.spec) || !isObject(value.spec.agent)) fail('spec is missing');
  const obs = value.observation;
  if (!isObject(obs) || !isShape(obs.shape) || (obs.dtype !== 'uint8' && obs.dtype !== 'float32') || !Number.isSafeInteger(obs.frameStack)) {
    fail('observation must be {shape, dtype, frameStack}');
  }
  if (!isObject(value.actionSpace) || typeof value.actionSpace.type !== 'string') fail('actionSpace is missing');
  if (!Array.isArray(value.weights)) return fail('weights must be a list');
  value.weights.forEach((w, i) => {
    if (!isObject(w) || typeof w.name !== 'string' || !isShape(w.shape) || w.dtype !== 'float32' || (w.kind !== 'parameter' && w.kind !== 'buffer')) {
      fail(`weights[${i}] must be {name, shape, dtype: "float32", kind}`);
    }
  });
  if (typeof value.checksum !== 'string' || !/^[0-9a-f]{64}$/.test(value.checksum)) fail('checksum must be a SHA-256 hex string');
  if (typeof value.frames !== 'number' || typeof value.createdAt !== 'string') fail('frames / createdAt missing');
  return value as unknown as PolicyManifest;
}
