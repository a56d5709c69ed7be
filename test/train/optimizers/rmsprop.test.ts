import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RMSprop } from '../../../src/train/optimizers/rmsprop';
import { describeEachBackend } from '../backends';
import { compareWithReference, oneStep } from './compare';
import { refRmsprop } from './reference';

describeEachBackend('RMSprop', () => {
  test('first step: eps is added outside the sqrt', async () => {
    // v = 0.01 * 0.25 = 0.0025, sqrt 0.05; eps 0.01 outside: 1 - 0.01 * 0.5 / 0.06 = 0.91667.
    // (Inside the sqrt it would be sqrt(0.0125) = 0.1118 -> 0.95528.)
    const p = await oneStep((v) => new RMSprop(v, { lr: 0.01, eps: 0.01 }), 1, 0.5);
    assert.ok(Math.abs(p - (1 - 0.005 / 0.06)) < 1e-6, `got ${p}`);
  });

  const cases = [
    { name: 'defaults', o: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false } },
    { name: 'momentum + L2', o: { lr: 3e-3, alpha: 0.9, eps: 1e-6, weight_decay: 0.05, momentum: 0.5, centered: false } },
    { name: 'centered + momentum', o: { lr: 1e-2, alpha: 0.9, eps: 1e-8, weight_decay: 0.01, momentum: 0.9, centered: true } },
    { name: 'centered', o: { lr: 1e-2, alpha: 0.95, eps: 1e-5, weight_decay: 0, momentum: 0, centered: true } },
  ];
  for (const c of cases) {
    test(`matches PyTorch's equations for 20 steps: ${c.name}`, async () => {
      await compareWithReference((v) => new RMSprop(v, c.o), (p) => refRmsprop(p, c.o));
    });
  }
});
