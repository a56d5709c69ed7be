/**
 * The recall demo's training entry (see demos/catch/training.ts): the demo's own scene, its
 * agent's view (the field cropped, 16x16 gray, no stack: the GRU remembers) and attach options,
 * for `trainGame` and `pixelpilot train --game`. Each copy draws its cues from its own seed.
 */
import * as Phaser from 'phaser';
import { defineTraining } from 'pixelpilot';
import { recallObservation } from './recall_agent';
import { MEMORY_ACTIONS, RecallScene } from './recall_scene';

/** The demo's scene, with cues of its own per copy. */
export class RecallTrainingScene extends RecallScene {
  constructor() {
    super({ seed: Math.floor(Math.random() * 2 ** 31) });
  }
}

// Sizes and crop of the default scene (every copy has them).
const look = new RecallScene();

export default defineTraining({
  game: { type: Phaser.CANVAS, width: look.canvasWidth, height: look.canvasHeight, backgroundColor: '#000000' },
  scene: RecallTrainingScene,
  actions: MEMORY_ACTIONS,
  observation: recallObservation(look),
  attach: (scene) => {
    scene.restartEpisode();
    return { act: scene.act, reward: scene.takeReward, done: scene.takeDone, decisionPeriod: scene.framesPerStep };
  },
  // No no-op starts: an episode opens with its cue, which no-ops would hide (and both actions
  // matter at the choice); the cue itself is drawn at random.
  noopMax: 0,
});
