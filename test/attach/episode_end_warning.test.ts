/**
 * The 'no-episode-end' warning (no episode of a player ended in its first NO_EPISODE_END_DECISIONS
 * decisions) and the `unfinished` counter (episodes ended by a detach, not by the game).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NO_EPISODE_END_DECISIONS } from '../../src/attach/episode_end_warning';
import { warningLoop } from './warning_loop';

const N = NO_EPISODE_END_DECISIONS;

describe('no-episode-end', () => {
  test('a learning game with no done and no endEpisode: one warning, at the threshold; none when episodes end by done(), endEpisode() or maxStep', async () => {
    const s = warningLoop({ reward: () => 1, decisionPeriod: 2 });
    await s.runDecisions(N - 1);
    assert.equal(s.warnings.length, 0, 'not before the threshold');
    await s.runDecisions(N + 200);
    assert.deepEqual(s.codes(), ['no-episode-end']);
    const w = s.warnings[0]!;
    assert.equal(w.player, undefined, 'it concerns every player');
    assert.ok(w.message.startsWith(`no episode ended in the first ${N} decisions (${2 * N} game frames): no done() was given and endEpisode() was never called.`), w.message);
    assert.match(w.message, /Returns are only reported when an episode ends/);
    assert.match(w.message, /done: \(\) => this\.gameOver/);
    assert.deepEqual(s.episodes, []);

    // Out of the trap: episodes that end.
    const byDone = warningLoop({ reward: () => 1, done: () => byDone.loop.counters.frames % 50 === 0 });
    await byDone.runDecisions(N + 100);
    const byCall = warningLoop({ reward: () => 1 });
    while (byCall.loop.counters.decisions < N + 100) {
      if (byCall.loop.counters.frames % 300 === 299) byCall.loop.endEpisode();
      await byCall.run(1);
    }
    const byMaxStep = warningLoop({ reward: () => 1, maxStep: 500 });
    await byMaxStep.runDecisions(N + 100);
    for (const s of [byDone, byCall, byMaxStep]) {
      assert.ok(s.episodes.length >= 4, `${s.episodes.length} episodes`);
      assert.deepEqual(s.warnings, []);
    }
  });

  test('a done() that never returns true says so', async () => {
    const s = warningLoop({ reward: () => 1, done: () => false });
    await s.runDecisions(N + 10);
    assert.deepEqual(s.codes(), ['no-episode-end']);
    assert.match(s.warnings[0]!.message, /done\(\) never returned true and endEpisode\(\) was never called/);
  });

  test('with several players, the players whose episodes never end are named', async () => {
    let frame = 0;
    const s = warningLoop({ reward: () => 1, done: (p) => p === 1 && frame % 40 === 0 }, { players: 3 });
    while (s.loop.counters.decisions < N + 10) {
      frame++;
      await s.run(1);
    }
    assert.deepEqual(s.codes(), ['no-episode-end']);
    assert.equal(s.warnings[0]!.player, 0);
    assert.match(s.warnings[0]!.message, /^no episode of players 0, 2 ended in the first/);
    assert.ok(s.episodes.length > 10 && s.episodes.every((e) => e.player === 1));
  });

  test('never in inference without done (a shipped bot that does not track episodes); with a done that never fires, yes', async () => {
    const quiet = warningLoop({ mode: 'inference' });
    await quiet.runDecisions(N + 10);
    assert.deepEqual(quiet.warnings, []);
    const told = warningLoop({ mode: 'inference', done: () => false, reward: () => 1 });
    await told.runDecisions(N + 10);
    assert.deepEqual(told.codes(), ['no-episode-end']);
  });
});

describe('counters.unfinished', () => {
  test('counts the episodes a detach ended, apart from those the game ended', async () => {
    const s = warningLoop({ reward: () => 1, done: () => s.loop.counters.frames % 10 === 0 });
    await s.run(35);
    assert.deepEqual([s.loop.counters.episodes, s.loop.counters.unfinished], [3, 0]);
    s.loop.stop();
    assert.deepEqual([s.loop.counters.episodes, s.loop.counters.unfinished], [4, 1], 'the open episode ended unfinished');
    assert.deepEqual(s.episodes.map((e) => e.truncated), [false, false, false, true]);

    const two = warningLoop({ reward: () => 1, maxStep: 5 }, { players: 2 });
    await two.run(12);
    assert.equal(two.loop.counters.unfinished, 0, 'maxStep ends are ends');
    const ended = two.loop.counters.episodes;
    assert.equal(ended, 4);
    two.loop.stop();
    assert.deepEqual([two.loop.counters.episodes, two.loop.counters.unfinished], [ended + 2, 2]);
  });

  test('a done pending when the loop stops ends the episode (terminated), not unfinished', async () => {
    const s = warningLoop({ reward: () => 1 });
    await s.run(5);
    s.loop.endEpisode();
    s.loop.stop();
    assert.deepEqual([s.loop.counters.episodes, s.loop.counters.unfinished], [1, 0]);
    assert.equal(s.episodes[0]!.truncated, false);
  });
});
