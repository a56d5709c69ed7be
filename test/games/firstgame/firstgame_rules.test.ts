/** The first-game tutorial's Phaser-free rules (test/games/firstgame/firstgame_rules.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bombDropX, FIRSTGAME_ACTIONS, keysOfAction, STAR_COUNT, STAR_FIRST_X, STAR_STEP_X, STAR_SIZE, WIDTH } from './firstgame_rules';

test('a bomb drops on the half of the world the player is not in', () => {
  const calls: [number, number][] = [];
  const between = (min: number, max: number) => {
    calls.push([min, max]);
    return min;
  };
  assert.equal(bombDropX(100, between), 400);
  assert.equal(bombDropX(399.9, between), 400);
  assert.equal(bombDropX(400, between), 0);
  assert.equal(bombDropX(700, between), 0);
  assert.deepEqual(calls, [[400, 800], [400, 800], [0, 400], [0, 400]]);
});

test('the twelve stars fit across the world, 70 pixels apart', () => {
  const last = STAR_FIRST_X + (STAR_COUNT - 1) * STAR_STEP_X;
  assert.equal(last, 782);
  assert.ok(last + STAR_SIZE.width / 2 <= WIDTH);
});

test('each action holds its cursor keys; left and right never together', () => {
  const held = FIRSTGAME_ACTIONS.map((_, a) => keysOfAction(a));
  assert.deepEqual(held, [
    { left: false, right: false, up: false },
    { left: true, right: false, up: false },
    { left: false, right: true, up: false },
    { left: false, right: false, up: true },
    { left: true, right: false, up: true },
    { left: false, right: true, up: true },
  ]);
  assert.deepEqual(keysOfAction(99), { left: false, right: false, up: false });
});
