import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Adam } from '../../../src/train/optimizers/adam';
import { describeEachBackend } from '../backends';
import { compareWithReference, oneStep } from './compare';
import { refAdam } from './reference';

describeEachBackend('Adam', () => {
  test('first step moves each weight by lr against the gradient sign (bias correction)', async () => {
    // m_hat = g, v_hat = g^2 on step 1, so p - lr * g / (|g| + eps) = 1 - 0.1 * 0.5 / 0.50000001.
    const p = await oneStep((v) => new Adam(v, { lr: 0.1 }), 1, 0.5);
    assert.ok(Math.abs(p - 0.9) < 1e-6, `got ${p}`);
  });

  const cases = [
    { name: 'defaults', o: { lr: 1e-2, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weight_decay: 0, amsgrad: false } },
    { name: 'L2 weight decay', o: { lr: 3e-2, betas: [0.8, 0.99] as [number, number], eps: 1e-6, weight_decay: 0.1, amsgrad: false } },
    { name: 'amsgrad', o: { lr: 1e-2, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weight_decay: 0.05, amsgrad: true } },
  ];
  for (const c of cases) {
    test(`matches PyTorch's equations for 20 steps: ${c.name}`, async () => {
      await compareWithReference(
        (v) => new Adam(v, c.o),
        (p) => refAdam(p, { ...c.o, decoupled: false }),
      );
    });
  }
});
