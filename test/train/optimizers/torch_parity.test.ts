/**
 * PyTorch's own numbers (fixtures/torch_optim.json, written by fixtures/make_torch_fixtures.py
 * with torch 1.13): 20 steps of every optimizer on the same parameters and gradients, lr halved
 * at step 10; final parameters and every state entry must agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../../../src/backend/tf';
import { Adam, type AdamOptions } from '../../../src/train/optimizers/adam';
import { AdamW } from '../../../src/train/optimizers/adamw';
import type { Optimizer } from '../../../src/train/optimizers/optimizer';
import { RMSprop, type RmspropOptions } from '../../../src/train/optimizers/rmsprop';
import { SGD, type SgdOptions } from '../../../src/train/optimizers/sgd';
import { assertClose, describeEachBackend, noLeak } from '../backends';
import { SHAPES } from './compare';

interface TorchCase {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop';
  options: Record<string, unknown>;
  init: number[][];
  grads: number[][][];
  final: number[][];
  state: Record<string, number[]>[];
}

const fixture = JSON.parse(
  readFileSync(join(process.cwd(), 'test/train/fixtures/torch_optim.json'), 'utf8'),
) as { cases: TorchCase[] };

function build(c: TorchCase, vars: tf.Variable[]): Optimizer {
  switch (c.optimizer) {
    case 'SGD':
      return new SGD(vars, c.options as unknown as SgdOptions);
    case 'Adam':
      return new Adam(vars, c.options as unknown as AdamOptions);
    case 'AdamW':
      return new AdamW(vars, c.options as unknown as AdamOptions);
    case 'RMSprop':
      return new RMSprop(vars, c.options as unknown as RmspropOptions);
  }
}

describeEachBackend('optimizers vs PyTorch 1.13', () => {
  test('the fixture covers every optimizer', () => {
    assert.deepEqual(new Set(fixture.cases.map((c) => c.optimizer)), new Set(['SGD', 'Adam', 'AdamW', 'RMSprop']));
  });
  for (const c of fixture.cases) {
    test(`${c.name}: parameters and state after 20 steps equal torch.optim.${c.optimizer}'s`, async () => {
      await noLeak(async () => {
        const vars = c.init.map((a, i) => tf.tidy(() => tf.variable(tf.tensor(a, SHAPES[i]!))));
        const opt = build(c, vars);
        c.grads.forEach((step, k) => {
          if (k === 10) opt.lr = opt.lr / 2;
          const gs = step.map((a, i) => tf.tensor(a, SHAPES[i]!));
          opt.step(gs);
          tf.dispose(gs);
        });
        for (let i = 0; i < vars.length; i++) {
          assertClose(await vars[i]!.data(), c.final[i]!, 2e-6, 2e-5, `param ${i}`);
        }
        const state = await opt.getState();
        const expected = c.state.flatMap((s, i) => Object.keys(s).map((k) => [`${i}.${k}`, s[k]!] as const));
        assert.deepEqual(state.slots.map((s) => s.name), expected.map(([n]) => n));
        state.slots.forEach((s, k) => assertClose(s.data, expected[k]![1], 2e-6, 2e-5, s.name));
        opt.dispose();
        tf.dispose(vars);
      });
    });
  }
});
