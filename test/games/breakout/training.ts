/**
 * The training entry of the breakout port: `pixelpilot train SPEC --game test/games/breakout/training.ts`.
 * One agent round is one ball (it ends when the ball is lost), cut at 500 decisions (a ball that
 * is never launched, or a long rally), and each begins from a new game (`onDone: 'restart'`). The agent sees the whole canvas at 80x60 gray (the ball is
 * 2x2 pixels there) and decides every 4 frames (15 decisions a second).
 * Random starts: no no-op decisions (`noopMax: 0`: every action, `stay` too, launches a waiting
 * ball, so a no-op start would let the ball fly while the paddle waits); `reset` puts the paddle,
 * and the ball waiting on it, anywhere along its row instead.
 */
import * as Phaser from 'phaser';
import { defineTraining } from 'pixelpilot';
import { HEIGHT, PADDLE_MAX_X, PADDLE_MIN_X, WIDTH } from './breakout_rules';
import { BREAKOUT_ACTIONS, BreakoutScene } from './breakout_scene';

export default defineTraining({
  game: { type: Phaser.CANVAS, width: WIDTH, height: HEIGHT, physics: { default: 'arcade' } },
  scene: BreakoutScene,
  actions: BREAKOUT_ACTIONS,
  observation: { width: 80, height: 60, grayscale: true },
  attach: (scene) => ({
    act: (a: number) => scene.act(a),
    reward: () => scene.takeReward(),
    done: () => scene.takeDone(),
    decisionPeriod: 4,
    maxStep: 500,
  }),
  // One ball is one episode, but the game goes on: the wall stays as the last ball left it. Restart
  // the scene after a lost ball, so that every ball starts from a full wall as a player's first does
  // (else the copies play ever emptier walls as training goes on).
  onDone: 'restart',
  noopMax: 0,
  reset: (scene, rng) => scene.movePointer(PADDLE_MIN_X + rng.uniform() * (PADDLE_MAX_X - PADDLE_MIN_X)),
  // `pixelpilot record --game` records this scripted player: the paddle follows the ball.
  heuristic: (scene) => scene.trackBall(),
});
