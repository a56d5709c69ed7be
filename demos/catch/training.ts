/**
 * The catch demo's training entry: how `trainGame` (a page) and `pixelpilot train --game` (a
 * terminal) train on the demo's own scene, headless and faster than real time, N copies at once.
 * Each copy's fruit comes from its own seed, drawn from Math.random (the fast mode seeds
 * Math.random per copy, so a run replays exactly). The copies draw with Phaser's CANVAS renderer:
 * the same picture as the page's WebGL one, read ~10x cheaper where there is no GPU.
 */
import * as Phaser from 'phaser';
import { defineTraining } from 'pixelpilot';
import { CATCH_ACTIONS, CatchScene } from './catch_scene';

/** The demo's scene, with a fruit sequence of its own per copy. */
export class CatchTrainingScene extends CatchScene {
  constructor() {
    super({ seed: Math.floor(Math.random() * 2 ** 31) });
  }
}

export default defineTraining({
  game: { type: Phaser.CANVAS, width: 400, height: 400, backgroundColor: '#000000' },
  scene: CatchTrainingScene,
  actions: CATCH_ACTIONS,
  observation: { width: 10, height: 10, grayscale: true },
  attach: (scene) => {
    scene.restartEpisode();
    return { act: scene.act, reward: scene.takeReward, done: scene.takeDone, decisionPeriod: scene.framesPerRow };
  },
  // `pixelpilot record --game` records this scripted player (it reads the game, not the pixels).
  heuristic: (scene) => scene.towardsFruit(),
});
