/**
 * createAgent's observation options as the policy manifest writes them: the defaults an agent
 * fills in (84x84 gray pixels, the spec's frame stack, else 4) and the observation shape they
 * give. createAgent builds its agent from these, and an imported PyTorch policy
 * (policyFromPytorch) gets the same manifest observation as the agent `train --game` builds for
 * the same entry, so that `loadAgent` and `eval --game` take it as they take a trained one.
 */
import type { ObservationPipeline, PipelineCrop } from './policy_manifest';

/** createAgent's `observation` option, structurally (src/agent/agent_options.ts documents it). */
export type PipelineOptions =
  | { width?: number; height?: number; grayscale?: boolean; frameStack?: number; crop?: PipelineCrop | readonly PipelineCrop[] }
  | { vector: number };

/** One observation as a policy manifest describes it. */
export interface PolicyObservation {
  /** [H, W, C] (frames stacked on C, oldest first) or [D]. */
  shape: number[];
  dtype: 'uint8' | 'float32';
  frameStack: number;
  pipeline: ObservationPipeline;
}

/** Frames stacked when neither the options nor the spec (env.frame_op_len) say. */
export const DEFAULT_FRAME_STACK = 4;

/**
 * The pipeline of createAgent's `observation` option: pixels default to 84x84 gray, the frame
 * stack to `specFrameStack` (the resolved spec's env.frame_op_len), else 4; no crop is null.
 * The options are assumed checked (checkAgentOptions).
 */
export function pipelineFromOptions(o: PipelineOptions | undefined, specFrameStack: number | null): ObservationPipeline {
  if (o !== undefined && 'vector' in o) return { kind: 'vector', length: o.vector };
  return {
    kind: 'pixels',
    width: o?.width ?? 84,
    height: o?.height ?? 84,
    grayscale: o?.grayscale ?? true,
    frameStack: o?.frameStack ?? specFrameStack ?? DEFAULT_FRAME_STACK,
    crop: o?.crop === undefined ? null : (structuredClone(o.crop) as PipelineCrop | PipelineCrop[]),
  };
}

/** The observation a pipeline gives: HxWx(channels x frames) uint8 pixels, or a float32 vector. */
export function pipelineObservation(p: ObservationPipeline): PolicyObservation {
  if (p.kind === 'vector') return { shape: [p.length], dtype: 'float32', frameStack: 1, pipeline: { ...p } };
  return { shape: [p.height, p.width, (p.grayscale ? 1 : 3) * p.frameStack], dtype: 'uint8', frameStack: p.frameStack, pipeline: structuredClone(p) };
}
