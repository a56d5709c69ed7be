import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { clipGradNorm, globalNorm } from '../../src/train/clip_grad';
import { Rng } from '../../src/util/rng';
import { assertClose, describeEachBackend, noLeak } from './backends';

const shapes = [[4, 3], [7], [2, 2, 2]];

function randomGrads(seed: number, scale: number): { arrays: number[][]; tensors: tf.Tensor[] } {
  const rng = new Rng(seed);
  const arrays = shapes.map((s) => Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => Math.fround(scale * rng.normal())));
  return { arrays, tensors: arrays.map((a, i) => tf.tensor(a, shapes[i]!)) };
}

/** clip_grad_norm_ as a loop: total 2-norm, then scale by min(1, max / (total + 1e-6)). */
function refClip(arrays: number[][], maxNorm: number): { norm: number; clipped: number[][] } {
  let sq = 0;
  for (const a of arrays) for (const x of a) sq += x * x;
  const norm = Math.sqrt(sq);
  const coef = Math.min(1, maxNorm / (norm + 1e-6));
  return { norm, clipped: arrays.map((a) => a.map((x) => x * coef)) };
}

describeEachBackend('clipGradNorm', () => {
  for (const [label, scale, maxNorm] of [
    ['over the limit: scaled down to it', 3, 2],
    ['under the limit: unchanged', 0.01, 2],
  ] as const) {
    test(`${label} (matches a loop)`, async () => {
      await noLeak(async () => {
        const { arrays, tensors } = randomGrads(2, scale);
        const ref = refClip(arrays, maxNorm);
        const { grads, norm } = clipGradNorm(tensors, maxNorm);
        assertClose([(await norm.data())[0]!], [ref.norm], 1e-6, 1e-6, 'norm');
        for (let i = 0; i < grads.length; i++) assertClose(await grads[i]!.data(), ref.clipped[i]!, 1e-7, 1e-6, `grad ${i}`);
        const after = refClip(await Promise.all(grads.map(async (g) => Array.from(await g.data()))), maxNorm);
        assert.ok(after.norm <= maxNorm + 1e-5, `clipped norm ${after.norm}`);
        tf.dispose([...tensors, ...grads, norm]);
      });
    });
  }

  test('globalNorm of [3, 4] and [12] is 13; NaN anywhere makes it NaN; no grads is 0', async () => {
    await noLeak(async () => {
      const a = tf.tensor1d([3, 4]);
      const b = tf.tensor1d([12]);
      const nan = tf.tensor1d([1, NaN]);
      const n1 = globalNorm([a, b]);
      const n2 = globalNorm([a, nan]);
      const n3 = globalNorm([]);
      assert.ok(Math.abs((await n1.data())[0]! - 13) < 1e-5);
      assert.ok(Number.isNaN((await n2.data())[0]!));
      assert.equal((await n3.data())[0], 0);
      tf.dispose([a, b, nan, n1, n2, n3]);
    });
  });
});
