import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Algorithm, ActionBatch, StepBatch } from '../../src/algorithm/algorithm';
import { runLoop } from '../../src/algorithm/run_loop';
import { makeVectorEnv } from '../../src/env/wrappers/from_spec';
import { EpisodeLog } from '../../src/env/wrappers/episode_stats';
import { counterEnv } from '../env/helpers/counter_env';

/** An algorithm that records what the loop hands it and always picks action 1. */
function recorder(): Algorithm & { steps: StepBatch[]; resets: number[]; acted: number } {
  const a = {
    nets: new Map(),
    steps: [] as StepBatch[],
    resets: [] as number[],
    acted: 0,
    async act(obs: Uint8Array | Float32Array): Promise<ActionBatch> {
      a.acted += 1;
      return new Int32Array(obs.length / 3).fill(1);
    },
    async update(step: StepBatch) {
      a.steps.push({ ...step, observations: step.observations.slice(), nextObservations: step.nextObservations.slice() });
      return null;
    },
    resetEnv(i: number) {
      a.resets.push(i);
    },
    dispose() {},
  };
  return a;
}

const spec = { frame_op: null, frame_op_len: null, max_t: null, reward_scale: null, num_envs: 2 };

test('the learner sees final observations where episodes end, and windows reset there', async () => {
  const log = new EpisodeLog();
  const env = makeVectorEnv(() => counterEnv({ length: 3, truncate: true }), spec, log);
  const algo = recorder();
  const result = await runLoop({ algorithm: algo, env, log, frames: 8 });
  assert.deepEqual(result, { frames: 8, episodes: 2 });
  assert.equal(algo.steps.length, 4);
  // Seeds 0 and 1 (offsets 0 and 100); obs element 0 = t * 1000 within an episode.
  const third = algo.steps[2]!; // the step that ends both episodes (t = 3)
  assert.deepEqual(Array.from(third.truncated), [1, 1]);
  assert.equal(third.nextObservations[0], 3000, 'env 0 final observation');
  assert.equal(third.nextObservations[3], 103000, 'env 1 final observation');
  // The step after starts from the reset observations (t = 0 again, streams continued).
  const fourth = algo.steps[3]!;
  assert.equal(fourth.observations[0]! % 1000, 0);
  assert.ok(fourth.observations[0]! < 3000 || fourth.observations[0]! >= 100000);
  // resetEnv: both envs at the start, both again after the third step.
  assert.deepEqual(algo.resets, [0, 1, 0, 1]);
  assert.equal(log.count, 2);
  assert.equal(log.episodes[0]!.return, 3);
});

test('evaluation runs to an episode budget without calling update', async () => {
  const log = new EpisodeLog();
  const env = makeVectorEnv(() => counterEnv({ length: 4 }), { ...spec, num_envs: 1 }, log);
  const algo = recorder();
  const result = await runLoop({ algorithm: algo, env, log, episodes: 3, train: false, explore: false });
  assert.deepEqual(result, { frames: 12, episodes: 3 });
  assert.equal(algo.steps.length, 0);
  assert.equal(algo.acted, 12);
  await assert.rejects(runLoop({ algorithm: algo, env, log }), /needs a budget/);
});
