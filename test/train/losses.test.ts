import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../../src/backend/tf';
import type { LossSpec } from '../../src/spec/types';
import {
  CrossEntropyLoss,
  HuberLoss,
  LOSSES,
  MSELoss,
  SmoothL1Loss,
  buildLoss,
  type LossFn,
  type Reduction,
} from '../../src/train/losses';
import { ShapeError, SpecError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { assertClose, describeEachBackend, noLeak } from './backends';

interface TorchLossCase {
  loss: LossSpec['name'];
  options: { beta?: number; delta?: number; soft?: boolean };
  reduction: Reduction;
  weights: number[] | null;
  pred: number[];
  pred_shape: number[];
  target: number[];
  target_shape: number[];
  value: number;
  grad: number[];
}

const fixture = JSON.parse(
  readFileSync(join(process.cwd(), 'test/train/fixtures/torch_losses.json'), 'utf8'),
) as { cases: TorchLossCase[] };

function lossFor(c: TorchLossCase): LossFn {
  const reduction = c.reduction;
  switch (c.loss) {
    case 'MSELoss':
      return MSELoss({ reduction });
    case 'SmoothL1Loss':
      return SmoothL1Loss({ beta: c.options.beta!, reduction });
    case 'HuberLoss':
      return HuberLoss({ delta: c.options.delta!, reduction });
    case 'CrossEntropyLoss':
      return CrossEntropyLoss({ reduction });
  }
}

/** Loss value and d(loss)/d(pred), read back; no tensors survive. */
async function valueAndGrad(
  fn: LossFn,
  pred: tf.Tensor,
  target: tf.Tensor,
  weights?: tf.Tensor,
): Promise<{ value: number; grad: Float32Array }> {
  const { value, grad } = tf.tidy(() => {
    const g = tf.valueAndGrad((p: tf.Tensor) => fn(p, target, weights));
    return g(pred);
  });
  const out = { value: (await value.data())[0]!, grad: (await grad.data()) as Float32Array };
  tf.dispose([value, grad]);
  return out;
}

/** Double-precision elementwise definitions, straight from the torch.nn docs. */
const elementwise = {
  mse: (d: number) => d * d,
  smoothL1: (d: number, beta: number) =>
    Math.abs(d) < beta ? (0.5 * d * d) / beta : Math.abs(d) - 0.5 * beta,
  huber: (d: number, delta: number) =>
    Math.abs(d) <= delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta),
};

function refLoss(f: (d: number) => number, pred: number[], target: number[], w: number[], perSample: number, reduction: Reduction): number {
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += w[Math.floor(i / perSample)]! * f(pred[i]! - target[i]!);
  return reduction === 'mean' ? s / pred.length : s;
}

