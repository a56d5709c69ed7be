/**
 * A shipped bot holds up when it starts late: the policy plays its game's own scene at real time
 * through `pixelpilot/play`, attached 0, 300, 700 and 1200 ms after the scene started, and each
 * scores within 20% of what `eval --game` (random starts, its default) reports. Any training entry
 * with a policy can be checked the same way: a page module calling shippedBotAtDelays with its
 * entry and policy (shipped_delays_<game>.page.ts) and one `shippedVsEval` call here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GameEvalResult } from '../../src/cli/game_command';
import type { DelayRun } from './shipped_bot_delays';
import { launchBrowser, runPage, startServer } from './harness';
import { cliProcess } from '../cli/run_cli';
import { startStream } from '../../src/game/random_starts';

/** The seed shipped_resets_catch.page.ts gives entryResets (the page module itself needs a browser). */
const RESETS_SEED = 5;

/** A game to check: its training entry, its policy file (served from the repository root) and its page module. */
interface ShippedGame {
  entry: string;
  policy: string;
  page: string;
}

/** `eval --game` of the game's policy (8 copies, 200 episodes, `extra` flags) by the built command, as its JSON. */
async function evalGame(g: ShippedGame, extra: string[] = []): Promise<GameEvalResult> {
  const e = await cliProcess(['eval', g.policy, '--game', g.entry, '--envs', '8', '--episodes', '200', '--json', ...extra], { timeoutMs: 100_000 });
  assert.equal(e.code, 0, e.stderr);
  return e.json as GameEvalResult;
}

/** Runs eval --game (random starts) and the page's shipped bot at each delay. */
async function shippedVsEval(g: ShippedGame): Promise<{ varied: GameEvalResult; runs: DelayRun[] }> {
  const varied = await evalGame(g);
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, g.page, 300_000);
    const r = result as { runs?: DelayRun[]; error?: string };
    assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
    return { varied, runs: r.runs! };
  } finally {
    await browser.close();
    server.close();
  }
}

test('the shipped catch bot scores within 20% of eval --game (random starts) whether it starts at once or 300-1200 ms late', { timeout: 400_000 }, async () => {
  const { varied, runs } = await shippedVsEval({ entry: 'demos/catch/training.ts', policy: 'demos/catch/catch.ppol', page: 'browser/shipped_delays_catch.page.js' });
  const spread = (e: GameEvalResult): string => `${e.return_mean.toFixed(3)} ± ${e.return_std.toFixed(3)} (min ${e.return_min}, median ${e.return_median}, max ${e.return_max}, ${e.distinct_episodes} distinct of ${e.episodes})`;
  console.log(`catch.ppol eval --game, random starts ${JSON.stringify(varied.random_starts)}: ${spread(varied)}`);
  for (const r of runs) {
    console.log(`  shipped bot attached ${r.delayMs} ms after the scene started: return ${r.returnMean.toFixed(3)} over ${r.episodes} episodes at ${r.fps.toFixed(0)} frames/s, late ${r.counters.late}, dropped ${r.counters.dropped}`);
  }
  assert.deepEqual(varied.random_starts, { noops: 30 });
  assert.deepEqual(runs.map((r) => r.delayMs), [0, 300, 700, 1200]);
  for (const r of runs) {
    assert.ok(Math.abs(r.returnMean - varied.return_mean) <= 0.2 * Math.abs(varied.return_mean),
      `attached after ${r.delayMs} ms: return ${r.returnMean} vs eval --game ${varied.return_mean} (returns ${r.returns.join(' ')})`);
    assert.ok(r.fps < 75, `${r.fps} frames a second is faster than real time`);
    // Real time on Phaser's own loop, the decision timing of training: every decision answered in time.
    assert.equal(r.counters.late, 0, `${r.delayMs} ms: no answer after its window`);
    assert.equal(r.counters.dropped, 0, `${r.delayMs} ms: no step without an action`);
    assert.equal(r.counters.callbackErrors, 0);
  }
});

test("with entryResets the shipped-bot check calls the entry's reset(scene, rng) at every start of the scene, from the seeded stream of its delay and episode", { timeout: 120_000 }, async () => {
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, 'browser/shipped_resets_catch.page.js', 90_000);
    const r = result as { runs?: DelayRun[]; resets?: { draw: number; active: boolean }[]; error?: string };
    assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
    assert.deepEqual(r.runs!.map((x) => x.episodes), [3, 3]);
    // Per delay: the first create and the restarts after episodes 1 and 2 (the check stops at its third).
    const expected = [0, 1].flatMap((d) => [0, 1, 2].map((e) => ({ draw: startStream(RESETS_SEED, d, e).uniform(), active: true })));
    assert.deepEqual(r.resets, expected);
  } finally {
    await browser.close();
    server.close();
  }
});
