/**
 * The rules of Phaser's breakout example (phaserjs/examples public/src/games/breakout/breakout.js)
 * that do not need Phaser: its sizes, speeds and the paddle's bounce, as numbers and small pure
 * functions the scene uses and the unit tests check. Arcade physics does the rest (bounces off the
 * walls and bricks, Bounce 1) in the scene.
 */

/** The game's canvas, as the example's config has it. */
export const WIDTH = 800;
export const HEIGHT = 600;

/** Sizes of the example's atlas frames (assets/games/breakout/breakout.json), in pixels. */
export const BALL_SIZE = 22;
export const PADDLE_WIDTH = 105;
export const PADDLE_HEIGHT = 25;
export const BRICK_WIDTH = 64;
export const BRICK_HEIGHT = 32;

/** The brick wall: 10 columns x 6 rows of colours, one colour per row, cells of 64x32 from (112, 100). */
export const BRICK_FRAMES = ['blue1', 'red1', 'green1', 'yellow1', 'silver1', 'purple1'] as const;
export const BRICK_COLUMNS = 10;
export const BRICK_GRID = { width: 10, height: 6, cellWidth: 64, cellHeight: 32, x: 112, y: 100 } as const;

/** Where the ball waits on the paddle, and the paddle's row. */
export const BALL_START_Y = 500;
export const PADDLE_Y = 550;
/** The pointer's x is clamped to these, so that the paddle stays on the canvas. */
export const PADDLE_MIN_X = 52;
export const PADDLE_MAX_X = 748;
/** The launch velocity when the pointer is released with the ball on the paddle, px/s. */
export const LAUNCH_VELOCITY = { x: -75, y: -300 } as const;
/** The ball is lost once it is below this y (the floor has no wall). */
export const LOST_BELOW_Y = 600;

/** Where the paddle goes for a pointer at `x`. */
export function paddleXForPointer(x: number): number {
  return Math.min(PADDLE_MAX_X, Math.max(PADDLE_MIN_X, x));
}

/**
 * The ball's horizontal velocity after it hits the paddle: 10 px/s per pixel between their centres,
 * away from the paddle's centre; a dead-centre hit gets a small random push to the right
 * (2 to 10 px/s, from `random()` in [0, 1)) so that the ball never bounces straight up for ever.
 */
export function paddleBounceVelocityX(ballX: number, paddleX: number, random: () => number): number {
  if (ballX < paddleX) return -10 * (paddleX - ballX);
  if (ballX > paddleX) return 10 * (ballX - paddleX);
  return 2 + random() * 8;
}
