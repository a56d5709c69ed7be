import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cartPoleV1 } from '../../../src/env/cartpole';
import { EnvError } from '../../../src/util/errors';
import { TimeLimit } from '../../../src/env/wrappers/time_limit';
import { counterEnv } from '../helpers/counter_env';

describe('TimeLimit (max_t)', () => {
  test('truncates after max_t steps and restarts the count on reset', () => {
    const env = new TimeLimit(counterEnv({ length: 100 }), 3);
    for (let episode = 0; episode < 2; episode++) {
      env.reset();
      assert.equal(env.step(0).truncated, false);
      assert.equal(env.step(0).truncated, false);
      const r = env.step(0);
      assert.equal(r.truncated, true);
      assert.equal(r.terminated, false);
    }
  });

  test("keeps the env's own termination and truncation", () => {
    const ends = new TimeLimit(counterEnv({ length: 2 }), 10);
    ends.reset();
    ends.step(0);
    assert.deepEqual([ends.step(0)].map((r) => [r.terminated, r.truncated]), [[true, false]]);
    const both = new TimeLimit(counterEnv({ length: 2 }), 2);
    both.reset();
    both.step(0);
    const r = both.step(0);
    assert.deepEqual([r.terminated, r.truncated], [true, true]);
  });

  test('cuts CartPole short', () => {
    const env = new TimeLimit(cartPoleV1(), 5);
    env.reset({ seed: 0 });
    const flags = Array.from({ length: 5 }, (_, i) => env.step(i % 2).truncated);
    assert.deepEqual(flags, [false, false, false, false, true]);
  });

  test('max_t must be a positive integer', () => {
    assert.throws(() => new TimeLimit(counterEnv(), 0), EnvError);
    assert.throws(() => new TimeLimit(counterEnv(), 2.5), /max_t must be a positive integer/);
  });
});
