/**
 * playGame's spread (min, max, median, std, the mean's standard error, distinct episodes) and its 'identical-episodes'
 * warning, on copies of a deterministic rally scene in Node (a greedy policy, copies in lockstep:
 * without random starts every episode is the same one); and sticky actions, which keep the game's
 * previous action with the given probability, from a seeded stream of the copy's own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentWarning } from '../../src/attach/warnings';
import { CopyActions } from '../../src/game/copy_actions';
import { episodeSpread } from '../../src/game/episode_spread';
import { playGame, type PlayGameOptions } from '../../src/game/play_game';
import { FAKE_PHASER, PARENT, rallyAgent, rallyEntry, RallyScene } from './fake_copies';

async function evaluate(options: PlayGameOptions): Promise<{ r: Awaited<ReturnType<typeof playGame>>; warnings: AgentWarning[] }> {
  RallyScene.clock = false; // observations say nothing of the time: equal rounds look equal
  const { agent } = await rallyAgent(4);
  const warnings: AgentWarning[] = [];
  agent.on('warning', (w) => warnings.push(w));
  try {
    const r = await playGame(rallyEntry(), agent, { episodes: 40, phaser: FAKE_PHASER, parent: PARENT, ...options });
    return { r, warnings };
  } finally {
    await agent.dispose();
  }
}

test("playGame without random starts on a deterministic game: 40 identical episodes, no spread, and the 'identical-episodes' warning in the result and the agent's events", async () => {
  const { r, warnings } = await evaluate({ randomStarts: false });
  assert.equal(r.episodes, 40);
  assert.equal(r.randomStarts, false);
  assert.equal(r.returnStd, 0);
  assert.equal(r.returnStandardError, 0);
  assert.equal(r.returnMin, r.returnMax);
  assert.equal(r.returnMedian, r.returnMean);
  assert.equal(r.distinctEpisodes, 1);
  assert.equal(r.identicalEpisodes, true);
  assert.deepEqual(r.warnings.map((w) => w.code), ['identical-episodes']);
  assert.match(r.warnings[0]!.message, /all 40 episodes were the same episode.*random starts were off/);
  assert.deepEqual(warnings, r.warnings, "the agent's 'warning' event");
});

test('playGame with random starts (its default) on the same game: distinct episodes, a spread of returns, no warning', async () => {
  const { r, warnings } = await evaluate({});
  assert.deepEqual(r.randomStarts, { noops: 30 });
  assert.equal(r.identicalEpisodes, false);
  assert.ok(r.distinctEpisodes >= 3, `${r.distinctEpisodes} distinct episodes`);
  assert.ok(r.returnStd > 0);
  assert.ok(r.returnMin < r.returnMax);
  const sorted = [...r.returns].sort((a, b) => a - b);
  assert.equal(r.returnMedian, (sorted[19]! + sorted[20]!) / 2);
  assert.equal(r.returnMin, sorted[0]);
  assert.equal(r.returnMax, sorted[39]);
  // The mean's standard error, against a plain loop: sqrt(sum (r - mean)^2 / (n - 1)) / sqrt(n).
  let sum = 0;
  for (const x of r.returns) sum += x;
  let squares = 0;
  for (const x of r.returns) squares += (x - sum / 40) ** 2;
  assert.ok(Math.abs(r.returnStandardError - Math.sqrt(squares / 39) / Math.sqrt(40)) < 1e-12, `${r.returnStandardError}`);
  assert.deepEqual(r.warnings, []);
  assert.deepEqual(warnings, []);
  // The same seed plays the same evaluation.
  const again = await evaluate({});
  assert.deepEqual(again.r.returns, r.returns);
  assert.equal(again.r.distinctEpisodes, r.distinctEpisodes);
});

test("episodeSpread: each copy's first episode is left out of the identical check when the copy played more", () => {
  const ep = (copy: number, signature: string) => ({ copy, signature });
  // Copy 0's and 1's first episodes began at create(); every later one is the same.
  const s = episodeSpread([1, 1, 2, 2, 2, 2], [ep(0, 'a'), ep(1, 'a'), ep(0, 'b'), ep(1, 'b'), ep(0, 'b'), ep(1, 'b')]);
  assert.equal(s.distinctEpisodes, 2);
  assert.equal(s.identicalEpisodes, true);
  assert.equal(s.returnMedian, 2);
  assert.equal(episodeSpread([1, 2, 3], [ep(0, 'a'), ep(0, 'b'), ep(0, 'c')]).identicalEpisodes, false);
  assert.equal(episodeSpread([1], [ep(0, 'a')]).identicalEpisodes, false, 'one episode proves nothing');
  assert.ok(Number.isNaN(episodeSpread([1], [ep(0, 'a')]).returnStandardError), 'no standard error from one episode');
  assert.ok(Math.abs(episodeSpread([1, 2, 3], [ep(0, 'a'), ep(0, 'b'), ep(0, 'c')]).returnStandardError - 1 / Math.sqrt(3)) < 1e-12);
  assert.equal(episodeSpread([1, 1], [ep(0, 'a'), ep(1, 'a')]).identicalEpisodes, true, 'one episode per copy: all compared');
});

test('sticky actions: each frame keeps the previous action with the given probability, from a seeded stream per copy', () => {
  const FRAMES = 20_000;
  const kept = (p: number, seed: number, copy: number): { rate: number; played: number[] } => {
    const given: number[] = [];
    const a = new CopyActions((x) => given.push(x), p, seed, copy);
    // The agent asks for a new action every frame: a kept frame shows the previous one.
    for (let f = 0; f < FRAMES; f++) assert.equal(a.play(f % 2), given.at(-1));
    return { rate: a.kept / (FRAMES - 1), played: given };
  };
  const q = kept(0.25, 1, 0);
  assert.ok(Math.abs(q.rate - 0.25) < 0.015, `kept ${q.rate}`);
  assert.ok(Math.abs(kept(0.6, 1, 0).rate - 0.6) < 0.015);
  assert.equal(kept(0, 1, 0).rate, 0);
  assert.deepEqual(kept(0.25, 1, 0).played, q.played, 'same seed and copy, same frames');
  assert.notDeepEqual(kept(0.25, 1, 1).played, q.played, 'another copy, another stream');
  assert.notDeepEqual(kept(0.25, 2, 0).played, q.played, 'another seed, another stream');
});
