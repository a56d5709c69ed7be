/**
 * How an Agent observes: createAgent's `observation` option resolved, as attach takes it (a crop
 * per player), and as policy and demonstration files record it (the observation pipeline).
 */
import type { CropRect } from '../observe/crop';
import type { AttachObservation } from '../attach/attach_scene';
import type { ObservationPipeline, PipelineCrop } from '../store/policy_manifest';
import { pipelineFromOptions } from '../store/observation_pipeline';
import type { PixelObservationOptions, VectorObservationOptions } from './agent_options';

/** How the agent observes, fully resolved. */
export type AgentObservation =
  | { kind: 'pixels'; width: number; height: number; grayscale: boolean; frameStack: number; crop: PixelObservationOptions['crop'] }
  | { kind: 'vector'; length: number };

/**
 * createAgent's `observation` option resolved: 84x84 gray pixels by default, frames stacked by
 * `frameStack` (the spec's env.frame_op_len, else 4) unless the option says.
 */
export function resolveObservation(o: PixelObservationOptions | VectorObservationOptions | undefined, frameStack: number | null): AgentObservation {
  const p = pipelineFromOptions(o, frameStack);
  return p.kind === 'vector' ? p : { ...p, crop: o !== undefined && 'vector' in o ? undefined : o?.crop };
}

/** The observation as attach takes it: one crop per player. */
export function attachObservation(obs: AgentObservation, players: number): AttachObservation {
  return obs.kind === 'vector'
    ? obs
    : { ...obs, crops: Array.from({ length: players }, (_, p) => (Array.isArray(obs.crop) ? obs.crop[p] : obs.crop as CropRect | undefined)) };
}

/** The observation pipeline written in policy and demonstration files for `observation`. */
export function observationPipeline(observation: AgentObservation): ObservationPipeline {
  return observation.kind === 'pixels'
    ? { ...observation, crop: observation.crop === undefined ? null : structuredClone(observation.crop) as PipelineCrop | PipelineCrop[] }
    : observation;
}
