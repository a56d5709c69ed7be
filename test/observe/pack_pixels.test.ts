import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { luma, LUMA_WEIGHTS, packRgba } from '../../src/observe/pack_pixels';
import { ShapeError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';

function randomRgba(pixels: number, seed: number): Uint8ClampedArray {
  const rng = new Rng(seed);
  return Uint8ClampedArray.from({ length: pixels * 4 }, () => rng.int(256));
}

describe('packRgba', () => {
  test('gray is BT.601 luma rounded, matching a plain loop on random pixels', () => {
    const pixels = 84 * 84;
    const rgba = randomRgba(pixels, 1);
    const out = packRgba(rgba, pixels, 1, new Uint8Array(pixels));
    for (let p = 0; p < pixels; p++) {
      const [r, g, b] = [rgba[4 * p], rgba[4 * p + 1], rgba[4 * p + 2]];
      assert.equal(out[p], Math.round(0.299 * r + 0.587 * g + 0.114 * b), `pixel ${p} (${r}, ${g}, ${b})`);
    }
  });

  test('luma of the primaries, white and black', () => {
    assert.deepEqual(LUMA_WEIGHTS, { r: 0.299, g: 0.587, b: 0.114 });
    assert.equal(luma(0, 0, 0), 0);
    assert.equal(luma(255, 255, 255), 255);
    assert.equal(luma(255, 0, 0), 76);
    assert.equal(luma(0, 255, 0), 150);
    assert.equal(luma(0, 0, 255), 29);
    // Never above 255 on any gray level.
    for (let v = 0; v < 256; v++) assert.equal(luma(v, v, v), v);
  });

  test('RGB drops alpha and keeps R, G, B in order', () => {
    const pixels = 50;
    const rgba = randomRgba(pixels, 2);
    const out = packRgba(rgba, pixels, 3, new Uint8Array(pixels * 3));
    for (let p = 0; p < pixels; p++) {
      for (let j = 0; j < 3; j++) assert.equal(out[3 * p + j], rgba[4 * p + j]);
    }
  });

  test('writes into the given buffer and returns it; leaves values past the frame alone', () => {
    const out = new Uint8Array(5).fill(9);
    const got = packRgba(Uint8Array.of(255, 255, 255, 255, 0, 0, 0, 0), 2, 1, out);
    assert.equal(got, out);
    assert.deepEqual(Array.from(out), [255, 0, 9, 9, 9]);
  });

  test('short arrays and bad channel counts are ShapeErrors that say what is short', () => {
    assert.throws(() => packRgba(new Uint8Array(7), 2, 1, new Uint8Array(2)), (e: unknown) => e instanceof ShapeError && /rgba holds 7 values/.test(e.message));
    assert.throws(() => packRgba(new Uint8Array(8), 2, 3, new Uint8Array(5)), (e: unknown) => e instanceof ShapeError && /out holds 5 values, fewer than 3 x 2/.test(e.message));
    assert.throws(() => packRgba(new Uint8Array(8), 2, 2 as 1, new Uint8Array(8)), (e: unknown) => e instanceof ShapeError && /channels must be 1 or 3 \(got 2\)/.test(e.message));
  });
});
