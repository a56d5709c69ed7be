import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OnPolicyReplay } from '../../src/memory/on_policy_replay';
import { MemoryError } from '../../src/util/errors';
import type { Transition } from '../../src/memory/types';
import { Rng } from '../../src/util/rng';

const step = (e: number, t: number, end: 'no' | 'term' | 'trunc' = 'no'): Transition => ({
  obs: Float32Array.of(e, t),
  action: Float32Array.of(t / 10),
  reward: 100 * e + t,
  nextObs: Float32Array.of(e, t + 1),
  terminated: end === 'term',
  truncated: end === 'trunc',
});

test('returns complete episodes in the order they ended, each in time order, then clears', () => {
  const mem = new OnPolicyReplay(
    { name: 'OnPolicyReplay', training_frequency: 2 },
    { obsShape: [2], obsDtype: 'float32', actionSpace: { type: 'continuous', shape: [1] }, numEnvs: 2, rng: new Rng(0) },
  );
  // Env 0: 3-step episode ending by termination; env 1: 2-step episode cut by a time limit,
  // then a third episode starts on env 1 and is still running at sample time.
  mem.add(step(0, 0), 0);
  mem.add(step(1, 0), 1);
  mem.add(step(0, 1), 0);
  mem.add(step(1, 1, 'trunc'), 1);
  assert.equal(mem.episodes, 1);
  assert.equal(mem.isReady, false);
  mem.add(step(1, 5), 1);
  mem.add(step(0, 2, 'term'), 0);
  assert.equal(mem.isReady, true);
  const b = mem.sample();
  assert.equal(b.episodes, 2);
  assert.deepEqual([...b.episodeStarts], [0, 2, 5]);
  assert.deepEqual([...b.episodeStreams], [1, 0]);
  assert.deepEqual([...b.rewards], [100, 101, 0, 1, 2]);
  assert.deepEqual([...b.dones], [0, 1, 0, 0, 1]);
  assert.deepEqual([...b.terminated], [0, 0, 0, 0, 1]);
  assert.deepEqual([...b.truncated], [0, 1, 0, 0, 0]);
  // Each episode's last next observation is there to bootstrap a truncated end from.
  assert.deepEqual([...b.nextObservations.subarray(2, 4)], [1, 2]);
  assert.ok(Math.abs(b.actions[4] - 0.2) < 1e-7);
  assert.equal(mem.episodes, 0);
  assert.throws(() => mem.sample(), MemoryError);
  // The running episode on env 1 continues and is returned once it ends.
  mem.add(step(1, 6, 'term'), 1);
  const c = mem.sample();
  assert.deepEqual([...c.rewards], [105, 106]);
});

test('episodes longer than the initial buffers grow them without losing steps', () => {
  const mem = new OnPolicyReplay(
    { name: 'OnPolicyReplay' },
    { obsShape: [2], obsDtype: 'float32', actionSpace: { type: 'continuous', shape: [1] }, rng: new Rng(0) },
  );
  for (let ep = 0; ep < 3; ep++) {
    for (let t = 0; t < 700; t++) mem.add(step(0, t, t === 699 ? 'term' : 'no'));
  }
  const b = mem.sample();
  assert.equal(b.totalSteps, 2100);
  assert.deepEqual([...b.episodeStarts], [0, 700, 1400, 2100]);
  for (let i = 0; i < 2100; i++) assert.equal(b.rewards[i], i % 700);
  assert.equal(b.observations[2 * 2099 + 1], 699);
});
