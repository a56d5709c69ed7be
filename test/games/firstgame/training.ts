/**
 * The training entry of the first-game port: `pixelpilot train SPEC --game test/games/firstgame/training.ts`.
 * The agent holds cursor keys (six combinations), decides every 4 frames (15 a second), sees the
 * 800x600 canvas at 80x60 gray (a star is 2x2 pixels there) and is rewarded 1 per star. A game
 * ends when a bomb hits the dude; it is cut at 400 decisions (27 s of play; before the first
 * batch of stars is cleared there is no bomb and no end).
 */
import * as Phaser from 'phaser';
import { defineTraining } from 'pixelpilot';
import { FIRSTGAME_ACTIONS, GRAVITY_Y, HEIGHT, WIDTH } from './firstgame_rules';
import { FirstGameScene } from './firstgame_scene';

export default defineTraining({
  game: { type: Phaser.CANVAS, width: WIDTH, height: HEIGHT, physics: { default: 'arcade', arcade: { gravity: { y: GRAVITY_Y }, debug: false } } },
  scene: FirstGameScene,
  actions: FIRSTGAME_ACTIONS,
  observation: { width: 80, height: 60, grayscale: true },
  attach: (scene) => ({
    act: (a: number) => scene.act(a),
    reward: () => scene.takeReward(),
    done: () => scene.takeDone(),
    decisionPeriod: 4,
    maxStep: 400,
  }),
  // `pixelpilot record --game` records this scripted player: it runs and jumps towards the nearest star.
  heuristic: (scene) => scene.chaseStar(),
});
