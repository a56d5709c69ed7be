import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OnPolicyBatchReplay } from '../../src/memory/on_policy_batch_replay';
import { MemoryError } from '../../src/util/errors';
import type { MemoryOptions, Transition } from '../../src/memory/types';
import { Rng } from '../../src/util/rng';

const opts = (numEnvs: number, trainingFrequency: number): MemoryOptions => ({
  obsShape: [2],
  obsDtype: 'float32',
  actionSpace: { type: 'discrete', n: 3 },
  numEnvs,
  trainingFrequency,
  rng: new Rng(0),
});

/** Env e's step t: obs [e, t], next [e, t+1], reward 100e + t; env 1 ends an episode at t = 1. */
const step = (e: number, t: number): Transition => ({
  obs: Float32Array.of(e, t),
  action: (e + t) % 3,
  reward: 100 * e + t,
  nextObs: Float32Array.of(e, t + 1),
  terminated: e === 1 && t === 1,
  truncated: e === 2 && t === 2,
});

test('[T, numEnvs] layout keeps each env in time order; ready after T steps per env; clears', () => {
  const mem = new OnPolicyBatchReplay({ name: 'OnPolicyBatchReplay' }, opts(3, 4));
  assert.equal(mem.trainingFrequency, 4);
  for (let round = 0; round < 2; round++) {
    for (let t = 0; t < 4; t++) {
      assert.equal(mem.isReady, false);
      // Envs report out of order within a step; the layout must not care.
      for (const e of [2, 0, 1]) mem.add(step(e, t + 10 * round), e);
    }
    assert.equal(mem.isReady, true);
    assert.equal(mem.size, 12);
    const b = mem.sample();
    assert.equal(b.steps, 4);
    assert.equal(b.numEnvs, 3);
    for (let t = 0; t < 4; t++) {
      for (let e = 0; e < 3; e++) {
        const row = t * 3 + e;
        const tt = t + 10 * round;
        assert.equal(b.rewards[row], 100 * e + tt);
        assert.deepEqual([...b.observations.subarray(2 * row, 2 * row + 2)], [e, tt]);
        assert.deepEqual([...b.nextObservations.subarray(2 * row, 2 * row + 2)], [e, tt + 1]);
        assert.equal(b.actions[row], (e + tt) % 3);
        const s = step(e, tt);
        assert.equal(b.terminated[row], s.terminated ? 1 : 0);
        assert.equal(b.truncated[row], s.truncated ? 1 : 0);
        assert.equal(b.dones[row], s.terminated || s.truncated ? 1 : 0);
      }
    }
    // The bootstrap observations are each env's next obs after its last step.
    assert.deepEqual([...b.lastNextObservations], [0, 4 + 10 * round, 1, 4 + 10 * round, 2, 4 + 10 * round]);
    assert.equal(mem.size, 0);
    assert.equal(mem.isReady, false);
  }
});

test('an env past T steps, an unknown stream, and uneven envs at sample are MemoryErrors', () => {
  const mem = new OnPolicyBatchReplay({ name: 'OnPolicyBatchReplay', training_frequency: 2 }, opts(2, 99));
  assert.equal(mem.trainingFrequency, 2);
  mem.add(step(0, 0), 0);
  mem.add(step(0, 1), 0);
  assert.throws(() => mem.add(step(0, 2), 0), MemoryError);
  assert.throws(() => mem.add(step(0, 2), 2), MemoryError);
  assert.throws(() => mem.sample(), MemoryError);
  mem.add(step(1, 0), 1);
  mem.add(step(1, 1), 1);
  assert.equal(mem.sample().steps, 2);
  assert.throws(() => mem.sample(), MemoryError);
});

test('a partial rollout can be flushed when every env holds the same number of steps', () => {
  const mem = new OnPolicyBatchReplay({ name: 'OnPolicyBatchReplay' }, opts(2, 5));
  mem.add(step(0, 0), 0);
  mem.add(step(1, 0), 1);
  const b = mem.sample();
  assert.equal(b.steps, 1);
  assert.equal(b.rewards.length, 2);
  assert.deepEqual([...b.rewards], [0, 100]);
});
