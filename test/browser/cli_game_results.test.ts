/**
 * What `train --game` reports counts finished episodes only: episodes still open when the run
 * stops are closed for the agent to learn from, but left out of `episodes` and the mean return,
 * and labelled (`episodes_unfinished`, a line on stderr). A game whose `done` is never true reports
 * no episode at all, not one partial episode per copy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliProcess } from '../cli/run_cli';

test('a game whose episodes never end reports 0 episodes and its open ones as unfinished', { timeout: 120_000 }, async () => {
  const r = await cliProcess(['train', 'dqnSmallPixels', '--game', 'test/cli/fixtures/games/never_done.ts', '--envs', '2', '--steps', '200', '--backend', 'cpu', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json.episodes, 0);
  assert.equal(r.json.episodes_unfinished, 2);
  assert.equal(r.json.return_mean_100, null);
  assert.match(r.stderr, /0 episodes ended; 2 still open when the run stopped are not counted/);
});

test('a game whose episodes end counts them, and labels the open ones left at the end', { timeout: 120_000 }, async () => {
  const r = await cliProcess(['train', 'dqnSmallPixels', '--game', 'test/cli/fixtures/games/tiny.ts', '--envs', '2', '--steps', '200', '--backend', 'cpu', '--json']);
  assert.equal(r.code, 0, r.stderr);
  // 100 decisions a copy every 2 frames, an episode every 30 frames: 6 a copy.
  assert.ok(r.json.episodes >= 10 && r.json.episodes <= 14, `episodes ${r.json.episodes}`);
  assert.equal(r.json.episodes_unfinished, 2);
  assert.equal(r.json.return_mean_100, 1);
});
