/**
 * Phaser's breakout example (phaserjs/examples public/src/games/breakout/breakout.js) as a Phaser 4
 * TypeScript scene, its rules kept: a 10x6 wall of static bricks, a ball with Bounce 1 in a world
 * with no floor, a paddle that follows the pointer (clamped to 52..748) and launches the ball at
 * (-75, -300) px/s when the pointer is released, the paddle's off-centre bounce, a brick gone at
 * each hit, the ball back on the paddle when it falls below y 600, and the wall rebuilt (ball back
 * on the paddle) when the last brick goes. The example has no score, lives or game over.
 *
 * Added for the agent, as a game developer would add them: `act` drives the pointer (left and
 * right move it 10 px a frame from the paddle, like a mouse dragged at 600 px/s) and releases it
 * every frame, like a player who keeps clicking: a ball that waits on the paddle is launched at
 * once (a separate 'launch' action was tried: greedy policies then never launched, see
 * test/games/README.md); `takeReward` hands over the bricks broken since its last call (the score
 * the example never drew), and `takeDone` says once that a ball was lost (a round, for the agent).
 */
import * as Phaser from 'phaser';
import { addBreakoutAtlas } from './breakout_art';
import {
  BALL_START_Y,
  BRICK_FRAMES,
  BRICK_GRID,
  LAUNCH_VELOCITY,
  LOST_BELOW_Y,
  paddleBounceVelocityX,
  paddleXForPointer,
  PADDLE_Y,
  WIDTH,
} from './breakout_rules';

/** The agent's actions: move the pointer left, keep it, move it right (each one also releases it). */
export const BREAKOUT_ACTIONS = ['left', 'stay', 'right'] as const;
/** Pixels the agent's pointer moves in a frame. */
export const POINTER_STEP = 10;

type Ball = Phaser.Types.Physics.Arcade.ImageWithDynamicBody;
type Brick = Phaser.Types.Physics.Arcade.ImageWithStaticBody;

export class BreakoutScene extends Phaser.Scene {
  private bricks!: Phaser.Physics.Arcade.StaticGroup;
  private paddle!: Phaser.Types.Physics.Arcade.ImageWithDynamicBody;
  private ball!: Ball;

  // For the agent.
  private pendingReward = 0;
  private ballLost = false;

  constructor() {
    super({ key: 'breakout' });
  }

  preload(): void {
    // The example loads an atlas; its frames are drawn here instead.
    addBreakoutAtlas(this.textures);
  }

  create(): void {
    // Walls left, right and top; no floor.
    this.physics.world.setBoundsCollision(true, true, true, false);

    // One row per colour, ten bricks each.
    this.bricks = this.physics.add.staticGroup({
      key: 'assets',
      frame: [...BRICK_FRAMES],
      frameQuantity: BRICK_GRID.width,
      gridAlign: { ...BRICK_GRID },
    });

    this.ball = this.physics.add.image(WIDTH / 2, BALL_START_Y, 'assets', 'ball1').setCollideWorldBounds(true).setBounce(1);
    this.ball.setData('onPaddle', true);

    this.paddle = this.physics.add.image(WIDTH / 2, PADDLE_Y, 'assets', 'paddle1').setImmovable();

    this.physics.add.collider(this.ball, this.bricks, (ball, brick) => this.hitBrick(ball as Ball, brick as Brick));
    this.physics.add.collider(this.ball, this.paddle, (ball, paddle) => this.hitPaddle(ball as Ball, paddle as Ball));

    this.input.on('pointermove', (pointer: Phaser.Input.Pointer) => this.movePointer(pointer.x));
    this.input.on('pointerup', () => this.releasePointer());
  }

  /** The pointer moved to `x`: the paddle follows it, and so does a ball that waits on it. */
  movePointer(x: number): void {
    this.paddle.x = paddleXForPointer(x);
    if (this.ball.getData('onPaddle')) this.ball.x = this.paddle.x;
  }

  /** The pointer was released: a ball on the paddle is launched. */
  releasePointer(): void {
    if (!this.ball.getData('onPaddle')) return;
    this.ball.setVelocity(LAUNCH_VELOCITY.x, LAUNCH_VELOCITY.y);
    this.ball.setData('onPaddle', false);
  }

  hitBrick(_ball: Ball, brick: Brick): void {
    brick.disableBody(true, true);
    this.pendingReward += 1;
    if (this.bricks.countActive() === 0) this.resetLevel();
  }

  resetBall(): void {
    this.ball.setVelocity(0);
    this.ball.setPosition(this.paddle.x, BALL_START_Y);
    this.ball.setData('onPaddle', true);
  }

  resetLevel(): void {
    this.resetBall();
    for (const brick of this.bricks.getChildren()) (brick as Brick).enableBody(false, 0, 0, true, true);
  }

  hitPaddle(ball: Ball, paddle: Ball): void {
    ball.setVelocityX(paddleBounceVelocityX(ball.x, paddle.x, Math.random));
  }

  override update(): void {
    if (this.ball.y > LOST_BELOW_Y) {
      this.resetBall();
      this.ballLost = true;
    }
  }

  // ---- the agent's hooks ----

  /** Plays action `a` of BREAKOUT_ACTIONS for one frame, then releases the pointer. */
  act(a: number): void {
    const name = BREAKOUT_ACTIONS[a];
    if (name === 'left') this.movePointer(this.paddle.x - POINTER_STEP);
    else if (name === 'right') this.movePointer(this.paddle.x + POINTER_STEP);
    this.releasePointer();
  }

  /**
   * A scripted player's action (the training entry's heuristic): keep the paddle under the ball,
   * within a dead band of 20 px (a decision of 4 frames moves it 40 px).
   */
  trackBall(): number {
    const d = this.ball.x - this.paddle.x;
    return d < -20 ? 0 : d > 20 ? 2 : 1;
  }

  /** Bricks broken since the last call. */
  takeReward(): number {
    const r = this.pendingReward;
    this.pendingReward = 0;
    return r;
  }

  /** True once after each lost ball. */
  takeDone(): boolean {
    const d = this.ballLost;
    this.ballLost = false;
    return d;
  }
}
