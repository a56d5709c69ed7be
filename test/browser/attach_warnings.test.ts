/**
 * In a real browser: the 'observation-upscaled' warning from a real Phaser canvas read by the
 * real FrameCapture through attachScene (attach_warnings.page.ts): once for an 84x84 observation
 * of a 10x10 canvas or of a 40x40 crop, never for the whole 400x400 canvas.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentWarning } from '../../src/attach/warnings';
import { launchBrowser, runPage, startServer } from './harness';

interface Attached {
  canvas: string;
  warnings: AgentWarning[];
  decisions: number;
  errors: string[];
}

test('an observation larger than the Phaser canvas (or crop) it reads is one observation-upscaled warning', { timeout: 120_000 }, async () => {
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: lines } = await runPage(browser, origin, 'browser/attach_warnings.page.js', 60_000);
    const r = result as { error?: string; small: Attached; crop: Attached; large: Attached };
    assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
    for (const a of [r.small, r.crop, r.large]) {
      assert.deepEqual(a.errors, []);
      assert.equal(a.decisions, 20, 'every frame decided (the canvas was read)');
    }
    assert.equal(r.small.canvas, '10x10');
    assert.deepEqual(r.small.warnings.map((w) => w.code), ['observation-upscaled']);
    assert.match(r.small.warnings[0]!.message, /^the 84x84 observation is read from the 10x10 canvas, so it is upscaled/);
    assert.deepEqual(r.crop.warnings.map((w) => w.code), ['observation-upscaled']);
    assert.match(r.crop.warnings[0]!.message, /^the 84x84 observation is read from the 40x40 crop of the canvas/);
    assert.equal(r.large.canvas, '400x400');
    assert.deepEqual(r.large.warnings, []);
  } finally {
    await browser.close();
    server.close();
  }
});
