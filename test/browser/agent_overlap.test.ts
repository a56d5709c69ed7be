/**
 * In a real browser: attach's `overlap: true` keeps a training PPO agent playing through its
 * training rounds. The breakout port (Phaser's own example game) runs at real time on Phaser's
 * loop with real module workers; without overlap each round holds the decisions (the game keeps
 * the last action), with it a second worker acts and the decisions hardly wait
 * (agent_overlap.page.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleWorker, launchBrowser, runPage, startServer } from './harness';
import type { OverlapRun } from './agent_overlap.page';

test('a training PPO agent attached with overlap keeps deciding through its rounds; without it the decisions wait them out', { timeout: 300_000 }, async () => {
  await bundleWorker('src/worker/worker_entry.ts', 'agent_overlap.worker');
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, 'browser/agent_overlap.page.js', 240_000);
    const r = result as { error?: string; runs: OverlapRun[] };
    assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
    const [plain, overlapped] = r.runs;
    console.log(JSON.stringify(r.runs));
    for (const run of r.runs) {
      assert.deepEqual(run.errors, [], `overlap ${run.overlap}`);
      assert.ok(run.trainRounds >= 3, `overlap ${run.overlap}: ${run.trainRounds} rounds`);
      assert.ok(run.episodes >= 1 && run.bricks >= 1, `overlap ${run.overlap}: the agent played the game (${run.episodes} balls, ${run.bricks} bricks)`);
    }
    assert.equal(plain!.learnerActs, plain!.decisions, 'without overlap the training worker answers every decision');
    assert.equal(overlapped!.learnerActs, 0, 'with overlap the training worker answers none');
    assert.equal(overlapped!.learnerSteps, overlapped!.decisions, 'and stores every step (the last one closed by detach)');
    assert.deepEqual(overlapped!.warnings.filter((w) => w.startsWith('overlap-off')), []);
    // Each round holds a decision for its length without overlap; with it, the decisions go on.
    assert.ok(plain!.waitedAfterFirstRound >= 2 * plain!.trainRounds, `without overlap: ${plain!.waitedAfterFirstRound} frames waited over ${plain!.trainRounds} rounds`);
    assert.ok(overlapped!.waitedAfterFirstRound * 4 <= plain!.waitedAfterFirstRound, `with overlap ${overlapped!.waitedAfterFirstRound} frames waited, without ${plain!.waitedAfterFirstRound}`);
  } finally {
    await browser.close();
    server.close();
  }
});
