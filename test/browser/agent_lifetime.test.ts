/**
 * In a real browser with real Phaser 4 scenes: held keys come back after Phaser resets them (scene
 * pause/resume, sleep/wake, window blur), and agents have a lifetime the game can see: one named
 * agent (one worker) across game over -> play again and scene.restart(), scene-scoped agents
 * ended with their scene's run, every worker ended by game.destroy() with a warning about training
 * not saved.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleWorker, launchBrowser, runPage, startServer } from './harness';

interface PageResult {
  error?: string;
  keys: Record<string, [number, number]>;
  liveAfterKeys: number;
  lifetimes: {
    agentsSeen: number;
    liveAfter: number[];
    runnerTrainRounds: number;
    runnerSteps: number;
    unsavedBefore: number;
    scopedCreated: number;
    scopedDisposed: number;
    liveLegacy: number[];
    names: string[];
    disposedEvents: number[];
    liveAtEnd: number;
  };
}

test('held keys survive Phaser resets; one named agent lives across scene restarts; scene-scoped agents end with their run; game.destroy ends every worker', { timeout: 300_000 }, async () => {
  await bundleWorker('src/worker/worker_entry.ts', 'agent_lifetime.worker');
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines, page } = await runPage(browser, origin, 'browser/agent_lifetime.page.js', 240_000);
    const r = result as PageResult;
    assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
    console.log(JSON.stringify(r));
    // 1. Every frame the scene updated, the agent's LEFT was down: before, and after each reset.
    for (const phase of ['before', 'after resume', 'after wake', 'after blur']) {
      const [down, frames] = r.keys[phase] ?? [0, 0];
      assert.ok(frames >= 30, `${phase}: ${frames} frames`);
      assert.equal(down, frames, `${phase}: LEFT down in ${down} of ${frames} frames`);
    }
    assert.equal(r.liveAfterKeys, 0, 'the key game\'s destruction ended its agent\'s worker');
    // 2. One agent, one worker, across three game overs and a restart; it kept training.
    const l = r.lifetimes;
    assert.equal(l.agentsSeen, 1);
    assert.deepEqual(l.liveAfter, [1, 1, 1, 1]);
    assert.ok(l.runnerTrainRounds > 10, `train rounds ${l.runnerTrainRounds}`);
    assert.ok(l.unsavedBefore > 0);
    // The scene-scoped agents: one per run, the previous runs' agents ended (runner + the current one alive).
    assert.equal(l.scopedCreated, 4);
    assert.deepEqual(l.liveLegacy, [2, 2, 2]);
    assert.deepEqual(l.names, ['runner']);
    // game.destroy(): every worker ended, the runner told what was lost, and the console says so.
    assert.equal(l.liveAtEnd, 0);
    assert.equal(l.scopedDisposed, 4);
    assert.equal(l.disposedEvents.length, 1);
    assert.ok(l.disposedEvents[0]! > 0);
    assert.ok(lines.some((x) => /agent 'runner' disposed \(game destroyed\) with \d+ training rounds? not saved/.test(x)), lines.join('\n'));
    assert.ok(lines.some((x) => /made by this\.pixelpilot\.createAgent was disposed \(scene shut down\)/.test(x)), lines.join('\n'));
    // What the browser itself says (CDP), once it has noticed the terminations.
    for (let i = 0; i < 50 && page.workers().length > 0; i++) await new Promise((res) => setTimeout(res, 100));
    assert.deepEqual(page.workers().map((w) => w.url()), [], 'no dedicated worker left in the page (CDP)');
  } finally {
    await browser.close();
    server.close();
  }
});
