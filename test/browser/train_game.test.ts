/**
 * The fast mode in a real browser (headless Chromium): the catch demo's own scene through its
 * training entry, 8 copies stepped by hand, one agent (players 8: one worker, one replay), learns
 * to catch >= 90% of the fruit greedily (see train_game.page.ts). Speed figures are printed, not
 * asserted (benchmarks/train_game.bench.mjs measures them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, runPage, startServer } from './harness';
import type { RunTiming } from '../../src/game/run_timing';
import type { Round } from './train_game.page';

const PARTS = ['steppingMs', 'captureMs', 'transferMs', 'actingMs', 'trainingMs', 'otherMs'] as const;

/** Every part of a run's time is a number >= 0 and they add up to its total (to 1 ms; the clamps in run_timing.ts could only add). */
function checkTiming(t: RunTiming, what: string): void {
  for (const k of PARTS) assert.ok(Number.isFinite(t[k]) && t[k] >= 0, `${what}: ${k} = ${t[k]}`);
  const sum = PARTS.reduce((s, k) => s + t[k], 0);
  assert.ok(t.totalMs > 0 && Math.abs(sum - t.totalMs) <= 1, `${what}: parts sum to ${sum} ms, total ${t.totalMs} ms (${JSON.stringify(t)})`);
}


interface Result {
  error?: string;
  envs: number;
  backend: string;
  players: number;
  rounds: Round[];
  reached: Round | null;
  mathRandomKept: boolean;
  wallSeconds: number;
  statsFrame: number;
  statsSteps: number;
  canvasesLeft: number;
}

test('trainGame: the catch demo scene, 8 copies stepped by hand, learns to catch >= 90% of the fruit greedily', { timeout: 180_000 }, async () => {
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, 'browser/train_game.page.js', 170_000);
    const r = result as Result;
    assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
    const history = r.rounds.map((x) => `${x.steps} steps in ${x.seconds.toFixed(1)} s (${x.decisionsPerSecond.toFixed(0)}/s, train ${(100 * x.trainCatchRate).toFixed(0)}%) -> greedy ${(100 * x.greedy).toFixed(0)}% of ${x.greedyEpisodes}`).join('\n  ');
    console.log(`rounds (${r.envs} copies, ${r.backend}):\n  ${history}\n  wall ${r.wallSeconds.toFixed(1)} s`);
    assert.equal(r.backend, 'wasm');
    assert.equal(r.players, 8, 'one agent for all copies');
    assert.ok(r.mathRandomKept, 'the page\'s Math.random is back after trainGame');
    assert.equal(r.canvasesLeft, 0, 'every copy\'s canvas is removed');
    const trained = r.rounds.reduce((s, x) => s + x.steps, 0);
    // Frames count agent steps over all copies: 8 per batched step, as the Node run loop counts them.
    assert.equal(r.statsFrame, trained, `the trainer's frame ${r.statsFrame} vs ${trained} agent steps trained`);
    assert.equal(r.statsSteps * 8, trained, 'one observed batch per decision of all 8 copies');
    r.rounds.forEach((x, i) => {
      checkTiming(x.timing, `training round ${i}`);
      // Every part the fast mode names does happen in a training round with capture.
      for (const k of ['steppingMs', 'captureMs', 'actingMs', 'trainingMs'] as const) assert.ok(x.timing[k] > 0, `round ${i}: ${k} is 0`);
      assert.ok(x.playTiming !== null);
      checkTiming(x.playTiming, `greedy check ${i}`);
      assert.equal(x.playTiming.trainingMs, 0, 'playing greedily stores and trains nothing');
    });
    const t = r.rounds[0]!.timing;
    console.log(`round 0 time split: ${PARTS.map((k) => `${k.slice(0, -2)} ${(100 * t[k] / t.totalMs).toFixed(0)}%`).join(', ')}`);
    assert.ok(r.reached !== null, `no greedy evaluation reached 90%:\n  ${history}`);
    assert.ok(r.reached.greedyEpisodes >= 200 && r.reached.greedy >= 0.9, JSON.stringify(r.reached));
  } finally {
    await browser.close();
    server.close();
  }
});
