/**
 * The training entry of the snake port: `pixelpilot train SPEC --game test/games/snake/training.ts`.
 * The agent holds a cursor key, decides every 6 frames (the snake's first speed, 100 ms, is 6
 * frames at 60 fps), and sees the 640x480 canvas at 80x60 gray (a cell is 2x2 pixels). A game ends
 * when the snake dies; it is cut at 300 decisions (a snake that never dies: the sides wrap).
 * `seed` fixes Phaser.Math.RND (the food's cells): Phaser seeds it from Date.now() otherwise, and
 * runs with the same --seed would differ.
 */
import * as Phaser from 'phaser';
import { defineTraining } from 'pixelpilot';
import { SNAKE_ACTIONS, SNAKE_HEIGHT, SNAKE_WIDTH, SnakeScene } from './snake_scene';

export default defineTraining({
  game: { type: Phaser.CANVAS, width: SNAKE_WIDTH, height: SNAKE_HEIGHT, backgroundColor: '#bfcc00', seed: ['snake'] },
  scene: SnakeScene,
  actions: SNAKE_ACTIONS,
  observation: { width: 80, height: 60, grayscale: true },
  attach: (scene) => ({
    act: (a: number) => scene.act(a),
    reward: () => scene.takeReward(),
    done: () => scene.takeDone(),
    decisionPeriod: 6,
    maxStep: 300,
  }),
});
