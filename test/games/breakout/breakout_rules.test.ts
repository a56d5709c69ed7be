/** The breakout example's rules that need no Phaser (test/games/breakout/breakout_rules.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BRICK_FRAMES, BRICK_GRID, BRICK_HEIGHT, BRICK_WIDTH, HEIGHT, paddleBounceVelocityX, paddleXForPointer, PADDLE_WIDTH, WIDTH } from './breakout_rules';

test('the paddle sends the ball away from its centre at 10 px/s per pixel off-centre', () => {
  const never = () => assert.fail('no random draw off-centre');
  assert.equal(paddleBounceVelocityX(390, 400, never), -100);
  assert.equal(paddleBounceVelocityX(452, 400, never), 520);
});

test('a dead-centre hit gets a random push of 2 to 10 px/s to the right', () => {
  assert.equal(paddleBounceVelocityX(400, 400, () => 0), 2);
  assert.equal(paddleBounceVelocityX(400, 400, () => 0.5), 6);
  assert.ok(paddleBounceVelocityX(400, 400, () => 0.999999) < 10);
});

test('the pointer moves the paddle within 52..748 (half a paddle from the sides)', () => {
  assert.equal(paddleXForPointer(-30), 52);
  assert.equal(paddleXForPointer(300), 300);
  assert.equal(paddleXForPointer(900), 748);
  assert.ok(52 >= PADDLE_WIDTH / 2 - 1 && 748 + PADDLE_WIDTH / 2 - 1 <= WIDTH);
});

test('the wall is 6 rows of one colour, 10 bricks of 64x32 each, on the canvas', () => {
  assert.equal(BRICK_FRAMES.length, BRICK_GRID.height);
  assert.equal(BRICK_GRID.cellWidth, BRICK_WIDTH);
  assert.equal(BRICK_GRID.cellHeight, BRICK_HEIGHT);
  // Phaser 4's GridAlign takes x, y as the grid's top-left corner.
  assert.ok(BRICK_GRID.x + BRICK_GRID.width * BRICK_WIDTH <= WIDTH);
  assert.ok(BRICK_GRID.y + BRICK_GRID.height * BRICK_HEIGHT < HEIGHT / 2);
});