describeEachBackend('losses', () => {
  for (const [k, c] of fixture.cases.entries()) {
    const opts = JSON.stringify(c.options);
    const label = `${c.loss} ${opts} ${c.reduction}${c.weights ? ' weighted' : ''}`;
    test(`${label}: value and gradient equal PyTorch 1.13's (fixture case ${k})`, async () => {
      await noLeak(async () => {
        const pred = tf.tensor(c.pred, c.pred_shape);
        const target = c.options.soft || c.loss !== 'CrossEntropyLoss'
          ? tf.tensor(c.target, c.target_shape)
          : tf.tensor(c.target, c.target_shape, 'int32');
        const weights = c.weights ? tf.tensor1d(c.weights) : undefined;
        const { value, grad } = await valueAndGrad(lossFor(c), pred, target, weights);
        assertClose([value], [c.value], 1e-5, 1e-5, 'loss');
        // Where d = 0 with beta 0, torch 1.13's smooth_l1 backward kernel gives -1; we give L1's
        // gradient sign(0) = 0 (what l1_loss gives, and newer torch routes beta 0 to l1_loss).
        const l1Kink = (i: number): boolean => c.options.beta === 0 && c.pred[i] === c.target[i];
        const keep = c.grad.map((_, i) => i).filter((i) => !l1Kink(i));
        assertClose(keep.map((i) => grad[i]!), keep.map((i) => c.grad[i]!), 1e-6, 1e-5, 'grad');
        tf.dispose([pred, target, ...(weights ? [weights] : [])]);
      });
    });
  }

  const smooth: [string, LossFn, (d: number) => number][] = [
    ['MSELoss', MSELoss(), elementwise.mse],
    ['SmoothL1Loss beta 0.7', SmoothL1Loss({ beta: 0.7 }), (d) => elementwise.smoothL1(d, 0.7)],
    ['HuberLoss delta 1.3', HuberLoss({ delta: 1.3 }), (d) => elementwise.huber(d, 1.3)],
    ['HuberLoss delta 0.2 sum', HuberLoss({ delta: 0.2, reduction: 'sum' }), (d) => elementwise.huber(d, 0.2)],
  ];
  for (const [name, fn, f] of smooth) {
    test(`${name}: weighted [6, 4] batch matches the definition and central differences`, async () => {
      await noLeak(async () => {
        const rng = new Rng(name.length);
        const n = 24;
        const p = Array.from({ length: n }, () => Math.fround(3 * rng.normal()));
        const t = Array.from({ length: n }, () => Math.fround(3 * rng.normal()));
        const w = Array.from({ length: 6 }, () => Math.fround(0.5 + rng.uniform()));
        const reduction: Reduction = name.endsWith('sum') ? 'sum' : 'mean';
        const pred = tf.tensor(p, [6, 4]);
        const target = tf.tensor(t, [6, 4]);
        const weights = tf.tensor1d(w);
        const { value, grad } = await valueAndGrad(fn, pred, target, weights);
        assertClose([value], [refLoss(f, p, t, w, 4, reduction)], 1e-5, 1e-5, 'loss');
        const h = 1e-6;
        const fd = p.map((_, i) => {
          const up = p.slice();
          const down = p.slice();
          up[i] = up[i]! + h;
          down[i] = down[i]! - h;
          return (refLoss(f, up, t, w, 4, reduction) - refLoss(f, down, t, w, 4, reduction)) / (2 * h);
        });
        assertClose(grad, fd, 1e-5, 1e-4, 'grad');
        tf.dispose([pred, target, weights]);
      });
    });
  }

  test('SmoothL1Loss beta 0 is L1: gradient sign(d), and 0 where d = 0', async () => {
    await noLeak(async () => {
      const pred = tf.tensor1d([2, -1, 0.5, 3]);
      const target = tf.tensor1d([1, 1, 0.5, 3.5]);
      const { value, grad } = await valueAndGrad(SmoothL1Loss({ beta: 0, reduction: 'sum' }), pred, target);
      assert.ok(Math.abs(value - 3.5) < 1e-6, `got ${value}`);
      assert.deepEqual(Array.from(grad), [1, -1, 0, -1]);
      tf.dispose([pred, target]);
    });
  });

  test('HuberLoss = delta * SmoothL1Loss(beta = delta), the two pieces meeting at |d| = delta', async () => {
    await noLeak(async () => {
      const pred = tf.tensor1d([0, 0.5, 2, -2, 10]);
      const target = tf.zeros([5]);
      const delta = 2;
      const h = await valueAndGrad(HuberLoss({ delta, reduction: 'sum' }), pred, target);
      const s = await valueAndGrad(SmoothL1Loss({ beta: delta, reduction: 'sum' }), pred, target);
      // 0 + 0.125 + 2 + 2 + 2 * (10 - 1) = 22.125
      assert.ok(Math.abs(h.value - 22.125) < 1e-5, `got ${h.value}`);
      assert.ok(Math.abs(h.value - delta * s.value) < 1e-5);
      assertClose(h.grad, [0, 0.5, 2, -2, 2]);
      tf.dispose([pred, target]);
    });
  });

  test('CrossEntropyLoss: int32 and float class indices give the same loss and gradient', async () => {
    await noLeak(async () => {
      const logits = tf.tensor2d([[1, 2, 3], [0.5, -1, 2], [0, 0, 0]]);
      const asInt = tf.tensor1d([2, 0, 1], 'int32');
      const asFloat = tf.tensor1d([2, 0, 1]);
      const ce = CrossEntropyLoss();
      const a = await valueAndGrad(ce, logits, asInt);
      const b = await valueAndGrad(ce, logits, asFloat);
      assert.equal(a.value, b.value);
      assert.deepEqual(a.grad, b.grad);
      // Mean of -log softmax at the targets, by hand; gradient (softmax - onehot) / B.
      const rows = [[1, 2, 3], [0.5, -1, 2], [0, 0, 0]];
      const targets = [2, 0, 1];
      let expected = 0;
      const expectedGrad: number[] = [];
      rows.forEach((r, i) => {
        const z = r.reduce((s, x) => s + Math.exp(x), 0);
        expected += -(r[targets[i]!]! - Math.log(z)) / 3;
        r.forEach((x, j) => expectedGrad.push((Math.exp(x) / z - (j === targets[i] ? 1 : 0)) / 3));
      });
      assert.ok(Math.abs(a.value - expected) < 1e-6);
      assertClose(a.grad, expectedGrad);
      tf.dispose([logits, asInt, asFloat]);
    });
  });

  test('shape mistakes are ShapeErrors, not silent broadcasts', async () => {
    await noLeak(() => {
      const a = tf.zeros([4]);
      const b = tf.zeros([4, 1]);
      const logits = tf.zeros([4, 3]);
      const fewTargets = tf.zeros([3], 'int32');
      const badWeights = tf.ones([3]);
      assert.throws(() => MSELoss()(a, b), ShapeError);
      assert.throws(() => HuberLoss()(a, a, badWeights), ShapeError);
      assert.throws(() => CrossEntropyLoss()(logits, fewTargets), ShapeError);
      assert.throws(() => CrossEntropyLoss()(a, fewTargets), ShapeError);
      tf.dispose([a, b, logits, fewTargets, badWeights]);
    });
  });

  test('buildLoss maps loss_spec (beta is Huber\'s delta) and rejects bad values (SpecError)', async () => {
    await noLeak(async () => {
      assert.deepEqual(Object.keys(LOSSES).sort(), ['CrossEntropyLoss', 'HuberLoss', 'MSELoss', 'SmoothL1Loss']);
      const pred = tf.tensor1d([3]);
      const target = tf.tensor1d([0]);
      const huber = await valueAndGrad(buildLoss({ name: 'HuberLoss', beta: 2, reduction: 'mean' }), pred, target);
      assert.ok(Math.abs(huber.value - 2 * (3 - 1)) < 1e-6); // delta 2: 2 * (3 - 0.5 * 2)
      const sl1 = await valueAndGrad(buildLoss({ name: 'SmoothL1Loss', beta: 2, reduction: 'sum' }), pred, target);
      assert.ok(Math.abs(sl1.value - (3 - 1)) < 1e-6);
      assert.throws(() => buildLoss({ name: 'HuberLoss', beta: 0, reduction: 'mean' }), SpecError);
      assert.throws(() => buildLoss({ name: 'SmoothL1Loss', beta: -1, reduction: 'mean' }), SpecError);
      assert.throws(() => buildLoss({ name: 'KLDivLoss' as LossSpec['name'], beta: 1, reduction: 'mean' }), SpecError);
      tf.dispose([pred, target]);
    });
  });
});
