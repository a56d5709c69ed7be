/**
 * A PyTorch state_dict (safetensors) of the nets a spec builds, turned into a pixelpilot policy
 * file (weights only) that `loadBot(bytes)` and `loadAgent(bytes)` take. The inverse of
 * `policyToSafetensors`: the nets are built from the spec for the given spaces exactly as training
 * builds them, and every tensor is matched by name and PyTorch shape (pytorch_import.ts) before
 * any weight is used.
 *
 * Keys: `<net>.<state_dict name>` for each net the algorithm builds ('net', and 'critic_net' for
 * a separate actor-critic), as policyToSafetensors writes them; a policy with one net also takes
 * the bare `net.state_dict()` keys (`conv_model.0.weight`, ...).
 */
import type { ActionSpace } from '../env/env';
import { actionSpaceProblems } from '../env/validate_env';
import { inferOutDims } from '../net/heads';
import { buildNet, type Net } from '../net/net';
import { checkParamBudget } from '../net/param_budget';
import { resolveSpec } from '../spec';
import type { ResolvedSpec, SpecWarning } from '../spec/types';
import { ShapeError } from '../util/errors';
import { Rng } from '../util/rng';
import { pipelineObservation } from './observation_pipeline';
import { policyArtifacts, readPolicyArtifacts } from './policy_artifact';
import { encodePolicyFile } from './policy_file';
import type { ObservationPipeline } from './policy_manifest';
import { importPytorchNets, importPytorchStateDict } from './pytorch_import';
import { readSafetensors } from './safetensors';

/** What the policy observes and how it acts. */
export interface SafetensorsPolicyOptions {
  /**
   * One decision's observation: `shape` [H, W, C] (pixels, frames stacked on C, oldest first)
   * or [D] (a vector). `dtype` defaults to 'uint8' for [H, W, C] and 'float32' for [D];
   * `frameStack` to the spec's env.frame_op_len when env.frame_op is 'concat' (pixels), else 1.
   * `pipeline`: how a game's frames become this observation (createAgent's options, as
   * policyFromPytorch gives it), saved for loadAgent; it must give this shape. Default null (unknown).
   */
  observation: { shape: readonly number[]; dtype?: 'uint8' | 'float32'; frameStack?: number; pipeline?: ObservationPipeline | null };
  /** The action space, e.g. `{type: 'discrete', n: 3}`. */
  actionSpace: ActionSpace;
  /** Names of the discrete actions, saved in the policy. Default none. */
  actionNames?: readonly string[];
  /** Which spec of a file holding several. Default: the only one. */
  name?: string;
  /** Cap on the nets' trainable parameters, checked before anything is built. Default 50,000,000. */
  maxParams?: number;
  /** Receives the spec's warnings (keys with no meaning here). Default: dropped. */
  onWarning?: (warning: SpecWarning) => void;
  /** Names the source in errors. Default 'policyFromSafetensors'. */
  where?: string;
}

/** The observation as the manifest writes it; ShapeError when the options do not describe one. */
function observationOf(spec: ResolvedSpec, o: SafetensorsPolicyOptions['observation'], where: string): { shape: number[]; dtype: 'uint8' | 'float32'; frameStack: number; pipeline: ObservationPipeline | null } {
  const shape = [...o.shape];
  if (!(shape.length === 1 || shape.length === 3) || shape.some((d) => !Number.isSafeInteger(d) || d < 1)) {
    throw new ShapeError(`${where}: the observation shape must be [H, W, C] or [D] of positive integers (got [${shape}])`);
  }
  const image = shape.length === 3;
  const dtype = o.dtype ?? (image ? 'uint8' : 'float32');
  const frameStack = o.frameStack ?? (image && spec.env.frame_op === 'concat' ? (spec.env.frame_op_len ?? 1) : 1);
  if (!Number.isSafeInteger(frameStack) || frameStack < 1 || (image && shape[2]! % frameStack !== 0)) {
    throw new ShapeError(`${where}: ${shape[2]} channels do not hold ${frameStack} stacked frames (frameStack from ${o.frameStack === undefined ? "the spec's env.frame_op_len" : 'the options'})`);
  }
  const pipeline = o.pipeline ?? null;
  if (pipeline !== null) {
    const made = pipelineObservation(pipeline);
    if (JSON.stringify([made.shape, made.dtype, made.frameStack]) !== JSON.stringify([shape, dtype, frameStack])) {
      throw new ShapeError(`${where}: the pipeline ${JSON.stringify(pipeline)} gives [${made.shape}] ${made.dtype} (${made.frameStack} frames), not the observation [${shape}] ${dtype} (${frameStack} frames)`);
    }
  }
  return { shape, dtype, frameStack, pipeline };
}

