import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvError } from '../../../src/util/errors';
import { ScaleReward } from '../../../src/env/wrappers/reward_scale';
import { counterEnv } from '../helpers/counter_env';

const rewardsOf = (env: ScaleReward, n: number): number[] => {
  env.reset();
  return Array.from({ length: n }, () => env.step(0).reward);
};

describe('ScaleReward (reward_scale)', () => {
  test("'sign' clips rewards to -1, 0, 1", () => {
    const env = new ScaleReward(counterEnv({ length: 10, rewards: [21, -0.5, 0, -0, 1e-9, -3] }), 'sign');
    const got = rewardsOf(env, 6);
    assert.deepEqual(got, [1, -1, 0, 0, 1, -1]);
    assert.ok(Object.is(got[3], 0), 'sign(-0) is reported as 0');
  });

  test('a number multiplies rewards', () => {
    assert.deepEqual(rewardsOf(new ScaleReward(counterEnv({ length: 10, rewards: [2, -4, 0] }), 0.5), 3), [1, -2, 0]);
  });

  test('observations and flags pass through', () => {
    const inner = counterEnv({ length: 1, rewards: [5] });
    const env = new ScaleReward(inner, 'sign');
    const first = env.reset().observation;
    const r = env.step(1);
    assert.deepEqual(first, Float32Array.of(0, 1, 2));
    assert.deepEqual(r, { observation: Float32Array.of(1000, 1001, 1002), reward: 1, terminated: true, truncated: false });
    assert.deepEqual(inner.actions, [1]);
  });

  test('a bad scale is an EnvError', () => {
    assert.throws(() => new ScaleReward(counterEnv(), NaN), EnvError);
    assert.throws(() => new ScaleReward(counterEnv(), 'clip' as never), /reward_scale must be 'sign' or a finite number/);
  });
});
