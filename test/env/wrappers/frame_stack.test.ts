import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvError } from '../../../src/util/errors';
import { FrameStack } from '../../../src/env/wrappers/frame_stack';
import { counterEnv, counterValue } from '../helpers/counter_env';

describe('FrameStack', () => {
  test("'concat' on vectors: K vectors back to back, oldest first, the first repeated on reset", () => {
    const env = new FrameStack(counterEnv({ shape: [3] }), 'concat', 4);
    assert.deepEqual(env.observationSpace, { shape: [12], dtype: 'float32' });
    const v = (t: number): number[] => [0, 1, 2].map((j) => counterValue('float32', t, j));
    assert.deepEqual(Array.from(env.reset().observation), [...v(0), ...v(0), ...v(0), ...v(0)]);
    assert.deepEqual(Array.from(env.step(0).observation), [...v(0), ...v(0), ...v(0), ...v(1)]);
    env.step(0);
    env.step(0);
    assert.deepEqual(Array.from(env.step(0).observation), [...v(1), ...v(2), ...v(3), ...v(4)]);
    // A new episode forgets the old frames.
    assert.deepEqual(Array.from(env.reset({ seed: 1 }).observation), [...v(100), ...v(100), ...v(100), ...v(100)]);
  });

  test("'concat' on images joins frames on the channel axis: HxWx(C*K)", () => {
    const [h, w, c, k] = [2, 3, 2, 3];
    const env = new FrameStack(counterEnv({ shape: [h, w, c], dtype: 'uint8' }), 'concat', k);
    assert.deepEqual(env.observationSpace, { shape: [2, 3, 6], dtype: 'uint8' });
    env.reset();
    env.step(0);
    const obs = env.step(0).observation;
    assert.ok(obs instanceof Uint8Array && obs.length === h * w * c * k);
    // Frames held: t = 0 (repeated from reset), 1, 2. Pixel p channel (f*c + j) is frame f's channel j.
    const frameTimes = [0, 1, 2];
    for (let p = 0; p < h * w; p++) {
      for (let f = 0; f < k; f++) {
        for (let j = 0; j < c; j++) assert.equal(obs[p * c * k + f * c + j], counterValue('uint8', frameTimes[f], p * c + j), `p ${p} f ${f} j ${j}`);
      }
    }
  });

  test("'stack' adds a leading axis [K, ...shape]", () => {
    const env = new FrameStack(counterEnv({ shape: [2, 2, 1], dtype: 'uint8' }), 'stack', 2);
    assert.deepEqual(env.observationSpace.shape, [2, 2, 2, 1]);
    env.reset();
    const obs = env.step(0).observation;
    const frame = (t: number): number[] => [0, 1, 2, 3].map((j) => counterValue('uint8', t, j));
    assert.deepEqual(Array.from(obs), [...frame(0), ...frame(1)]);
    const vec = new FrameStack(counterEnv({ shape: [3] }), 'stack', 5);
    assert.deepEqual(vec.observationSpace.shape, [5, 3]);
  });

  test('returns fresh arrays and keeps rewards, flags and the action mask', () => {
    const env = new FrameStack(counterEnv({ length: 2, rewards: [7], withMask: true }), 'concat', 2);
    const a = env.reset().observation;
    const r = env.step(1);
    assert.notEqual(a, r.observation);
    assert.equal(a[3], counterValue('float32', 0, 0)); // the reset observation was not overwritten
    assert.equal(r.reward, 7);
    assert.deepEqual(env.actionMask!(), Uint8Array.of(1, 1));
    const last = env.step(0);
    assert.deepEqual({ ...last, observation: null }, { observation: null, reward: 7, terminated: true, truncated: false });
    assert.deepEqual(Array.from(last.observation), [1, 2].flatMap((t) => [0, 1, 2].map((j) => counterValue('float32', t, j))));
  });

  test('bad frame_op or frame_op_len is an EnvError', () => {
    assert.throws(() => new FrameStack(counterEnv(), 'concat', 0), /frame_op_len must be a positive integer/);
    assert.throws(() => new FrameStack(counterEnv(), 'mean' as never, 2), EnvError);
    assert.throws(() => new FrameStack(counterEnv({ shape: [2, 2] }), 'concat', 2), /use 'stack'/);
  });
});
