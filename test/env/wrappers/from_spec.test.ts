import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { catchEnv } from '../../../src/env/catch';
import { EnvError } from '../../../src/util/errors';
import { EpisodeLog } from '../../../src/env/wrappers/episode_stats';
import { makeVectorEnv, readEnvWrapperSpec, wrapEnv } from '../../../src/env/wrappers/from_spec';
import { counterEnv } from '../helpers/counter_env';

describe('env section wrappers', () => {
  test('reads SLM Lab env sections, defaulting every wrapper off', () => {
    const pong = { name: 'PongNoFrameskip-v4', frame_op: 'concat', frame_op_len: 4, reward_scale: 'sign', num_envs: 16, max_t: null, max_frame: 4e6 };
    assert.deepEqual(readEnvWrapperSpec(pong), { frame_op: 'concat', frame_op_len: 4, max_t: null, reward_scale: 'sign', num_envs: 16 });
    assert.deepEqual(readEnvWrapperSpec({ name: 'CartPole-v0', max_t: null, max_frame: 500 }), {
      frame_op: null,
      frame_op_len: null,
      max_t: null,
      reward_scale: null,
      num_envs: 1,
    });
  });

  test('collects every problem with its path into one EnvError', () => {
    assert.throws(
      () => readEnvWrapperSpec({ frame_op: 'mean', max_t: 0, reward_scale: 'clip', num_envs: 1.5 }),
      (e: unknown) => {
        assert.ok(e instanceof EnvError);
        assert.match(e.message, /^5 problems in the env section/);
        for (const p of ['env.frame_op:', 'env.frame_op_len: is required', 'env.max_t:', 'env.reward_scale:', 'env.num_envs:']) assert.ok(e.message.includes(p), p);
        return true;
      },
    );
    assert.throws(() => readEnvWrapperSpec({ frame_op_len: 4 }), /env\.frame_op: is required when env\.frame_op_len is set/);
  });

  test('wraps in order: max_t, episode log (raw rewards), reward scale, frame op', () => {
    const log = new EpisodeLog();
    const spec = readEnvWrapperSpec({ frame_op: 'concat', frame_op_len: 2, max_t: 3, reward_scale: 0.1 });
    const env = wrapEnv(counterEnv({ length: 10, rewards: [5] }), spec, log);
    assert.deepEqual(env.observationSpace.shape, [6]);
    env.reset();
    const rewards = [0, 1, 2].map(() => env.step(0));
    assert.deepEqual(rewards.map((r) => r.reward), [0.5, 0.5, 0.5]);
    assert.equal(rewards[2].truncated, true);
    assert.deepEqual(log.episodes, [{ return: 15, length: 3 }]);
  });

  test('makeVectorEnv makes num_envs wrapped copies sharing one log', () => {
    const log = new EpisodeLog();
    const vec = makeVectorEnv(() => catchEnv({ size: 4 }), readEnvWrapperSpec({ num_envs: 3, frame_op: 'concat', frame_op_len: 2 }), log);
    assert.equal(vec.numEnvs, 3);
    assert.deepEqual(vec.observationSpace.shape, [4, 4, 2]);
    vec.reset({ seed: 0 });
    for (let t = 0; t < 6; t++) vec.step([1, 1, 1]);
    // Catch episodes last rows-1 = 3 steps: two each.
    assert.equal(log.count, 6);
    assert.ok(log.episodes.every((e) => e.length === 3 && Math.abs(e.return) === 1));
  });
});
