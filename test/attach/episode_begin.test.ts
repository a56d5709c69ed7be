/**
 * The decision loop's onEpisodeBegin hook (the fast mode's random starts run in it): called once
 * per episode of each player, the first included, right before that player's first observation of
 * the episode is read; not again when a restarted trainer reopens the decision window mid-episode.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveAttachOptions, type AttachOptions } from '../../src/attach/attach_options';
import { DecisionLoop } from '../../src/attach/decision_loop';
import { CountingSource, FakeTrainer, flush } from './fakes';

function loopWith(players: number, options: Partial<AttachOptions>) {
  const trainer = new FakeTrainer(true, () => 0);
  trainer.envs = players;
  const sources = Array.from({ length: players }, () => new CountingSource());
  const events: string[] = [];
  const loop = new DecisionLoop(trainer, sources, resolveAttachOptions({ act: () => undefined, ...options }, null), ['a', 'b'], {
    countSteps: (n) => n,
    onTrain: () => undefined,
    onEpisode: (e) => events.push(`end ${e.player}`),
    onError: (e) => assert.fail(String(e)),
    // The reads so far tell whether the first observation was read before or after the hook.
    onEpisodeBegin: (p) => events.push(`begin ${p} after ${sources[p]!.reads} reads`),
  });
  return { loop, trainer, sources, events };
}

test('several players: each episode begins once per player, before its first observation, the first episodes at the first decision', async () => {
  let f = 0;
  const s = loopWith(2, { decisionPeriod: 2, done: (p) => p === 1 && (f === 4 || f === 8) });
  for (f = 1; f <= 9; f++) {
    s.loop.tick();
    await flush();
  }
  // Decisions at frames 1, 3, 5, 7, 9; player 1's game overs at 4 and 8 are closed at 5 and 9: its
  // closing step reads the frame's observation, then its next episode begins and reads it again.
  assert.deepEqual(s.events, [
    'begin 0 after 0 reads', 'begin 1 after 0 reads',
    'end 1', 'begin 1 after 3 reads',
    'end 1', 'begin 1 after 6 reads',
  ]);
});

test('one player: the next episode begins at its first decision after the game over; a trainer restart begins none', async () => {
  let f = 0;
  const s = loopWith(1, { decisionPeriod: 3, done: () => f === 5 });
  for (f = 1; f <= 7; f++) {
    s.loop.tick();
    await flush();
  }
  s.loop.trainerRestored(s.trainer);
  for (; f <= 12; f++) {
    s.loop.tick();
    await flush();
  }
  assert.deepEqual(s.events, ['begin 0 after 0 reads', 'end 0', 'begin 0 after 3 reads']);
});
