/**
 * In a real browser, policies persist across a page reload: page 1 trains a pixel DQN agent in a
 * real module worker and saves it to indexeddb://reload-x; the test reloads the page (same tab);
 * page 2 lists it, rebuilds the agent with loadAgent from the policy alone (same action names,
 * observation pipeline, weights, optimizer state, target net and counters), loads it again in
 * 'inference' mode (weights only), and deletes it. Prints file sizes and save / load times.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleWorker, launchBrowser, reloadPage, runPage, startServer } from './harness';


interface Fingerprint {
  acting: string;
  full: string;
  kinds: string[];
}

test('a policy saved to IndexedDB survives a reload and loadAgent rebuilds the agent from it', { timeout: 600_000 }, async () => {
  await bundleWorker('src/worker/worker_entry.ts', 'store_reload.worker');
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const first = await runPage(browser, origin, 'browser/store_reload.page.js', 300_000);
    const one = first.result as any;
    assert.equal(one.error, undefined, `${one.error}\n${first.console.join('\n')}`);
    assert.equal(one.phase, 1);
    const two = (await reloadPage(first.page, origin, 'browser/store_reload.page.js', 300_000)) as any;
    assert.equal(two.error, undefined, `${two.error}\n${first.console.join('\n')}`);
    assert.equal(two.phase, 2);

    // Listed after the reload, with the saved checksum (of all weight bytes) and frames.
    assert.deepEqual(two.listed, [
      { name: 'reload-x', checksum: one.saved.checksum, frames: 80 },
      { name: 'reload-x-lean', checksum: one.lean.checksum, frames: 80 },
    ]);
    // loadAgent: the same agent, weights and training state.
    assert.equal(two.backend, 'wasm');
    assert.deepEqual(two.actions, ['left', 'right', 'stay']);
    assert.deepEqual(two.observation, one.observation);
    assert.deepEqual(two.observation, { kind: 'pixels', width: 20, height: 20, grayscale: true, frameStack: 2, crop: { x: 10, y: 20, w: 200, h: 200 } });
    const f1 = one.fingerprint as Fingerprint;
    assert.deepEqual(f1.kinds, ['optimizer', 'parameter', 'target']);
    assert.deepEqual(two.fingerprint, f1, 'acting weights, target net and optimizer slots are identical');
    assert.deepEqual(two.greedy, one.greedy);
    assert.deepEqual(two.counters, one.counters);
    assert.equal(one.counters.steps, 80);
    assert.ok(one.counters.trainRounds > 0);
    // Inference mode: the weights, no counters.
    assert.equal(two.inference.acting, f1.acting);
    assert.deepEqual(two.inference.greedy, one.greedy);
    assert.equal(two.inference.counters.steps, 0);
    assert.equal(two.inference.counters.frame, 0);
    // Deleted.
    assert.deepEqual(two.afterDelete, []);
    assert.match(two.loadDeleted, /^StorageError: indexeddb:\/\/reload-x: no policy named "reload-x"/);

    const ms = (x: number): string => `${x.toFixed(1)} ms`;
    console.log(`policy file ${one.bytes.full} B with training state, ${one.bytes.lean} B without (weights ${one.saved.weightBytes} B vs ${one.lean.weightBytes} B)`);
    console.log(`Chromium: agent.save to IndexedDB ${ms(one.saveMs)} (training state) / ${ms(one.leanSaveMs)} (weights only); ` +
      `loadAgent after reload ${ms(two.loadMs)} (train mode, incl. worker start) / ${ms(two.inferenceLoadMs)} (inference)`);
  } finally {
    await browser.close();
    server.close();
  }
});
