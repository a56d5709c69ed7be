/**
 * The pong demo's rules (demos/pong/pong_rules.ts): walls bounce, the paddle returns the ball
 * (+1) or misses it (-1, the end), the next step serves, the paddle stays on the field, and a
 * paddle that follows the ball never misses (the game is winnable from what the screen shows).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD, PongRules } from '../../demos/pong/pong_rules';

describe('PongRules', () => {
  test('the ball bounces off the left, right and top walls', () => {
    const rules = new PongRules({ seed: 1 });
    rules.ballX = 1;
    rules.ballY = 50;
    rules.vx = -2;
    rules.vy = -2;
    rules.step(1);
    assert.equal(rules.vx, 2);
    assert.ok(rules.ballX >= 0);
    rules.ballX = FIELD - 7;
    rules.step(1);
    assert.equal(rules.vx, -2);
    rules.ballY = 1;
    rules.step(1);
    assert.equal(rules.vy, 2);
    assert.ok(rules.ballY >= 0);
  });

  test('a ball reaching the paddle is returned (+1), with an angle from where it hit', () => {
    const rules = new PongRules({ seed: 1 });
    rules.paddleX = 40;
    rules.ballX = 56; // right of the paddle's centre (53)
    rules.ballY = 83;
    rules.vx = 0;
    rules.vy = 2;
    assert.deepEqual(rules.step(1), { reward: 1, done: false });
    assert.ok(rules.vy < 0);
    assert.ok(rules.vx > 0, 'hit right of centre goes right');
    assert.equal(rules.hits, 1);
  });

  test('a ball passing the paddle costs -1 and ends the episode; the next step serves', () => {
    const rules = new PongRules({ seed: 1 });
    rules.paddleX = 0;
    rules.ballX = 80;
    rules.ballY = 83;
    rules.vx = 0;
    rules.vy = 2;
    assert.deepEqual(rules.step(1), { reward: -1, done: true });
    assert.equal(rules.over, true);
    assert.deepEqual(rules.step(1), { reward: 0, done: false });
    assert.equal(rules.over, false);
    assert.equal(rules.hits, 0);
    assert.ok(rules.ballY < 10 && rules.vy > 0, 'served from the top, downwards');
  });

  test('the paddle stays on the field', () => {
    const rules = new PongRules({ seed: 1 });
    for (let i = 0; i < 100; i++) rules.step(0);
    assert.equal(rules.boxes()[1]!.x, 0);
    const right = new PongRules({ seed: 1 });
    for (let i = 0; i < 100; i++) right.step(2);
    const p = right.boxes()[1]!;
    assert.equal(p.x + p.w, FIELD);
  });

  test('a paddle that follows the ball (deciding every 4 frames) never misses; a still one does', () => {
    const follow = (rules: PongRules): number => {
      const ball = rules.boxes()[0]!;
      const paddle = rules.boxes()[1]!;
      const d = ball.x + ball.w / 2 - (paddle.x + paddle.w / 2);
      return d < -3 ? 0 : d > 3 ? 2 : 1;
    };
    const play = (policy: (r: PongRules) => number): { hits: number; misses: number } => {
      const rules = new PongRules({ seed: 4 });
      let hits = 0;
      let misses = 0;
      let action = 1;
      for (let frame = 0; frame < 20_000; frame++) {
        if (frame % 4 === 0) action = policy(rules);
        const r = rules.step(action);
        if (r.reward > 0) hits++;
        if (r.done) misses++;
      }
      return { hits, misses };
    };
    const good = play(follow);
    assert.equal(good.misses, 0, JSON.stringify(good));
    assert.ok(good.hits > 100, JSON.stringify(good));
    const still = play(() => 1);
    assert.ok(still.misses > 50, JSON.stringify(still));
  });
});
