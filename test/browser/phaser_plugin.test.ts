/**
 * In a real browser: the scene plugin installed through Phaser 4's game config, one agent playing
 * two arenas of one scene (two players, each seeing its half of the canvas) through the scene's
 * own keyboard keys, its Trainer in a real module worker; stopping the scene detaches everything.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleWorker, launchBrowser, runPage, startServer } from './harness';


interface PageResult {
  error?: string;
  isPlugin: boolean;
  backend: string;
  errors: string[];
  counters: { frames: number; decisions: number; observed: number; answers: number; dropped: number };
  stats: { steps: number; acts: number; trainRounds: number };
  episodesByPlayer: number[];
  paddlePositions: number[];
  keysDownSeen: number[];
  attachedListeners: number;
  postrenderBefore: number;
  afterStop: { attachments: number; attached: boolean; postrender: number; keysDown: boolean[] };
}

test('this.pixelpilot attaches one agent to two arenas of a Phaser 4 scene, plays through its keyboard keys, and detaches when the scene stops', { timeout: 300_000 }, async () => {
  await bundleWorker('src/worker/worker_entry.ts', 'phaser_plugin.worker');
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, 'browser/phaser_plugin.page.js', 240_000);
    const r = result as PageResult;
    assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
    assert.deepEqual(r.errors, []);
    assert.equal(r.isPlugin, true, 'Phaser put the plugin on the scene as this.pixelpilot');
    assert.equal(r.backend, 'wasm');
    // Every frame a decision every 2 frames (plus episode ends), answered before the next frame.
    assert.ok(r.counters.decisions >= 120, JSON.stringify(r.counters));
    assert.equal(r.counters.answers, r.counters.decisions);
    assert.equal(r.counters.dropped, 0);
    assert.equal(r.stats.acts, r.counters.decisions, 'one act call per decision serves both players');
    assert.equal(r.stats.steps, r.counters.observed);
    assert.ok(r.stats.trainRounds > 0);
    // Both arenas play their own episodes (the balls fall at different speeds).
    const [p0, p1] = r.episodesByPlayer as [number, number];
    assert.ok(p0 >= 8 && p1 >= 12 && p1 > p0, `episodes by player: ${r.episodesByPlayer}`);
    // The agent moved both paddles through the keys the scene reads.
    assert.ok(r.keysDownSeen.every((n) => n > 20), `frames with a key down: ${r.keysDownSeen}`);
    assert.ok(r.paddlePositions.every((n) => n > 5), `distinct paddle positions: ${r.paddlePositions}`);
    assert.equal(r.attachedListeners, r.postrenderBefore + 1);
    assert.deepEqual(r.afterStop, { attachments: 0, attached: false, postrender: r.postrenderBefore, keysDown: [false, false] });
  } finally {
    await browser.close();
    server.close();
  }
});
