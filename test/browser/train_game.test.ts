/**
 * The fast mode in a real browser (headless Chromium): the catch demo's own scene through its
 * training entry, 8 copies stepped by hand, one agent (players 8: one worker, one replay), learns
 * to catch >= 90% of the fruit greedily (see train_game.page.ts). Speed figures are printed, not
 * asserted (benchmarks/train_game.bench.mjs measures them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, runPage, startServer } from './harness';
import type { Round } from './train_game.page';


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
    const history = r.rounds.map((x) => `${x.frames} steps in ${x.seconds.toFixed(1)} s (${x.decisionsPerSecond.toFixed(0)}/s, train ${(100 * x.trainCatchRate).toFixed(0)}%) -> greedy ${(100 * x.greedy).toFixed(0)}% of ${x.greedyEpisodes}`).join('\n  ');
    console.log(`rounds (${r.envs} copies, ${r.backend}):\n  ${history}\n  wall ${r.wallSeconds.toFixed(1)} s`);
    assert.equal(r.backend, 'wasm');
    assert.equal(r.players, 8, 'one agent for all copies');
    assert.ok(r.mathRandomKept, 'the page\'s Math.random is back after trainGame');
    assert.equal(r.canvasesLeft, 0, 'every copy\'s canvas is removed');
    const trained = r.rounds.reduce((s, x) => s + x.frames, 0);
    // Frames count agent steps over all copies: 8 per batched step, as the Node run loop counts them.
    assert.equal(r.statsFrame, trained, `the trainer's frame ${r.statsFrame} vs ${trained} agent steps trained`);
    assert.equal(r.statsSteps * 8, trained, 'one observed batch per decision of all 8 copies');
    assert.ok(r.reached !== null, `no greedy evaluation reached 90%:\n  ${history}`);
    assert.ok(r.reached.greedyEpisodes >= 200 && r.reached.greedy >= 0.9, JSON.stringify(r.reached));
  } finally {
    await browser.close();
    server.close();
  }
});
