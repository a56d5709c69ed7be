/**
 * The snake example's rules (test/games/snake/snake_rules.ts): timing by game time, wrapping,
 * right-angle turns only, growth at the tail, the speed-up every fifth food, death by the body,
 * and food only on free cells.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOWN, Food, GRID_HEIGHT, GRID_WIDTH, LEFT, repositionFood, Snake, UP, wrap } from './snake_rules';

test('the snake moves one cell per `speed` ms of game time, not between', () => {
  const s = new Snake(8, 8);
  assert.equal(s.update(0), true);
  assert.deepEqual(s.body[0], { x: 9, y: 8 });
  assert.equal(s.update(99.9), undefined);
  assert.deepEqual(s.body[0], { x: 9, y: 8 });
  assert.equal(s.update(100), true);
  assert.deepEqual(s.body[0], { x: 10, y: 8 });
});

test('the sides wrap: right of column 39 is column 0, above row 0 is row 29', () => {
  assert.equal(wrap(40, 0, 40), 0);
  assert.equal(wrap(-1, 0, 30), 29);
  const s = new Snake(GRID_WIDTH - 1, 0);
  s.move(0);
  assert.deepEqual(s.body[0], { x: 0, y: 0 });
  s.faceUp();
  s.move(100);
  assert.deepEqual(s.body[0], { x: 0, y: GRID_HEIGHT - 1 });
});

test('turns are at right angles only: reversing is ignored', () => {
  const s = new Snake(8, 8); // heading right
  s.faceLeft();
  assert.notEqual(s.heading, LEFT);
  s.faceDown();
  assert.equal(s.heading, DOWN);
  // The heading turns into the direction only at the next move: a second turn before it replaces the first.
  s.faceUp();
  assert.equal(s.heading, UP, 'the direction is still right: up replaces down');
  s.move(0);
  s.faceDown();
  assert.equal(s.heading, UP, 'now moving up: down is a reversal');
});

test('eating grows the snake into the cell its tail left, and food.total counts', () => {
  const s = new Snake(8, 8);
  const food = new Food(9, 8);
  s.move(0);
  assert.equal(s.collideWithFood(food), true);
  assert.equal(food.total, 1);
  assert.deepEqual(s.body, [{ x: 9, y: 8 }, { x: 8, y: 8 }]);
  assert.equal(s.collideWithFood(new Food(0, 0)), false);
});

test('every fifth food takes 5 ms off the move time while it is over 20', () => {
  const s = new Snake(8, 8);
  const food = new Food(0, 0);
  const speeds: number[] = [];
  for (let i = 0; i < 100; i++) {
    food.x = s.body[0]!.x;
    food.y = s.body[0]!.y;
    s.collideWithFood(food);
    speeds.push(s.speed);
  }
  assert.equal(speeds[3], 100);
  assert.equal(speeds[4], 95);
  assert.equal(speeds[9], 90);
  assert.equal(Math.min(...speeds), 20);
  assert.equal(speeds.indexOf(20), 79, '16 speed-ups of 5 ms, at food 80');
});

test('the snake dies when its head runs into its body, and then stops moving on', () => {
  const s = new Snake(8, 8);
  // Grow to 5 cells, then turn in a tight square into the body.
  for (let i = 0; i < 4; i++) s.body.push({ x: 8 - i - 1, y: 8 });
  s.faceDown();
  assert.equal(s.move(0), true);
  s.faceLeft();
  assert.equal(s.move(100), true);
  s.faceUp();
  assert.equal(s.move(200), false);
  assert.equal(s.alive, false);
  assert.equal(s.moveTime, 200, 'no move planned after the one at 100 ms');
});

test('food goes only to cells the snake does not cover; none free is a win (false)', () => {
  const s = new Snake(0, 0);
  for (let i = 1; i < GRID_WIDTH * GRID_HEIGHT - 1; i++) s.body.push({ x: i % GRID_WIDTH, y: Math.floor(i / GRID_WIDTH) });
  const food = new Food(3, 4);
  assert.equal(repositionFood(food, s, (cells) => cells[0]!), true);
  assert.deepEqual([food.x, food.y], [GRID_WIDTH - 1, GRID_HEIGHT - 1], 'the one free cell');
  s.body.push({ x: GRID_WIDTH - 1, y: GRID_HEIGHT - 1 });
  assert.equal(repositionFood(food, s, () => assert.fail('no cell to pick')), false);
});
