/**
 * How the recall demo's agent sees and plays the game, in one place for the demo page and the
 * browser test: the spec file, the observation (the field cropped out of the canvas, shrunk to
 * 16x16 gray, one frame: remembering is the GRU's job, not a frame stack's), and the attach
 * options (one decision per rule step).
 */
import type { Agent, AgentMode, Attachment, PixelObservationOptions } from 'pixelpilot';
import type { RecallScene } from './recall_scene';

/** The spec file under demos/specs/. */
export const MEMORY_SPEC_FILE = 'recall_ppo_gru.json';
/** Side of the square observation, in pixels. */
export const MEMORY_OBS_SIZE = 16;

/** The agent's observation of `scene`: its field, not the score strip. */
export function recallObservation(scene: RecallScene): PixelObservationOptions {
  return { width: MEMORY_OBS_SIZE, height: MEMORY_OBS_SIZE, grayscale: true, frameStack: 1, crop: scene.fieldCrop };
}

/** Attaches `agent` to `scene` at the start of a new episode. */
export function attachMemory(agent: Agent, scene: RecallScene, mode: AgentMode = 'train'): Attachment {
  scene.restartEpisode();
  return agent.attach(scene, {
    act: scene.act,
    reward: scene.takeReward,
    done: scene.takeDone,
    decisionPeriod: scene.framesPerStep,
    mode,
  });
}
