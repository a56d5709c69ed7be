/**
 * A PyTorch state_dict (safetensors) made into the policy file of the agent createAgent would
 * build from the same spec and options (`actions`, `observation`): the same nets, the same
 * manifest observation and pipeline, the action names. So `loadBot` plays it, `loadAgent` makes
 * an agent of it that keeps learning, and `eval --game` plays it on the game whose training entry
 * gave those options (`pixelpilot import --game`). policyFromSafetensors does the matching.
 */
import { resolveSpec } from '../spec';
import type { SpecWarning } from '../spec/types';
import { pipelineFromOptions, pipelineObservation, type PipelineOptions } from './observation_pipeline';
import { policyFromSafetensors } from './safetensors_policy';

/** What the imported policy observes and how it acts, as createAgent takes them. */
export interface PytorchPolicyOptions {
  /** The action names (a discrete space of that many actions), as createAgent's `actions`. */
  actions: readonly string[];
  /** As createAgent's `observation`. Default `{}`: 84x84 gray pixels, the spec's frame stack (env.frame_op_len), else 4. */
  observation?: PipelineOptions;
  /** Which spec of a file holding several. Default: the only one. */
  specName?: string;
  /** Cap on the nets' trainable parameters, checked before anything is built. Default 50,000,000. */
  maxParams?: number;
  /** Receives the spec's warnings. Default: dropped. */
  onWarning?: (warning: SpecWarning) => void;
  /** Names the weights in errors. Default 'policyFromPytorch'. */
  where?: string;
}

/**
 * Safetensors bytes of a PyTorch state_dict (keys `net.<name>` as `export --format safetensors`
 * writes them, or one net's bare `state_dict()` keys) -> a weights-only policy file's bytes. Throws
 * what policyFromSafetensors throws: SpecError (spec), StorageError (not a safetensors file),
 * ShapeError naming every missing, unexpected or misshapen tensor and the spec and spaces they
 * were matched against. Needs a ready tfjs backend (the nets are built to take the weights).
 */
export async function policyFromPytorch(weights: Uint8Array, spec: unknown, options: PytorchPolicyOptions): Promise<Uint8Array> {
  const where = options.where ?? 'policyFromPytorch';
  const name = options.specName === undefined ? {} : { name: options.specName };
  // Resolved here for the frame stack; policyFromSafetensors resolves it again (cheap) and reports the warnings.
  const { spec: resolved } = resolveSpec(spec, name);
  const observation = pipelineObservation(pipelineFromOptions(options.observation, resolved.env.frame_op_len));
  return policyFromSafetensors(weights, spec, {
    observation,
    actionSpace: { type: 'discrete', n: options.actions.length },
    actionNames: [...options.actions],
    ...name,
    ...(options.maxParams === undefined ? {} : { maxParams: options.maxParams }),
    ...(options.onWarning === undefined ? {} : { onWarning: options.onWarning }),
    where,
  });
}
