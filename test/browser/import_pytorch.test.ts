/**
 * A game ships weights trained in PyTorch (import_pytorch.page.ts, in headless Chromium):
 * `importPyTorchPolicy` turns the shipped catch policy's state_dict back into a policy with the
 * catch entry's actions and observation, which `loadBot` plays exactly as the shipped one,
 * `loadAgent` loads and keeps training, and whose manifest observation is createAgent's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { policyToSafetensors } from '../../src/store/pytorch_export';
import { useBackend } from '../train/backends';
import { launchBrowser, runPage, startServer } from './harness';

const ROOT = join(__dirname, '..', '..', '..');

test('importPyTorchPolicy in a page: loadBot plays the imported catch policy as the shipped one, loadAgent keeps learning from it, createAgent saves the same observation', { timeout: 240_000 }, async () => {
  await useBackend('cpu');
  const pages = join(ROOT, 'build/test/pages/browser');
  mkdirSync(pages, { recursive: true });
  writeFileSync(join(pages, 'catch_pytorch.safetensors'), await policyToSafetensors(new Uint8Array(readFileSync(join(ROOT, 'demos/catch/catch.ppol')))));
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, 'browser/import_pytorch.page.js', 200_000);
    const r = result as any;
    assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
    console.log(`importPyTorchPolicy took ${r.importMs.toFixed(0)} ms (first call: loads tfjs); ${r.same}/${r.decisions} greedy actions equal; learned ${JSON.stringify(r.learned)}`);
    assert.deepEqual(r.observation.imported, r.observation.shipped);
    assert.deepEqual(r.actionNames, ['left', 'stay', 'right']);
    assert.equal(r.sameWeights, true, 'the acting weights bit for bit');
    assert.equal(r.decisions, 500);
    assert.equal(r.same, 500);
    assert.equal(r.loadedSame, true, 'loadAgent holds the imported weights');
    assert.equal(r.learned.steps, 200);
    assert.equal(r.learned.updates, 50);
    assert.equal(r.movedAfterLearning, true, 'and trains them');
    assert.equal(r.observations.length, 2);
    for (const o of r.observations) assert.deepEqual(o.imported, o.created);
    assert.deepEqual(r.observations[1].created.pipeline.crop, { x: 0, y: 0, w: 400, h: 400 });
    assert.equal(r.tensorsAfter, r.tensorsBefore, 'importPyTorchPolicy leaves no tensor on the page');
    assert.equal(r.refused?.name, 'ShapeError');
    assert.match(r.refused.message, /^importPyTorchPolicy: the PyTorch state_dict does not match the nets of spec "ddqn_catch_pixels" \(ConvNet\) for observation \[10,10,1\], 1 frame stacked and 4 actions\n {2}net\.model_tail\.0\.weight: checkpoint shape \[3,64\] but the net's PyTorch shape is \[4,64\]/);
  } finally {
    await browser.close();
    server.close();
  }
});
