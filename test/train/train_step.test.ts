import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import type { OptimSpec } from '../../src/spec/types';
import { HuberLoss, MSELoss } from '../../src/train/losses';
import { createOptimizer } from '../../src/train/optimizers/registry';
import { trainStep } from '../../src/train/train_step';
import { Rng } from '../../src/util/rng';
import { assertClose, describeEachBackend, noLeak } from './backends';

const spec = (o: Partial<OptimSpec> & Pick<OptimSpec, 'name' | 'lr'>): OptimSpec => ({
  betas: [0.9, 0.999],
  eps: 1e-8,
  weight_decay: 0,
  alpha: 0.99,
  momentum: 0,
  dampening: 0,
  centered: false,
  nesterov: false,
  amsgrad: false,
  ...o,
});

/** A linear-regression problem y = X w* + b* with a little noise; X [64, 3]. */
function regression(seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const rng = new Rng(seed);
  const w = [1.5, -2, 0.5];
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < 64; i++) {
    const row = [rng.normal(), rng.normal(), rng.normal()];
    xs.push(...row);
    ys.push(row[0]! * w[0]! + row[1]! * w[1]! + row[2]! * w[2]! + 0.3 + 0.01 * rng.normal());
  }
  return { x: tf.tensor2d(xs, [64, 3]), y: tf.tensor2d(ys, [64, 1]) };
}

function linearParams(): tf.Variable[] {
  return tf.tidy(() => [tf.variable(tf.zeros([3, 1]), true), tf.variable(tf.zeros([1]), true)]);
}

const trainers: [string, OptimSpec, number | null][] = [
  ['SGD momentum', spec({ name: 'SGD', lr: 0.05, momentum: 0.9 }), null],
  ['Adam', spec({ name: 'Adam', lr: 0.05 }), null],
  ['AdamW', spec({ name: 'AdamW', lr: 0.05, weight_decay: 0.001 }), 10],
  ['RMSprop centered', spec({ name: 'RMSprop', lr: 0.01, centered: true, momentum: 0.5 }), 1],
];

