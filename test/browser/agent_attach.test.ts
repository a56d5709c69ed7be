/**
 * In a real browser: a pixel agent attached to a real Phaser 4 WEBGL catch game, its Trainer in
 * a real module worker (src/worker/worker_entry.ts bundled here with esbuild's JS API), trains
 * for a few hundred manually stepped frames. Checks that actions arrive, observe calls carry
 * non-black canvas frames, episodes advance, save/load through IndexedDB work and detach leaves
 * no listeners; prints main-thread frame times with and without the agent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleWorker, launchBrowser, runPage, startServer } from './harness';


interface Counts {
  postrender: number;
  shutdown: number;
  destroy: number;
}

interface PageResult {
  error?: string;
  backend: string;
  createMs: number;
  observeCalls: number;
  brightestObs: number;
  nonBlackSteps: number;
  episodes: number;
  trainRounds: number;
  errors: string[];
  acts: number;
  firstActFrame: number;
  actsAfterDetach: number;
  actionsSeen: string[];
  counters: { frames: number; decisions: number; episodes: number; observed: number; answers: number; late: number; dropped: number };
  stats: { acts: number; steps: number; trainRounds: number };
  catches: number;
  misses: number;
  before: Counts;
  after: Counts;
  attachedListeners: number;
  saved: { url: string; weightBytes: number };
  loadError: string | null;
  params: number;
  frameMs: { bare: { p50: number; p95: number }; agent: { p50: number; p95: number }; agentTick: { p50: number; p95: number }; capture: { p50: number; p95: number } };
}

test('an agent attached to a Phaser 4 WEBGL scene trains from canvas frames in a worker, saves, loads and detaches cleanly', { timeout: 600_000 }, async () => {
  await bundleWorker('src/worker/worker_entry.ts', 'agent_attach.worker');
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, 'browser/agent_attach.page.js', 540_000);
    const r = result as PageResult;
    assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
    assert.deepEqual(r.errors, []);
    assert.equal(r.backend, 'wasm');

    // Acting: answers arrive and drive the paddle every frame.
    assert.ok(r.counters.answers > 100, JSON.stringify(r.counters));
    // From the first answer on, an action is in force every frame; how soon it comes depends on the
    // machine's load (the worker answers while the frames go on).
    assert.ok(r.firstActFrame >= 0 && r.firstActFrame < 60, `first answer played in frame ${r.firstActFrame}`);
    // The page lets the last answer arrive before it detaches, so every frame after the first answer
    // counts one act call: a repeat of the action in force, or the answer to that frame's decision.
    assert.equal(r.acts, r.counters.frames - r.firstActFrame, `act calls ${r.acts} for ${r.counters.frames} frames, the first in frame ${r.firstActFrame}`);
    assert.ok(r.actionsSeen.length >= 2, `actions seen: ${r.actionsSeen}`);
    assert.equal(r.actsAfterDetach, 0);

    // Learning: steps of non-black canvas frames reach the trainer; training rounds run.
    assert.ok(r.observeCalls > 100 && r.observeCalls === r.counters.observed, `${r.observeCalls} observe calls`);
    assert.equal(r.stats.steps, r.observeCalls);
    assert.equal(r.nonBlackSteps, r.observeCalls, 'every observed frame shows the game (not all black)');
    assert.ok(r.brightestObs > 100, `brightest observed pixel ${r.brightestObs}`);
    assert.ok(r.trainRounds > 0 && r.stats.trainRounds > 0);

    // Episodes (a block lands every 50 frames).
    assert.ok(r.episodes >= 5, `episodes: ${r.episodes}`);
    assert.equal(r.episodes, r.counters.episodes);
    assert.equal(r.catches + r.misses >= r.episodes, true);

    // Save / load; detach.
    assert.equal(r.saved.url, 'indexeddb://test-agent');
    assert.ok(r.saved.weightBytes > 0);
    assert.equal(r.loadError, null);
    assert.equal(r.attachedListeners, r.before.postrender + 1);
    assert.deepEqual(r.after, r.before, 'detach leaves no agent listener on game.events or scene.events');

    const f = (x: number): string => x.toFixed(2);
    console.log(`backend ${r.backend}; createAgent ${f(r.createMs)} ms; ${r.params} params; weights ${r.saved.weightBytes} B`);
    console.log(`${r.counters.frames} frames: ${r.acts} act calls from frame ${r.firstActFrame}, ${r.counters.decisions} decisions, ${r.counters.answers} answers (${r.counters.late} late, ${r.counters.dropped} dropped), ` +
      `${r.observeCalls} steps observed, ${r.trainRounds} training rounds, ${r.episodes} episodes (${r.catches} catches, ${r.misses} misses)`);
    console.log(`main-thread frame time (game.step incl. capture + agent): without agent p50 ${f(r.frameMs.bare.p50)} ms p95 ${f(r.frameMs.bare.p95)} ms; ` +
      `with agent p50 ${f(r.frameMs.agent.p50)} ms p95 ${f(r.frameMs.agent.p95)} ms; ` +
      `the agent's postrender listener alone (capture, stack, send) p50 ${f(r.frameMs.agentTick.p50)} ms p95 ${f(r.frameMs.agentTick.p95)} ms; ` +
      `FrameCapture.capture() alone p50 ${f(r.frameMs.capture.p50)} ms p95 ${f(r.frameMs.capture.p95)} ms`);
  } finally {
    await browser.close();
    server.close();
  }
});
