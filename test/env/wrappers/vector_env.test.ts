import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cartPoleV1 } from '../../../src/env/cartpole';
import { catchEnv } from '../../../src/env/catch';
import { EnvError } from '../../../src/util/errors';
import { recallEnv } from '../../../src/env/recall';
import { VectorEnv } from '../../../src/env/wrappers/vector_env';
import { counterEnv, counterValue } from '../helpers/counter_env';

describe('VectorEnv (num_envs)', () => {
  test('reset({seed}) seeds copy i with seed+i', () => {
    const vec = new VectorEnv([0, 1, 2].map(() => cartPoleV1()));
    const { observations } = vec.reset({ seed: 10 });
    assert.ok(observations instanceof Float32Array && observations.length === 12);
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(observations.subarray(4 * i, 4 * i + 4), cartPoleV1().reset({ seed: 10 + i }).observation);
    }
  });

  test('the first unseeded reset seeds 0+i, so copies never share a stream', () => {
    const vec = new VectorEnv([0, 1].map(() => catchEnv()));
    const { observations } = vec.reset();
    assert.deepEqual(observations.subarray(0, 100), catchEnv().reset({ seed: 0 }).observation);
    assert.deepEqual(observations.subarray(100), catchEnv().reset({ seed: 1 }).observation);
  });

  test('steps every copy with its own action', () => {
    const envs = [counterEnv({ length: 9 }), counterEnv({ length: 9 })];
    const vec = new VectorEnv(envs);
    vec.reset({ seed: 0 });
    const r = vec.step([1, 0]);
    assert.deepEqual(envs.map((e) => e.actions), [[1], [0]]);
    assert.deepEqual(Array.from(r.observations), [1000, 1001, 1002, 101000, 101001, 101002]);
    assert.deepEqual(Array.from(r.rewards), [1, 1]);
    assert.deepEqual(r.finalObservations, [null, null]);
  });

  test('a finished copy resets at once; its last observation comes back separately', () => {
    const envs = [counterEnv({ length: 2 }), counterEnv({ length: 3, truncate: true, rewards: [0.5] })];
    const vec = new VectorEnv(envs);
    vec.reset({ seed: 0 });
    vec.step([0, 0]);
    const r2 = vec.step([0, 0]);
    // Copy 0 terminated at t=2: row 0 is its new episode's first observation (t=0 of offset 0).
    assert.deepEqual(Array.from(r2.terminated), [1, 0]);
    assert.deepEqual(Array.from(r2.truncated), [0, 0]);
    assert.deepEqual(r2.finalObservations[0], Float32Array.of(2000, 2001, 2002));
    assert.equal(r2.finalObservations[1], null);
    assert.deepEqual(Array.from(r2.observations.subarray(0, 3)), [0, 1, 2]);
    assert.equal(r2.observations[3], counterValue('float32', 100 + 2, 0));
    const r3 = vec.step([0, 0]);
    assert.deepEqual(Array.from(r3.truncated), [0, 1]);
    assert.deepEqual(Array.from(r3.rewards), [1, 0.5]);
    assert.deepEqual(r3.finalObservations[1], Float32Array.of(103000, 103001, 103002));
    assert.deepEqual(Array.from(r3.observations.subarray(3)), [100000, 100001, 100002]);
    assert.deepEqual(envs.map((e) => e.resets), [2, 2]);
  });

  test("autoreset continues each copy's stream without reseeding", () => {
    // delay 0: episodes last 2 steps, so after every second step each row is a new cue.
    const vec = new VectorEnv([0, 1].map(() => recallEnv({ delay: 0 })));
    const cue = (obs: Float32Array | Uint8Array, i: number): number => Array.from(obs.subarray(3 * i, 3 * i + 2)).indexOf(1);
    const first = vec.reset({ seed: 3 }).observations;
    const seen = [[cue(first, 0)], [cue(first, 1)]];
    for (let t = 1; t <= 20; t++) {
      const r = vec.step([0, 0]);
      if (t % 2 === 0) for (const i of [0, 1]) seen[i].push(cue(r.observations, i));
    }
    for (const i of [0, 1]) {
      const single = recallEnv({ delay: 0 });
      const expected = [single.reset({ seed: 3 + i }), ...Array.from({ length: 10 }, () => single.reset())].map((r) => cue(r.observation, 0));
      assert.deepEqual(seen[i], expected);
      assert.ok(new Set(expected).size === 2);
    }
  });

  test('action masks come back per copy', () => {
    const vec = new VectorEnv([counterEnv({ withMask: true }), counterEnv({ withMask: true })]);
    vec.reset();
    vec.step([0, 0]);
    assert.deepEqual(vec.actionMasks(), Uint8Array.of(1, 1, 1, 1));
    assert.equal(new VectorEnv([cartPoleV1()]).actionMasks(), null);
  });

  test('misuse is an EnvError', () => {
    assert.throws(() => new VectorEnv([]), EnvError);
    assert.throws(() => new VectorEnv([catchEnv(), catchEnv({ size: 5 })]), /different spaces/);
    const vec = new VectorEnv([cartPoleV1(), cartPoleV1()]);
    assert.throws(() => vec.step([0, 0]), /before reset/);
    vec.reset();
    assert.throws(() => vec.step([0]), /one action per env \(2\), got 1/);
  });
});
