/**
 * The Pong demo's training entry (see demos/catch/training.ts): the demo's own scene, its agent's
 * view (the field cropped, 48x48 gray) and attach options, for `trainGame` and `pixelpilot train
 * --game`. Each copy serves from its own seed, drawn from the per-copy seeded Math.random.
 */
import * as Phaser from 'phaser';
import { defineTraining } from 'pixelpilot';
import { PONG_DECISION_PERIOD, PONG_MAX_STEP, pongObservation } from './pong_agent';
import { PONG_ACTIONS, PongScene } from './pong_scene';

/** The demo's scene, with serves of its own per copy. */
export class PongTrainingScene extends PongScene {
  constructor() {
    super({ seed: Math.floor(Math.random() * 2 ** 31) });
  }
}

// Sizes and crop of the default scene (every copy has them).
const look = new PongScene();

export default defineTraining({
  game: { type: Phaser.CANVAS, width: look.canvasWidth, height: look.canvasHeight, backgroundColor: '#000000' },
  scene: PongTrainingScene,
  actions: PONG_ACTIONS,
  observation: pongObservation(look),
  attach: (scene) => {
    scene.restartEpisode();
    return { act: scene.act, reward: scene.takeReward, done: scene.takeDone, decisionPeriod: PONG_DECISION_PERIOD, maxStep: PONG_MAX_STEP };
  },
  // `pixelpilot record --game` records this scripted player: the paddle follows the ball.
  heuristic: (scene) => scene.trackBall(),
});
