/**
 * `agent.learnFromDemonstrations` in a real browser (agent_demos.page.ts): the bytes of a recorded
 * demonstration file and the same file from IndexedDB reach the agent's worker, which pre-trains
 * on them (DQfD on the DoubleDQN catch spec); an agent of another observation size refuses them
 * with a ShapeError naming both.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, runPage, startServer } from './harness';

test('an agent in a page learns from demonstration bytes and from indexeddb://, and refuses demonstrations of another observation size', { timeout: 180_000 }, async () => {
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, 'browser/agent_demos.page.js', 150_000);
    const r = result as any;
    assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
    console.log(`learnFromDemonstrations: ${JSON.stringify(r.fromBytes)}`);
    // 300 recorded decisions, pre-trained for the 200 optimizer steps asked for, with a finite imitation loss.
    assert.equal(r.fromBytes.steps, 300);
    assert.ok(r.fromBytes.episodes >= 1);
    assert.equal(r.fromBytes.updates, 200);
    assert.ok(Number.isFinite(r.fromBytes.demoLoss) && r.fromBytes.demoLoss > 0, `demo_loss ${r.fromBytes.demoLoss}`);
    // The same file through the demonstration store, without pre-training.
    assert.equal(r.fromStore.steps, 300);
    assert.equal(r.fromStore.checksum, r.fromBytes.checksum);
    assert.equal(r.fromStore.report, null);
    // Demonstrations replace the earlier ones: the worker holds no more tensors for having had them twice.
    assert.equal(r.tensorsAfter, r.tensorsBefore, 'tensors before and after');
    assert.equal(r.refused?.name, 'ShapeError', JSON.stringify(r.refused));
    assert.match(r.refused.message, /demonstrations observe \[10, 10, 1\] uint8, 1 frame stacked, the agent \[12, 12, 1\] uint8/);
  } finally {
    await browser.close();
    server.close();
  }
});
