/**
 * `loadAgent(source, options)`: rebuilds a saved agent from its policy alone. The policy's
 * manifest carries the resolved spec, the spaces, the action names and the observation pipeline
 * (width, height, grayscale, frame stack, crop; or a vector length), so `createAgent` can make
 * the same agent; the weights and, unless `mode: 'inference'`, the training state are then loaded
 * into its worker.
 */
import { readPolicyArtifacts } from '../store/policy_read';
import { decodePolicyFile } from '../store/policy_file';
import type { ObservationPipeline, PolicyManifest } from '../store/policy_manifest';
import { loadPolicyFile, type PolicyReadOptions } from '../store/policy_store';
import { specInput } from '../store/saved_spec';
import { ShapeError } from '../util/errors';
import type { Agent } from './agent';
import { createAgent, type CreateAgentOptions } from './create_agent';
import { isVectorObservation, type PixelObservationOptions, type VectorObservationOptions } from './agent_options';

/** Options of `loadAgent`: createAgent's (but the spec's and the spaces') plus what to restore. */
export interface LoadAgentOptions extends Omit<CreateAgentOptions, 'actions' | 'observation' | 'specName'>, PolicyReadOptions {
  /** 'train' (default): weights and the training state when saved; 'inference': weights only. */
  mode?: 'train' | 'inference';
  /** The action names the caller expects; ShapeError when the policy's differ. Default: the policy's. */
  actions?: readonly string[];
  /**
   * The observation the caller expects (createAgent's defaults fill what is left out); ShapeError
   * when the policy observes otherwise. A `crop` given here replaces the saved one. Default: the policy's.
   */
  observation?: PixelObservationOptions | VectorObservationOptions;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The pipeline of a policy saved without one (the CLI, format 1): read from its observation shape. */
function pipelineOf(m: PolicyManifest, where: string): ObservationPipeline {
  if (m.observation.pipeline !== null) return m.observation.pipeline;
  const { shape, dtype, frameStack } = m.observation;
  if (dtype === 'float32' && shape.length === 1) return { kind: 'vector', length: shape[0]! };
  const channels = shape[2]! / frameStack;
  if (dtype === 'uint8' && shape.length === 3 && (channels === 1 || channels === 3)) {
    return { kind: 'pixels', width: shape[1]!, height: shape[0]!, grayscale: channels === 1, frameStack, crop: null };
  }
  throw new ShapeError(`${where}: an agent cannot observe this policy's [${shape}] ${dtype} observations (pixels [H, W, 1 or 3 x frameStack] uint8, or a vector [D] float32)`);
}

/** The observation createAgent gets: the saved pipeline, checked against what the caller expects. */
function observationFor(m: PolicyManifest, wanted: LoadAgentOptions['observation'], where: string): PixelObservationOptions | VectorObservationOptions {
  const saved = pipelineOf(m, where);
  if (wanted !== undefined) {
    const mine = isVectorObservation(wanted)
      ? { kind: 'vector', length: wanted.vector }
      : { kind: 'pixels', width: wanted.width ?? 84, height: wanted.height ?? 84, grayscale: wanted.grayscale ?? true, frameStack: wanted.frameStack ?? m.spec.env.frame_op_len ?? 4 };
    const theirs = saved.kind === 'vector' ? saved : { kind: 'pixels', width: saved.width, height: saved.height, grayscale: saved.grayscale, frameStack: saved.frameStack };
    if (!same(mine, theirs)) throw new ShapeError(`${where}: the policy observes ${JSON.stringify(theirs)}, the caller asked for ${JSON.stringify(mine)}`);
  }
  if (saved.kind === 'vector') return { vector: saved.length };
  const crop = wanted !== undefined && !isVectorObservation(wanted) && wanted.crop !== undefined ? wanted.crop : saved.crop;
  return { width: saved.width, height: saved.height, grayscale: saved.grayscale, frameStack: saved.frameStack, ...(crop === null ? {} : { crop }) };
}

/** The action names: the saved ones (or '0'..'n-1' when none were saved), checked against the caller's. */
function actionsFor(m: PolicyManifest, wanted: readonly string[] | undefined, where: string): string[] {
  const space = m.actionSpace;
  if (space.type !== 'discrete') throw new ShapeError(`${where}: an agent acts in a discrete space; the policy acts in ${JSON.stringify(space)}`);
  const saved = m.actionNames;
  if (wanted !== undefined) {
    const ok = saved !== null ? same([...wanted], saved) : wanted.length === space.n;
    if (!ok) throw new ShapeError(`${where}: the policy acts with ${saved !== null ? JSON.stringify(saved) : `${space.n} unnamed actions`}, the caller asked for ${JSON.stringify(wanted)}`);
    return [...wanted];
  }
  return saved ?? Array.from({ length: space.n }, (_, i) => String(i));
}

/**
 * Creates the agent a policy was saved from: reads it from `source` (`indexeddb://name`, an
 * http(s) or relative URL, a file path or file:// URL in Node, or a policy file's bytes), builds
 * the agent from its resolved spec, action names and observation pipeline with createAgent, and
 * loads its weights and, in `mode` 'train' (default), its training state. Throws StorageError
 * (missing, damaged), ShapeError (the policy's spaces differ from `options.actions` /
 * `options.observation`), and whatever createAgent throws. Defaults are createAgent's, except
 * `players`: the number of saved crops when the policy was saved with one crop per player.
 */
export async function loadAgent(source: string | Uint8Array, options: LoadAgentOptions = {}): Promise<Agent> {
  const { mode, actions, observation, maxBytes, signal, ...createOptions } = options;
  const read = { ...(maxBytes === undefined ? {} : { maxBytes }), ...(signal === undefined ? {} : { signal }), ...(options.maxParams === undefined ? {} : { maxParams: options.maxParams }) };
  const where = typeof source === 'string' ? source : 'loadAgent (bytes)';
  let bytes: Uint8Array;
  let manifest: PolicyManifest;
  if (typeof source === 'string') {
    const file = await loadPolicyFile(source, read);
    bytes = file.bytes;
    manifest = file.contents.manifest;
  } else {
    bytes = source;
    manifest = (await readPolicyArtifacts(decodePolicyFile(source, where), where, read)).manifest;
  }
  const obs = observationFor(manifest, observation, where);
  // A crop per player was saved: as many players, unless the caller says otherwise.
  const players = createOptions.players ?? (!isVectorObservation(obs) && Array.isArray(obs.crop) ? obs.crop.length : undefined);
  const agent = await createAgent(specInput(manifest.spec, where), {
    ...createOptions,
    ...(players === undefined ? {} : { players }),
    actions: actionsFor(manifest, actions, where),
    observation: obs,
  });
  try {
    await agent.load(bytes, { mode: mode ?? 'train' });
  } catch (e) {
    await agent.dispose();
    throw e;
  }
  return agent;
}
