/**
 * How the pong demo's agent sees and plays the game, in one place for the demo page and the
 * browser test: the spec file, the observation (the field cropped out of the canvas, shrunk to
 * 48x48 gray, two frames stacked per the spec's frame_op_len), and the attach options.
 */
import type { Agent, AgentMode, Attachment, PixelObservationOptions } from 'pixelpilot';
import type { PongScene } from './pong_scene';

/** The spec file under demos/specs/. */
export const PONG_SPEC_FILE = 'pong_ppo_natureish.json';
/** Frames per decision: the paddle action repeats for 4 frames (Atari's frame skip). */
export const PONG_DECISION_PERIOD = 4;
/** Decisions before an episode is cut short (truncated, not lost): a long rally. */
export const PONG_MAX_STEP = 500;
/** Side of the square observation, in pixels. */
export const PONG_OBS_SIZE = 48;

/** The agent's observation of `scene`: its field, not the score strip. */
export function pongObservation(scene: PongScene): PixelObservationOptions {
  return { width: PONG_OBS_SIZE, height: PONG_OBS_SIZE, grayscale: true, crop: scene.fieldCrop };
}

/** Attaches `agent` to `scene` at the start of a new episode. */
export function attachPong(agent: Agent, scene: PongScene, mode: AgentMode = 'train'): Attachment {
  scene.restartEpisode();
  return agent.attach(scene, {
    act: scene.act,
    reward: scene.takeReward,
    done: scene.takeDone,
    decisionPeriod: PONG_DECISION_PERIOD,
    maxStep: PONG_MAX_STEP,
    mode,
  });
}
