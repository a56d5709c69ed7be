/**
 * Several players of one scene sharing one policy: the DecisionLoop batches their observations,
 * actions, rewards and episode ends at their common decision period; a player whose episode
 * ends restarts at the next decision while the others go on; `settled()` waits for every pending trainer call.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpisodeInfo } from '../../src/attach/loop_events';
import { resolveAttachOptions, type AttachOptions } from '../../src/attach/attach_options';
import { DecisionLoop } from '../../src/attach/decision_loop';
import { CountingSource, FakeTrainer, flush } from './fakes';

const NAMES = ['left', 'right', 'stay'];

function twoPlayers(options: Partial<AttachOptions>, trainer = new FakeTrainer(true, (obs) => (obs[0]! + obs[1]!) % 3)) {
  trainer.envs = 2;
  const acted: [number, string, number][] = [];
  const episodes: Omit<EpisodeInfo, 'episode'>[] = [];
  const sources = [new CountingSource(), new CountingSource()];
  const resolved = resolveAttachOptions({ act: (a, n, p) => acted.push([a, n, p]), ...options }, null);
  let frame = 0;
  const loop = new DecisionLoop(trainer, sources, resolved, NAMES, {
    countSteps: (n) => (frame += n),
    onTrain: () => undefined,
    onEpisode: (e) => episodes.push(e),
    onError: (e) => assert.fail(String(e)),
  });
  const run = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      loop.tick();
      await flush();
    }
  };
  return { loop, trainer, sources, acted, episodes, run };
}

test('two players decide in one batch: observations and masks joined, one action each, per-player rewards', async () => {
  const s = twoPlayers({ decisionPeriod: 2, reward: (p) => (p === 0 ? 1 : 10), actionMask: (p) => [true, p === 0, true] });
  await s.run(5); // decisions at frames 1, 3, 5
  assert.equal(s.trainer.acts.length, 3);
  // Each source is read once per decision; the batch is [player 0, player 1].
  assert.deepEqual(s.trainer.acts.map((c) => Array.from(c.obs)), [[1, 1], [2, 2], [3, 3]]);
  assert.deepEqual(Array.from(s.trainer.acts[0]!.masks!), [1, 1, 1, 1, 0, 1]);
  // Every frame, act is called once per player with its index.
  assert.equal(s.acted.length, 10);
  assert.deepEqual(s.acted.slice(0, 2).map(([, , p]) => p), [0, 1]);
  const step = s.trainer.steps[0]!.step;
  assert.deepEqual(Array.from(step.observations), [1, 1]);
  assert.deepEqual(Array.from(step.nextObservations), [2, 2]);
  assert.deepEqual(Array.from(step.rewards), [2, 20], 'frames 2 and 3, per player');
  assert.equal(step.actions.length, 2);
  assert.deepEqual(Array.from(step.actionMasks!), [1, 1, 1, 1, 0, 1]);
});

test("one player's episode end is closed at the next decision, which restarts it from that frame; the other goes on", async () => {
  let f = 0;
  const s = twoPlayers({ decisionPeriod: 3, reward: () => 1, done: (p) => p === 1 && f === 5 });
  for (f = 1; f <= 10; f++) {
    s.loop.tick();
    await flush();
  }
  // Decisions at frames 1, 4, 7, 10: player 1's game over at frame 5 waits for the one at 7, so
  // neither player's steps are cut short.
  assert.equal(s.trainer.acts.length, 4);
  assert.equal(s.episodes.length, 1);
  assert.deepEqual(s.episodes[0], { player: 1, return: 6, steps: 2, frames: 7, truncated: false });
  const atDone = s.trainer.steps[1]!.step;
  assert.deepEqual(Array.from(atDone.terminated), [0, 1]);
  assert.deepEqual(Array.from(atDone.rewards), [3, 3], 'frames 5 to 7: the frames after the game over count into the closing step');
  // Player 1's stack was reset and read again for its new episode's first observation.
  assert.equal(s.sources[1]!.resets, 1);
  assert.equal(s.sources[0]!.resets, 0);
  assert.deepEqual(Array.from(s.trainer.acts[2]!.obs), [3, 4]);
  const next = s.trainer.steps[2]!.step;
  assert.deepEqual(Array.from(next.observations), [3, 4], 'the next step of player 1 starts from its new observation');
  assert.deepEqual(Array.from(next.rewards), [3, 3]);
  assert.deepEqual(Array.from(next.terminated), [0, 0]);
});

test('maxStep truncates each player on its own count', async () => {
  let f = 0;
  const s = twoPlayers({ maxStep: 2, done: (p) => p === 0 && f === 2 });
  for (f = 1; f <= 5; f++) {
    s.loop.tick();
    await flush();
  }
  // Player 0 ends (terminal) at frame 2 after 1 step, then truncates at frame 4; player 1 truncates at frame 3 and 5.
  assert.deepEqual(s.episodes.map((e) => [e.player, e.steps, e.truncated]), [[0, 1, false], [1, 2, true], [0, 2, true], [1, 2, true]]);
});

test('settled() resolves once every pending act and observe call has been answered', async () => {
  const s = twoPlayers({}, new FakeTrainer(false));
  await s.loop.settled(); // nothing pending
  s.loop.tick();
  let done = false;
  const wait = s.loop.settled().then(() => {
    done = true;
  });
  await flush();
  assert.equal(done, false, 'an act call is pending');
  s.trainer.acts[0]!.answer(2);
  await wait;
  assert.equal(done, true);
  assert.deepEqual(s.acted.map(([a, , p]) => [a, p]), [[2, 0], [2, 1]]);
});
