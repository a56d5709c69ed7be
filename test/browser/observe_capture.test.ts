/**
 * In a real browser (Debian's headless Chromium), FrameCapture reads what a Phaser 4 game drew:
 * WEBGL and CANVAS renderers, gray and RGB, a crop, a frame stack across manual steps. It also
 * shows why the SDK captures in the game's 'postrender' event: a WebGL canvas without
 * preserveDrawingBuffer reads black once the browser has presented the frame. Timings are
 * printed, never asserted. A screenshot of the page goes to test-artifacts/observe_capture.png.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launchBrowser, runPage, startServer } from './harness';

interface Regions {
  shapeMin: number;
  backgroundMax: number;
  shapePixels: number;
  backgroundPixels: number;
}
interface Timing {
  medianMs: number;
  p95Ms: number;
  stepsPerSecondCapturing: number;
  stepsPerSecondBare: number;
}
interface RendererResult extends Regions {
  renderer: string;
  mae: number;
  redGray: number;
  redRgb: number[];
  rgbMaeVsGray: number;
  cropMae: number;
  cropRegions: Regions;
  cropWhiteCenter: number;
  afterStepMae: number;
  laterTaskMean: number;
  postUpdateMean: number;
  stackMatches: boolean;
  moverCentroids: number[];
  stepMaes: number[];
  qualities: Record<'low' | 'medium' | 'high', Regions & Timing & { mae: number }>;
  scratch: Record<string, Timing>;
  timing: Timing;
}
interface PageResult {
  error?: string;
  webgl: RendererResult;
  canvas: RendererResult;
  preservedLaterTaskMae: number;
  referenceMean: number;
}

// Mean absolute error (0..255 gray levels) allowed against the exact area average: smoothing
// filters differ from a box filter at shape edges (measured ~0.5 for 'medium', ~1.6 for 'low').
const MAE = 2;

function assertPicture(r: RendererResult, what: string): void {
  assert.ok(r.mae < MAE, `${what}: gray frame mean abs error ${r.mae} against the area average`);
  assert.ok(r.shapePixels > 10 && r.backgroundPixels > 1000, `${what}: region counts ${r.shapePixels}/${r.backgroundPixels}`);
  assert.ok(r.shapeMin >= 250, `${what}: inside the white rectangle the frame must be white (min ${r.shapeMin})`);
  assert.ok(r.backgroundMax <= 5, `${what}: away from shapes the frame must be black (max ${r.backgroundMax})`);
  assert.ok(Math.abs(r.redGray - 76) <= 2, `${what}: a red block is BT.601 gray 76 (got ${r.redGray})`);
  r.redRgb.forEach((v, j) => assert.ok(Math.abs(v - [255, 0, 0][j]) <= 3, `${what}: red block RGB ${r.redRgb}`));
  assert.ok(r.rgbMaeVsGray < 1, `${what}: luma of the RGB frame differs from the gray frame by ${r.rgbMaeVsGray}`);
}

test('FrameCapture reads Phaser 4 WEBGL and CANVAS games in postrender: gray, RGB, crop, frame stack', { timeout: 300_000 }, async () => {
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { page, result, console: lines } = await runPage(browser, origin, 'browser/observe_capture.page.js', 240_000);
    const r = result as PageResult;
    assert.equal(r.error, undefined, `${r.error}\n${lines.join('\n')}`);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/observe_capture.png', fullPage: true });

    for (const [what, x] of [['WEBGL', r.webgl], ['CANVAS', r.canvas]] as const) {
      assert.equal(x.renderer, what, 'the game must run on the renderer asked for');
      assertPicture(x, what);
      // A crop observes its region only, at the full output size.
      assert.ok(x.cropMae < MAE, `${what}: crop mean abs error ${x.cropMae}`);
      assert.ok(x.cropRegions.shapeMin >= 250 && x.cropRegions.backgroundMax <= 5, `${what}: crop regions ${JSON.stringify(x.cropRegions)}`);
      assert.ok(x.cropWhiteCenter >= 250, `${what}: the white rectangle's centre in the crop (got ${x.cropWhiteCenter})`);
      // Right after game.step, in the same task, the picture is still there.
      assert.ok(x.afterStepMae < MAE, `${what}: capture right after game.step, mean abs error ${x.afterStepMae}`);
      // Frame stack over 6 steps of a moving block: channels k = captures of steps 2..5, oldest first.
      assert.ok(x.stackMatches, `${what}: stacked channels must be the last 4 captures, oldest first`);
      x.stepMaes.forEach((m, t) => assert.ok(m < MAE, `${what}: step ${t} mean abs error ${m}`));
      for (let k = 1; k < 4; k++) {
        const moved = x.moverCentroids[k] - x.moverCentroids[k - 1];
        // 60 source px per step is 12.6 output px.
        assert.ok(moved > 10 && moved < 15, `${what}: the block must move right by ~12.6 px per channel (centroids ${x.moverCentroids})`);
      }
      for (const [q, v] of Object.entries(x.qualities)) {
        assert.ok(v.mae < 2 * MAE && v.shapeMin >= 250 && v.backgroundMax <= 5, `${what} smoothingQuality ${q}: ${JSON.stringify(v)}`);
      }
      assert.ok(x.qualities.medium.mae <= x.qualities.low.mae, `${what}: 'medium' must be at least as close to the area average as 'low'`);
    }
    // Why the SDK captures in 'postrender': once the browser has presented a WebGL frame, its
    // drawing buffer is cleared (preserveDrawingBuffer false), so a later task or the next
    // step's 'postupdate' read black. A 2D canvas keeps its pixels; so does a WebGL game that
    // sets preserveDrawingBuffer: true.
    assert.ok(r.referenceMean > 20, 'the picture is not black');
    assert.ok(r.webgl.laterTaskMean < 1, `WEBGL, a later task: mean ${r.webgl.laterTaskMean}, expected black`);
    assert.ok(r.webgl.postUpdateMean < 1, `WEBGL, scene 'postupdate': mean ${r.webgl.postUpdateMean}, expected black`);
    assert.ok(Math.abs(r.canvas.laterTaskMean - r.referenceMean) < MAE, `CANVAS, a later task: mean ${r.canvas.laterTaskMean}`);
    assert.ok(Math.abs(r.canvas.postUpdateMean - r.referenceMean) < MAE, `CANVAS, 'postupdate': mean ${r.canvas.postUpdateMean}`);
    assert.ok(r.preservedLaterTaskMae < MAE, `WEBGL with preserveDrawingBuffer, a later task: mean abs error ${r.preservedLaterTaskMae}`);

    const ms = (t: Timing) => `median ${t.medianMs.toFixed(2)} ms, p95 ${t.p95Ms.toFixed(2)} ms, ${t.stepsPerSecondCapturing.toFixed(0)} steps/s capturing (${t.stepsPerSecondBare.toFixed(0)} bare)`;
    for (const x of [r.webgl, r.canvas]) {
      console.log(`${x.renderer} 400x400 -> 84x84 gray, 300 frames: ${ms(x.timing)}`);
      for (const [q, v] of Object.entries(x.qualities)) console.log(`  smoothingQuality ${q}: mae ${v.mae.toFixed(2)}; ${ms(v)}`);
      for (const [k, v] of Object.entries(x.scratch)) console.log(`  scratch ${k}: ${ms(v)}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
});
