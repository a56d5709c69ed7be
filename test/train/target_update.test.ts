import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { copyWeights, polyakUpdate } from '../../src/train/target_update';
import { ShapeError } from '../../src/util/errors';
import { assertClose, describeEachBackend, noLeak } from './backends';

const make = (values: number[][]): tf.Variable[] =>
  values.map((v) => tf.tidy(() => tf.variable(tf.tensor1d(v))));

describeEachBackend('target updates', () => {
  test('copyWeights: the target equals the source, and stays put when the source moves on', async () => {
    await noLeak(async () => {
      const src = make([[1, 2], [3]]);
      const tgt = make([[0, 0], [0]]);
      copyWeights(src, tgt);
      assert.deepEqual(Array.from(await tgt[0]!.data()), [1, 2]);
      tf.tidy(() => src[0]!.assign(tf.tensor1d([9, 9])));
      assert.deepEqual(Array.from(await tgt[0]!.data()), [1, 2]);
      assert.deepEqual(Array.from(await tgt[1]!.data()), [3]);
      tf.dispose([...src, ...tgt]);
    });
  });

  test('polyakUpdate: target = coef * source + (1 - coef) * target (SLM Lab net_util.polyak_update)', async () => {
    await noLeak(async () => {
      const src = make([[1, 2], [3]]);
      const tgt = make([[-1, 4], [0]]);
      polyakUpdate(src, tgt, 0.25);
      assertClose(await tgt[0]!.data(), [0.25 * 1 + 0.75 * -1, 0.25 * 2 + 0.75 * 4]);
      assertClose(await tgt[1]!.data(), [0.75]);
      polyakUpdate(src, tgt, 0); // coef 0: the target keeps its weights
      assertClose(await tgt[1]!.data(), [0.75]);
      polyakUpdate(src, tgt, 1); // coef 1: a copy
      assertClose(await tgt[0]!.data(), [1, 2]);
      assertClose(await src[0]!.data(), [1, 2], 0, 0, 'source untouched');
      tf.dispose([...src, ...tgt]);
    });
  });

  test('mismatched lists or shapes are ShapeErrors and change nothing', async () => {
    await noLeak(async () => {
      const src = make([[1, 2], [3]]);
      const short = make([[0, 0]]);
      const wrong = make([[0, 0], [0, 0]]);
      assert.throws(() => copyWeights(src, short), ShapeError);
      assert.throws(() => polyakUpdate(src, wrong, 0.5), ShapeError);
      assert.deepEqual(Array.from(await wrong[0]!.data()), [0, 0]);
      assert.throws(() => polyakUpdate(src, src, 1.5), RangeError);
      tf.dispose([...src, ...short, ...wrong]);
    });
  });
});
