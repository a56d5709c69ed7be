import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tf } from '../../src/backend/tf';
import { mergedSlice, mergeSliceAxes } from '../../src/backend/merged_slice';
import { Rng } from '../../src/util/rng';
import { leakFree, onEachBackend } from './harness';

test('a conv crop merges to a 2-D slice of whole rows', () => {
  // The input gradient's crop in the breakout preset's second conv layer.
  assert.deepEqual(mergeSliceAxes([64, 14, 20, 16], [0, 0, 0, 0], [64, 14, 19, 16]), { shape: [896, 320], begin: [0, 0], size: [896, 304] });
  // A whole trailing block after a partial axis is one contiguous run.
  assert.deepEqual(mergeSliceAxes([4, 5, 6], [1, 0, 0], [2, 5, 6]), { shape: [120], begin: [30], size: [60] });
  // Nothing to merge: every axis after the first is partial.
  assert.deepEqual(mergeSliceAxes([3, 4, 5], [0, 1, 2], [3, 2, 3]), { shape: [3, 4, 5], begin: [0, 1, 2], size: [3, 2, 3] });
});

onEachBackend('mergedSlice', () => {
  test('equals tf.slice on random shapes, begins and sizes (ranks 1-5, whole axes mixed in)', async () => {
    const rng = new Rng(7);
    for (let c = 0; c < 200; c++) {
      const rank = 1 + rng.int(5);
      const shape = Array.from({ length: rank }, () => 1 + rng.int(6));
      const begin: number[] = [];
      const size: number[] = [];
      for (const d of shape) {
        const whole = rng.uniform() < 0.5;
        const b = whole ? 0 : rng.int(d);
        begin.push(b);
        size.push(whole ? d : 1 + rng.int(d - b));
      }
      await leakFree(async () => {
        const x = tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i * 0.5 - 3), shape);
        const want = tf.slice(x, begin, size);
        const got = mergedSlice(x, begin, size);
        assert.deepEqual(got.shape, want.shape, `shape ${shape} begin ${begin} size ${size}`);
        assert.deepEqual(Array.from(await got.data()), Array.from(await want.data()), `shape ${shape} begin ${begin} size ${size}`);
        tf.dispose([x, want, got]);
      });
    }
  });
});
