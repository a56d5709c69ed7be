/**
 * The 'reward-always-zero' warning: every reward of the first ZERO_REWARD_STEPS steps (decisions
 * over all players) was exactly 0.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ZERO_REWARD_STEPS } from '../../src/attach/zero_reward_warning';
import { warningLoop } from './warning_loop';

const N = ZERO_REWARD_STEPS;

describe('reward-always-zero', () => {
  test('no reward() and no addReward while learning: one warning once N steps closed; none when a reward arrives, late (from reward() or addReward) or negative', async () => {
    const s = warningLoop({ done: () => s.loop.counters.frames % 100 === 0 });
    // Steps close one decision after they open: N steps are closed at decision N + 1 (+ the episode starts).
    while (s.trainer.steps.length < N - 1) await s.run(1);
    assert.equal(s.warnings.length, 0, 'not before the threshold');
    while (s.trainer.steps.length < N + 300) await s.run(1);
    assert.deepEqual(s.codes(), ['reward-always-zero']);
    const w = s.warnings[0]!;
    assert.equal(w.player, undefined);
    assert.ok(w.message.startsWith(`every reward in the first ${N} steps (decisions over all players) was exactly 0: no reward() was given and addReward() was never called, so there is nothing to learn from`), w.message);
    assert.match(w.message, /addReward\(r\)/);

    // Out of the trap: rewards that are not all 0.
    let frame = 0;
    const late = warningLoop({ reward: () => (++frame === N - 50 ? -1 : 0), done: () => frame % 100 === 0 });
    await late.runDecisions(N + 100);
    const pushed = warningLoop({ reward: () => 0 });
    while (pushed.loop.counters.decisions < N + 100) {
      if (pushed.loop.counters.frames === 700) pushed.loop.addReward(0.5);
      await pushed.run(1);
    }
    const ordinary = warningLoop({ reward: () => 1 });
    await ordinary.runDecisions(N + 100);
    for (const s of [late, pushed, ordinary]) assert.deepEqual(s.codes().filter((c) => c === 'reward-always-zero'), []);
  });

  test('a reward() that always returns 0 says so; steps of every player count', async () => {
    let frame = 0;
    const s = warningLoop({ reward: () => 0, done: (p) => (frame + p) % 60 === 0 }, { players: 4 });
    while (s.loop.counters.decisions < N / 4 + 5) {
      frame++;
      await s.run(1);
    }
    assert.deepEqual(s.codes(), ['reward-always-zero'], `${s.loop.counters.decisions} decisions of 4 players`);
    assert.match(s.warnings[0]!.message, /reward\(\) always returned 0 and addReward\(\) was never called/);
  });

  test('in inference, never without reward() (a shipped bot that does not count returns); with a reward() that returns 0, once', async () => {
    const quiet = warningLoop({ mode: 'inference', done: () => quiet.loop.counters.frames % 100 === 0 });
    await quiet.runDecisions(N + 100);
    assert.deepEqual(quiet.warnings, []);
    const told = warningLoop({ mode: 'inference', reward: () => 0, done: () => told.loop.counters.frames % 100 === 0 });
    await told.runDecisions(N + 100);
    assert.deepEqual(told.codes(), ['reward-always-zero']);
  });
});
