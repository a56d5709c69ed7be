import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SGD } from '../../../src/train/optimizers/sgd';
import { describeEachBackend } from '../backends';
import { compareWithReference, oneStep } from './compare';
import { refSgd } from './reference';

describeEachBackend('SGD', () => {
  test('first step is p - lr * (g + wd * p), momentum or not', async () => {
    // 1 - 0.1 * (0.5 + 0.2 * 1) = 0.93; the first momentum buffer is the gradient itself.
    for (const momentum of [0, 0.9]) {
      const p = await oneStep((v) => new SGD(v, { lr: 0.1, momentum, weight_decay: 0.2 }), 1, 0.5);
      assert.ok(Math.abs(p - 0.93) < 1e-6, `momentum ${momentum}: got ${p}`);
    }
    // Nesterov: g + momentum * b = 0.5 + 0.9 * 0.5 on the first step -> 1 - 0.1 * 0.95.
    const n = await oneStep((v) => new SGD(v, { lr: 0.1, momentum: 0.9, nesterov: true }), 1, 0.5);
    assert.ok(Math.abs(n - 0.905) < 1e-6, `nesterov: got ${n}`);
  });

  const cases = [
    { name: 'plain', o: { lr: 0.1, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false } },
    { name: 'momentum + weight decay', o: { lr: 0.05, momentum: 0.9, dampening: 0, weight_decay: 0.01, nesterov: false } },
    { name: 'nesterov', o: { lr: 0.05, momentum: 0.9, dampening: 0, weight_decay: 0.1, nesterov: true } },
    { name: 'dampening', o: { lr: 0.05, momentum: 0.8, dampening: 0.3, weight_decay: 0, nesterov: false } },
  ];
  for (const c of cases) {
    test(`matches PyTorch's equations for 20 steps: ${c.name}`, async () => {
      await compareWithReference((v) => new SGD(v, c.o), (p) => refSgd(p, c.o));
    });
  }
});
