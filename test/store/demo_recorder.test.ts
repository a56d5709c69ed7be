/**
 * DemoRecorder: steps of several players in, per-player episodes out (in the order they ended),
 * the reflex-lag shift against a hand-computed case, dropping a bad episode, the episode in
 * progress kept as cut, and the file it writes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StepBatch } from '../../src/algorithm/algorithm';
import { decodeDemoFile } from '../../src/store/demo_file';
import { DemoRecorder } from '../../src/store/demo_recorder';
import { ShapeError } from '../../src/util/errors';

/** Two players; observation [1] = 10 * player + decision; action = decision % 3; reward = decision. */
function step(d: number, ends: [boolean, boolean] = [false, false], truncated: [boolean, boolean] = [false, false]): StepBatch {
  return {
    observations: Float32Array.of(d, 10 + d),
    actions: Int32Array.of(d % 3, (d + 1) % 3),
    rewards: Float32Array.of(d, -d),
    nextObservations: Float32Array.of(d + 1, 10 + d + 1),
    terminated: Uint8Array.of(ends[0] ? 1 : 0, ends[1] ? 1 : 0),
    truncated: Uint8Array.of(truncated[0] ? 1 : 0, truncated[1] ? 1 : 0),
  };
}

const make = (reflexLag = 0) => new DemoRecorder({ obsShape: [1], obsDtype: 'float32', actionSpace: { type: 'discrete', n: 3 }, players: 2, reflexLag, source: 'test' });

test('each player\'s steps become its own episodes, in the order they ended; the one in progress is kept, cut', () => {
  const r = make();
  r.add(step(0));
  r.add(step(1, [false, true]));
  r.add(step(2, [true, false], [false, false]));
  r.add(step(3));
  assert.equal(r.steps, 8);
  assert.equal(r.episodes, 2);
  const d = r.demonstrations();
  assert.deepEqual(d.episodes.map((e) => [e.player, e.steps, [...e.terminated], [...e.truncated]]), [
    [1, 2, [0, 1], [0, 0]],
    [0, 3, [0, 0, 1], [0, 0, 0]],
    [0, 1, [0], [0]],
    [1, 2, [0, 0], [0, 0]],
  ]);
  const p0 = d.episodes[1]!;
  assert.deepEqual([...p0.observations], [0, 1, 2, 3]);
  assert.deepEqual([...p0.actions], [0, 1, 2]);
  assert.deepEqual([...p0.rewards], [0, 1, 2]);
  assert.deepEqual([...d.episodes[3]!.observations], [12, 13, 14]);
  assert.equal(r.demonstrations({ includeUnfinished: false }).episodes.length, 2);
});

test('reflex lag k pairs each observation with the action k decisions later; the last step keeps the rest of the rewards', () => {
  const r = make(2);
  for (let d = 0; d < 5; d++) r.add(step(d, [d === 4, false]));
  r.add(step(5, [true, true]));
  const [p0, p1] = r.demonstrations().episodes;
  // Player 0: 5 raw steps -> 3; observations o0 o1 o2 and the final o5; actions a2 a3 a4; rewards 0, 1, 2+3+4.
  assert.equal(p0!.steps, 3);
  assert.deepEqual([...p0!.observations], [0, 1, 2, 5]);
  assert.deepEqual([...p0!.actions], [2 % 3, 3 % 3, 4 % 3]);
  assert.deepEqual([...p0!.rewards], [0, 1, 9]);
  assert.deepEqual([...p0!.terminated], [0, 0, 1]);
  // Player 1 ended after 6 raw steps -> 4.
  assert.equal(p1!.steps, 4);
  assert.deepEqual([...p1!.actions], [0, 1, 2, 0].map((_, t) => (t + 2 + 1) % 3));
  // Player 0's second episode (1 raw step) is shorter than the lag: left out.
  assert.equal(r.demonstrations().episodes.length, 2);
});

test('dropEpisode drops the episode in progress, or the player\'s last finished one', () => {
  const r = make();
  r.add(step(0));
  r.add(step(1, [true, false]));
  r.add(step(2));
  assert.equal(r.dropEpisode(0), 1); // player 0's episode in progress (1 step)
  assert.equal(r.dropEpisode(0), 2); // then its finished one
  assert.equal(r.dropEpisode(0), 0);
  assert.equal(r.steps, 3);
  assert.deepEqual(r.demonstrations().episodes.map((e) => [e.player, e.steps]), [[1, 3]]);
  assert.throws(() => r.dropEpisode(5), ShapeError);
});

test('the recorder writes a file that reads back as its demonstrations; steps that do not fit are ShapeErrors', async () => {
  const r = make(1);
  for (let d = 0; d < 4; d++) r.add(step(d, [d === 3, d === 3]));
  const { manifest, demonstrations } = await decodeDemoFile(await r.encode(), 'rec');
  assert.equal(manifest.reflexLag, 1);
  assert.equal(manifest.source, 'test');
  assert.deepEqual(demonstrations, r.demonstrations());
  assert.throws(() => r.add({ ...step(0), observations: new Float32Array(3) }), ShapeError);
  assert.throws(() => r.add({ ...step(0), observations: new Uint8Array(2) }), ShapeError);
  await assert.rejects(make(3).encode(), ShapeError);
});
