/**
 * The rules of the pong game (one paddle against three walls), with no Phaser in them, so that the
 * same code runs the demo's scene and a Node Env (test/demos/) where a spec can be checked to
 * learn before going to the browser.
 *
 * A ball starts near the top at a random place and angle, bounces off the left, right and top
 * walls, and must be returned by the paddle at the bottom. One rule step is one game frame.
 * Returning the ball gives +1 (its new angle depends on where it hit the paddle, as in Pong);
 * letting it pass gives -1 and ends the episode. After the end, the next `step` serves a new ball
 * instead of advancing, so that the first frame an agent observes in an episode shows the serve.
 */
import { Rng } from 'pixelpilot/lab';
import type { Box, RuleStep } from '../shared/game_rules';

export type { Box, RuleStep };

/** Side length of the square field, in field units. */
export const FIELD = 100;
/** The game's actions, in the order of the agent's action indices. */
export const PONG_ACTIONS = ['left', 'stay', 'right'] as const;

const BALL = 6;
const PADDLE = { y: 90, w: 26, h: 4, speed: 3 };
/** Vertical ball speed (field units per frame): a serve reaches the paddle in ~40 frames. */
const BALL_VY = 2;
const MAX_VX = 2;

/** Options of the rules. */
export interface PongRulesOptions {
  /** Seed of the serves. Default 0. */
  seed?: number;
}

/** The pong game's state and rules. */
export class PongRules {
  ballX = 0;
  ballY = 0;
  vx = 0;
  vy = 0;
  paddleX = (FIELD - PADDLE.w) / 2;
  /** Returns in this episode. */
  hits = 0;
  /** True after a miss (the next step serves). */
  over = false;
  private rng: Rng;

  constructor(options: PongRulesOptions = {}) {
    this.rng = new Rng(options.seed ?? 0);
    this.reset();
  }

  /** Serves a new ball from a random place near the top, downwards at a random angle; the paddle stays where it is. */
  reset(): void {
    this.ballX = 4 + this.rng.uniform() * (FIELD - BALL - 8);
    this.ballY = 6;
    this.vx = (this.rng.uniform() * 2 - 1) * MAX_VX;
    this.vy = BALL_VY;
    this.hits = 0;
    this.over = false;
  }

  /** One game frame with `action` (0 left, 1 stay, 2 right) in force. */
  step(action: number): RuleStep {
    if (this.over) {
      this.reset();
      return { reward: 0, done: false };
    }
    const move = action === 0 ? -PADDLE.speed : action === 2 ? PADDLE.speed : 0;
    this.paddleX = Math.min(FIELD - PADDLE.w, Math.max(0, this.paddleX + move));
    this.ballX += this.vx;
    this.ballY += this.vy;
    if (this.ballX < 0) [this.ballX, this.vx] = [-this.ballX, -this.vx];
    if (this.ballX > FIELD - BALL) [this.ballX, this.vx] = [2 * (FIELD - BALL) - this.ballX, -this.vx];
    if (this.ballY < 0) [this.ballY, this.vy] = [-this.ballY, -this.vy];
    if (this.vy > 0 && this.ballY + BALL >= PADDLE.y) {
      const centre = this.ballX + BALL / 2;
      const offset = (centre - (this.paddleX + PADDLE.w / 2)) / (PADDLE.w / 2 + BALL / 2);
      if (Math.abs(offset) <= 1) {
        this.ballY = PADDLE.y - BALL;
        this.vy = -BALL_VY;
        this.vx = offset * MAX_VX;
        this.hits++;
        return { reward: 1, done: false };
      }
      this.over = true;
      return { reward: -1, done: true };
    }
    return { reward: 0, done: false };
  }

  /** What to draw, always the same two boxes in the same order (ball, paddle). */
  boxes(): Box[] {
    return [
      { x: this.ballX, y: this.ballY, w: BALL, h: BALL, shade: 1 },
      { x: this.paddleX, y: PADDLE.y, w: PADDLE.w, h: PADDLE.h, shade: 1 },
    ];
  }
}