/** What the weights were matched against, for ShapeError messages. */
function targetOf(spec: ResolvedSpec, observation: { shape: number[]; frameStack: number }, actionSpace: ActionSpace): string {
  const actions = actionSpace.type === 'discrete' ? `${actionSpace.n} actions` : JSON.stringify(actionSpace);
  const stack = observation.shape.length === 3 ? `, ${observation.frameStack} frame${observation.frameStack === 1 ? '' : 's'} stacked` : '';
  return `the nets of spec "${spec.name}" (${spec.agent.net.type}) for observation [${observation.shape}]${stack} and ${actions}`;
}

/** Loads the state_dict into the nets: `<net>.`-prefixed keys, or a single net's bare keys. */
function importInto(nets: ReadonlyMap<string, Net>, bytes: Uint8Array, where: string, target: string): void {
  const tensors = readSafetensors(bytes, where);
  const names = [...nets.keys()];
  const prefixed = [...tensors.keys()].every((k) => names.some((n) => k.startsWith(`${n}.`)));
  if (!prefixed && nets.size === 1) importPytorchStateDict(nets.get(names[0]!)!, tensors, where, target);
  else importPytorchNets(nets, tensors, where, target);
}

/**
 * Turns safetensors bytes of a PyTorch state_dict into a weights-only policy file's bytes for
 * `spec` (a spec file's text or object, as createAgent takes it) in the given spaces. Throws
 * SpecError for a spec that cannot be used or whose nets exceed `maxParams`; StorageError for
 * bytes that are not a safetensors file; ShapeError listing every missing, unexpected or
 * wrongly shaped tensor (nothing is written then), or for spaces the spec's nets cannot take.
 * Builds the nets with tfjs: a backend must be ready (`selectBackend`); the CLI uses cpu.
 */
export async function policyFromSafetensors(bytes: Uint8Array, spec: unknown, options: SafetensorsPolicyOptions): Promise<Uint8Array> {
  const where = options.where ?? 'policyFromSafetensors';
  const resolved = resolveSpec(spec, options.name === undefined ? {} : { name: options.name });
  for (const w of resolved.warnings) options.onWarning?.(w);
  const s = resolved.spec;
  const observation = observationOf(s, options.observation, where);
  const problems = actionSpaceProblems(options.actionSpace);
  if (problems.length > 0) throw new ShapeError(`${where}: the action space is not usable: ${problems.join('; ')}`);
  const actionSpace = structuredClone(options.actionSpace);
  if (options.actionNames !== undefined && (actionSpace.type !== 'discrete' || options.actionNames.length !== actionSpace.n)) {
    throw new ShapeError(`${where}: ${options.actionNames.length} action names for ${JSON.stringify(actionSpace)}`);
  }
  try {
    checkParamBudget(s.agent, observation.shape, actionSpace, options.maxParams === undefined ? {} : { maxParams: options.maxParams });
  } catch (e) {
    // A net that cannot take these spaces (a conv larger than what is left of the image ...): say which.
    if (e instanceof ShapeError) throw new ShapeError(`${where}: ${targetOf(s, observation, actionSpace)} cannot be built: ${e.message}`);
    throw e;
  }
  const plan = inferOutDims(s.agent.algorithm.name, actionSpace, s.agent.net.shared);
  const nets = new Map<string, Net>();
  try {
    // The init stream is irrelevant: every weight is replaced by the checkpoint's.
    for (const p of plan.nets) nets.set(p.name, buildNet(s.agent.net, { inShape: observation.shape, outDims: p.outDims, rng: new Rng(0) }));
    importInto(nets, bytes, where, targetOf(s, observation, actionSpace));
    const artifacts = await policyArtifacts({
      spec: s,
      observation,
      actionSpace,
      ...(options.actionNames === undefined ? {} : { actionNames: options.actionNames }),
      frames: 0,
      nets,
    });
    // What loadBot will check (finite weights among them), checked now.
    await readPolicyArtifacts(artifacts, `${where} (policy to write)`, options.maxParams === undefined ? {} : { maxParams: options.maxParams });
    return encodePolicyFile(artifacts);
  } finally {
    nets.forEach((n) => n.dispose());
  }
}
