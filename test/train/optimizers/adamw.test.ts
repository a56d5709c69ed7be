import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdamW } from '../../../src/train/optimizers/adamw';
import { describeEachBackend } from '../backends';
import { compareWithReference, oneStep } from './compare';
import { refAdam } from './reference';

describeEachBackend('AdamW', () => {
  test('first step decays the weight before the Adam step (default weight_decay 0.01)', async () => {
    // p * (1 - 0.1 * 0.01) = 0.999, then - 0.1 * g / |g| -> 0.899. Adam's L2 would give 0.9.
    const p = await oneStep((v) => new AdamW(v, { lr: 0.1 }), 1, 0.5);
    assert.ok(Math.abs(p - 0.899) < 1e-6, `got ${p}`);
  });

  const cases = [
    { name: 'defaults', o: { lr: 1e-2, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weight_decay: 0.01, amsgrad: false } },
    { name: 'strong decay + amsgrad', o: { lr: 3e-2, betas: [0.85, 0.995] as [number, number], eps: 1e-7, weight_decay: 0.3, amsgrad: true } },
  ];
  for (const c of cases) {
    test(`matches PyTorch's equations for 20 steps: ${c.name}`, async () => {
      await compareWithReference(
        (v) => new AdamW(v, c.o),
        (p) => refAdam(p, { ...c.o, decoupled: true }),
      );
    });
  }
});
