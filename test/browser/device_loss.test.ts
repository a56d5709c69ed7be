/**
 * WebGPU device loss in a real browser: an agent training on WebGPU (SwiftShader here) loses its
 * device (destroyed under tfjs); training goes on on wasm from the weights and training state of
 * the last training round, the agent emits 'backend-change' and reports the new backend, and no
 * step fails or leaks tensors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleWorker, launchBrowser, runPage, startServer } from './harness';

interface PageResult {
  error?: string;
  skippedBecause?: string;
  backendBefore: string;
  lostOn: string;
  backendAfter: string;
  changes: { from: string; to: string; reason: string; restored: number; unrestored: string[] }[];
  errors: string[];
  before: { trainRounds: number; steps: number; numTensors: number; backend: string };
  switched: { trainRounds: number; numTensors: number; backend: string; events: string[] };
  after: { trainRounds: number; steps: number; numTensors: number; backend: string };
  sameWeights: boolean;
  weightBytes: number;
}

test('a lost WebGPU device moves training to wasm from the current weights, with a backend-change event', { timeout: 300_000 }, async () => {
  await bundleWorker('test/browser/device_loss_worker.ts', 'device_loss.worker');
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, 'browser/device_loss.page.js', 240_000);
    const r = result as PageResult;
    assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
    // This browser has WebGPU (--enable-unsafe-webgpu, SwiftShader); a machine without it cannot run the case.
    assert.equal(r.skippedBecause, undefined, 'Chromium here offers a WebGPU adapter');
    console.log(JSON.stringify({ ...r, switched: { ...r.switched, events: r.switched.events.filter((e) => e.startsWith('backend')) } }));
    assert.equal(r.backendBefore, 'webgpu');
    assert.equal(r.lostOn, 'webgpu');
    assert.ok(r.before.trainRounds > 0, 'it trained on WebGPU before the loss');
    assert.equal(r.changes.length, 1);
    const c = r.changes[0]!;
    assert.equal(c.from, 'webgpu');
    assert.equal(c.to, 'wasm');
    assert.match(c.reason, /WebGPU device was lost \(destroyed/);
    assert.deepEqual(c.unrestored, []);
    assert.ok(c.restored > 0);
    assert.equal(r.backendAfter, 'wasm');
    assert.equal(r.switched.backend, 'wasm');
    assert.ok(r.switched.events.some((e) => /^backend: the WebGPU device was lost/.test(e)));
    // From the current weights and training state: the policy file is the same bytes before and after.
    assert.ok(r.weightBytes > 0);
    assert.equal(r.sameWeights, true);
    assert.equal(r.switched.trainRounds, r.before.trainRounds);
    // Training goes on, nothing fails, no tensor is left behind.
    assert.deepEqual(r.errors, []);
    assert.ok(r.after.trainRounds > r.before.trainRounds + 10, `rounds ${r.before.trainRounds} -> ${r.after.trainRounds}`);
    assert.equal(r.after.backend, 'wasm');
    assert.equal(r.switched.numTensors, r.before.numTensors);
    assert.equal(r.after.numTensors, r.before.numTensors);
  } finally {
    await browser.close();
    server.close();
  }
});