describeEachBackend('trainStep', () => {
  for (const [name, optimSpec, clip] of trainers) {
    test(`${name}${clip ? ` (clip ${clip})` : ''}: a linear regression trains to a low loss`, async () => {
      await noLeak(async () => {
        const { x, y } = regression(1);
        const [w, b] = linearParams() as [tf.Variable, tf.Variable];
        const opt = createOptimizer(optimSpec, [w, b]);
        const mse = MSELoss();
        const loss = (): tf.Scalar => mse(tf.add(tf.matMul(x, w), b), y);
        const first = await trainStep({ params: [w, b], loss, optimizer: opt, clipGradVal: clip });
        for (let k = 0; k < 300; k++) {
          await trainStep({ params: [w, b], loss, optimizer: opt, clipGradVal: clip });
        }
        const last = await trainStep({ params: [w, b], loss, optimizer: opt, clipGradVal: clip });
        assert.ok(first.loss > 1, `initial loss ${first.loss}`);
        assert.ok(last.loss < 1e-2, `final loss ${last.loss} (from ${first.loss})`);
        assert.equal(last.skipped, false);
        assertClose(await w.data(), [1.5, -2, 0.5], 0.05, 0, 'w');
        opt.dispose();
        tf.dispose([x, y, w, b]);
      });
    });
  }

  test('memory stays flat over 200 steps (Adam, clipping, Huber)', async () => {
    const { x, y } = regression(2);
    const params = linearParams();
    const opt = createOptimizer(spec({ name: 'Adam', lr: 0.01 }), params);
    const huber = HuberLoss();
    const loss = (): tf.Scalar => huber(tf.add(tf.matMul(x, params[0]!), params[1]!), y);
    const before = tf.memory().numTensors;
    let at10 = -1;
    for (let k = 0; k < 200; k++) {
      await trainStep({ params, loss, optimizer: opt, clipGradVal: 0.5 });
      if (k === 10) at10 = tf.memory().numTensors;
    }
    assert.equal(tf.memory().numTensors, before);
    assert.equal(at10, before);
    opt.dispose();
    tf.dispose([x, y, ...params]);
  });

  test('a NaN loss leaves every weight, optimizer slot and the step count unchanged and is reported', async () => {
    await noLeak(async () => {
      const { x, y } = regression(3);
      const params = linearParams();
      const opt = createOptimizer(spec({ name: 'Adam', lr: 0.05, amsgrad: true }), params);
      const mse = MSELoss();
      const good = (): tf.Scalar => mse(tf.add(tf.matMul(x, params[0]!), params[1]!), y);
      await trainStep({ params, loss: good, optimizer: opt, clipGradVal: 1 });
      const weights = await Promise.all(params.map(async (p) => Array.from(await p.data())));
      const slots = (await opt.getState()).slots;
      const nanLoss = (): tf.Scalar => tf.mul(good(), NaN);
      const r = await trainStep({ params, loss: nanLoss, optimizer: opt, clipGradVal: 1 });
      assert.equal(r.skipped, true);
      assert.ok(Number.isNaN(r.loss));
      assert.deepEqual(await Promise.all(params.map(async (p) => Array.from(await p.data()))), weights);
      assert.deepEqual((await opt.getState()).slots, slots);
      assert.equal(opt.stepCount, 1, 'a skipped step does not count (PyTorch)');
      opt.dispose();
      tf.dispose([x, y, ...params]);
    });
  });

  test('a finite loss with a non-finite gradient is caught too', async () => {
    await noLeak(async () => {
      const w = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
      const opt = createOptimizer(spec({ name: 'SGD', lr: 0.1 }), [w]);
      // sqrt(w - w) = 0 everywhere, but its gradient at 0 is infinite.
      const loss = (): tf.Scalar => tf.sum(tf.sqrt(tf.sub(w, w)));
      const r = await trainStep({ params: [w], loss, optimizer: opt, clipGradVal: null });
      assert.equal(r.loss, 0);
      assert.equal(r.skipped, true);
      assert.deepEqual(Array.from(await w.data()), [1, 2]);
      assert.equal(opt.stepCount, 0);
      opt.dispose();
      w.dispose();
    });
  });

  test('gradNorm is the pre-clip global norm and the update uses the clipped gradient', async () => {
    await noLeak(async () => {
      const w = tf.tidy(() => tf.variable(tf.tensor1d([0, 0])));
      const c = tf.tensor1d([3, 4]);
      const opt = createOptimizer(spec({ name: 'SGD', lr: 1 }), [w]);
      // d/dw sum(w * c) = c, norm 5, clipped to norm 1.
      const r = await trainStep({ params: [w], loss: () => tf.sum(tf.mul(w, c)), optimizer: opt, clipGradVal: 1 });
      assert.ok(Math.abs(r.gradNorm - 5) < 1e-6);
      assertClose(await w.data(), [-3 / (5 + 1e-6), -4 / (5 + 1e-6)]);
      opt.dispose();
      tf.dispose([w, c]);
    });
  });

  test('a parameter the loss does not reach is left alone; non-trainable variables get no update', async () => {
    await noLeak(async () => {
      const used = tf.tidy(() => tf.variable(tf.tensor1d([1])));
      const unused = tf.tidy(() => tf.variable(tf.tensor1d([7])));
      const frozen = tf.tidy(() => tf.variable(tf.tensor1d([2]), false));
      const params = [used, unused, frozen];
      const opt = createOptimizer(spec({ name: 'SGD', lr: 0.5, weight_decay: 0.1 }), params);
      await trainStep({ params, loss: () => tf.sum(tf.mul(used, frozen)), optimizer: opt, clipGradVal: null });
      assertClose(await used.data(), [1 - 0.5 * (2 + 0.1)]);
      assert.deepEqual(Array.from(await unused.data()), [7]); // no weight decay either (PyTorch)
      assert.deepEqual(Array.from(await frozen.data()), [2]);
      opt.dispose();
      tf.dispose(params);
    });
  });
});
