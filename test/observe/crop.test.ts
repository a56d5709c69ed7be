import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCrop, cropFromViewport, resolveCrop } from '../../src/observe/crop';
import { ShapeError } from '../../src/util/errors';
import { areaResize } from './area_resize';

const shapeError = (pattern: RegExp) => (e: unknown) => e instanceof ShapeError && e.code === 'SHAPE_MISMATCH' && pattern.test(e.message);

describe('crop', () => {
  test('no crop means the whole source', () => {
    assert.deepEqual(resolveCrop(undefined, 400, 300), { x: 0, y: 0, w: 400, h: 300 });
    assert.throws(() => resolveCrop(undefined, 0, 300), shapeError(/no pixels \(size 0x300\)/));
  });

  test('a crop inside the source is kept as given, fractional corners included', () => {
    assert.deepEqual(resolveCrop({ x: 100, y: 50, w: 200, h: 250 }, 400, 300), { x: 100, y: 50, w: 200, h: 250 });
    assert.deepEqual(resolveCrop({ x: 0.5, y: 0, w: 399.5, h: 300 }, 400, 300), { x: 0.5, y: 0, w: 399.5, h: 300 });
  });

  test('crops that leave the source, are empty or are not finite name the crop and the source', () => {
    assert.throws(() => checkCrop({ x: 300, y: 0, w: 101, h: 10 }, 400, 300), shapeError(/crop \{x: 300, y: 0, w: 101, h: 10\} leaves the 400x300 source/));
    assert.throws(() => checkCrop({ x: -1, y: 0, w: 10, h: 10 }, 400, 300), shapeError(/leaves the 400x300 source/));
    assert.throws(() => checkCrop({ x: 0, y: 0, w: 0, h: 10 }, 400, 300), shapeError(/w > 0 and h > 0/));
    assert.throws(() => checkCrop({ x: Number.NaN, y: 0, w: 10, h: 10 }, 400, 300), shapeError(/finite/));
  });

  test('a camera viewport maps to canvas pixels, scaled when the canvas is not the game size', () => {
    const viewport = { x: 200, y: 0, width: 200, height: 150 };
    assert.deepEqual(cropFromViewport(viewport, { width: 400, height: 300 }), { x: 200, y: 0, w: 200, h: 150 });
    assert.deepEqual(cropFromViewport(viewport, { width: 800, height: 600 }, { width: 400, height: 300 }), { x: 400, y: 0, w: 400, h: 300 });
    assert.throws(() => cropFromViewport({ x: 300, y: 0, width: 200, height: 10 }, { width: 400, height: 300 }), shapeError(/leaves the 400x300 source/));
  });

  test('the reference area average: exact on whole blocks, fractional at edges', () => {
    // 4x2 source of 0..7 averaged 2x2 -> 2x1.
    const src = [0, 1, 2, 3, 4, 5, 6, 7];
    assert.deepEqual(Array.from(areaResize(src, 4, 2, { x: 0, y: 0, w: 4, h: 2 }, 2, 1)), [(0 + 1 + 4 + 5) / 4, (2 + 3 + 6 + 7) / 4]);
    // 3 pixels to 2: the middle pixel is split in half between the outputs.
    assert.deepEqual(Array.from(areaResize([0, 3, 6], 3, 1, { x: 0, y: 0, w: 3, h: 1 }, 2, 1)), [(0 + 1.5) / 1.5, (1.5 + 6) / 1.5]);
    // A crop reads only its region.
    assert.deepEqual(Array.from(areaResize(src, 4, 2, { x: 2, y: 1, w: 2, h: 1 }, 1, 1)), [6.5]);
  });
});
