/**
 * The 'observation-upscaled' warning: an observation larger than the canvas (or crop) it is read
 * from, checked at reads (the size then, so a canvas resized at boot is seen at its real size).
 * The region stands in for a FrameCapture's (its regionWidth / regionHeight); the browser test
 * test/browser/agent_attach.test.ts runs the real capture on a Phaser canvas.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { upscaleWarning, watchUpscale } from '../../src/attach/upscale_warning';
import type { AgentWarning } from '../../src/attach/warnings';
import { CountingSource } from './fakes';
import { warningLoop } from './warning_loop';

/** A loop reading a `w` x `h` observation from `region` through watchUpscale. */
function watched(w: number, h: number, region: { regionWidth: number; regionHeight: number }, cropped = false) {
  const reported: AgentWarning[] = [];
  const source = new CountingSource();
  const s = warningLoop({ reward: () => 1 }, { sources: [watchUpscale(source, w, h, region, cropped, 0, (x) => reported.push(x))] });
  return { ...s, source, reported };
}

describe('observation-upscaled', () => {
  test('an 84x84 observation of a 10x10 canvas: one warning with both sizes and the fix; none from a canvas (or crop) as large or larger', async () => {
    const s = watched(84, 84, { regionWidth: 10, regionHeight: 10 });
    await s.run(50);
    assert.equal(s.source.reads, 50, 'observations still flow');
    assert.equal(s.reported.length, 1);
    const w = s.reported[0]!;
    assert.equal(w.code, 'observation-upscaled');
    assert.equal(w.player, 0);
    assert.ok(w.message.startsWith('the 84x84 observation is read from the 10x10 canvas, so it is upscaled'), w.message);
    assert.match(w.message, /up to 20x slower \(16 against 386 decisions\/s measured\)/);
    assert.match(w.message, /observation: \{ width: 10, height: 10 \}/);

    // Out of the trap.
    for (const region of [{ regionWidth: 400, regionHeight: 400 }, { regionWidth: 84, regionHeight: 84 }, { regionWidth: 84.5, regionHeight: 90 }]) {
      const fine = watched(84, 84, region);
      await fine.run(20);
      assert.deepEqual(fine.reported, [], JSON.stringify(region));
    }
  });

  test('larger in one dimension is enough; a crop is named as a crop', () => {
    const tall = upscaleWarning(20, 40, { regionWidth: 100, regionHeight: 30 }, true, 1);
    assert.equal(tall?.code, 'observation-upscaled');
    assert.match(tall!.message, /^the 20x40 observation is read from the 100x30 crop of the canvas/);
    assert.match(tall!.message, /width: 20, height: 30 .*or crop a larger region/);
    assert.equal(tall!.player, 1);
  });

  test('checked at the reads: a canvas that is small when attached but full-size at the first read is not flagged; one that shrinks later is', async () => {
    const region = { regionWidth: 1, regionHeight: 1 }; // e.g. before the Scale manager sized it
    const s = watched(84, 84, region);
    region.regionWidth = 400;
    region.regionHeight = 300;
    await s.run(20);
    assert.equal(s.reported.length, 0);
    region.regionWidth = 64;
    await s.run(20);
    assert.equal(s.reported.length, 1);
    assert.match(s.reported[0]!.message, /from the 64x300 canvas/);
  });
});
