/** The first-game tutorial's Phaser-free rules (test/games/firstgame/firstgame_rules.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bombDropX, FIRSTGAME_ACTIONS, keysOfAction, STAR_COUNT, STAR_FIRST_X, STAR_STEP_X, STAR_SIZE, WIDTH, chaseStarAction, LEDGES, ledgeUnder } from './firstgame_rules';

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

test('ledges: the ground and three ledges, each object on the highest one under some of it', () => {
  assert.deepEqual(LEDGES.map((l) => [l.top, l.left, l.right]), [[536, 0, 800], [384, 400, 800], [234, -150, 250], [204, 550, 950]]);
  assert.equal(ledgeUnder(100, 536, 16), 0, 'on the ground');
  assert.equal(ledgeUnder(600, 384, 16), 1, 'on ledge 1');
  assert.equal(ledgeUnder(600, 536, 16), 0, 'on the ground under ledge 1');
  assert.equal(ledgeUnder(540, 204, 16), 3, 'on ledge 3 by 6 of his 32 pixels');
  assert.equal(ledgeUnder(782, 0, 12), 3, 'a star dropped at x 782 falls onto ledge 3');
  assert.equal(ledgeUnder(362, 0, 12), 0, 'one at x 362 onto the ground');
});

test('the scripted player runs to a star on his ledge, drops to a lower one and climbs one ledge at a time to a higher one', () => {
  const standing = (x: number, top: number) => ({ x, y: top - 24, vx: 0, vy: 0, onFloor: true });
  assert.equal(chaseStarAction(standing(100, 536), [{ x: 292, y: 525 }]), 'right');
  assert.equal(chaseStarAction(standing(400, 536), [{ x: 292, y: 525 }]), 'left');
  assert.equal(chaseStarAction(standing(292, 536), []), 'none');
  // Ledge 1's star from the ground: run at its left edge, take off 60-140 px short, back out from under it.
  assert.equal(chaseStarAction(standing(100, 536), [{ x: 432, y: 373 }]), 'right');
  assert.equal(chaseStarAction(standing(300, 536), [{ x: 432, y: 373 }]), 'right+up');
  assert.equal(chaseStarAction(standing(450, 536), [{ x: 432, y: 373 }]), 'left');
  // Ledge 3's star from the ground climbs ledge 1 first; from ledge 1, jumps at ledge 3's left edge.
  assert.equal(chaseStarAction(standing(300, 536), [{ x: 700, y: 193 }]), 'right+up');
  assert.equal(chaseStarAction(standing(440, 384), [{ x: 700, y: 193 }]), 'right+up');
  // Ledge 2's star from ledge 1: off its left end, leftwards; from ledge 3: down first.
  assert.equal(chaseStarAction(standing(420, 384), [{ x: 100, y: 223 }]), 'left+up');
  assert.equal(chaseStarAction(standing(700, 204), [{ x: 100, y: 223 }]), 'left');
  // A star on the ground under ledge 1, seen from ledge 1: off its inner (left) end.
  assert.equal(chaseStarAction(standing(700, 384), [{ x: 650, y: 525 }]), 'left');
  // Rising, he keeps his run; falling, he steers for his take-off point.
  assert.equal(chaseStarAction({ x: 360, y: 450, vx: 160, vy: -200, onFloor: false }, [{ x: 432, y: 373 }]), 'right');
  assert.equal(chaseStarAction({ x: 200, y: 450, vx: -160, vy: 100, onFloor: false }, [{ x: 432, y: 373 }]), 'right');
});
