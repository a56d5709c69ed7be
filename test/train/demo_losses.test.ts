/**
 * DQfD's large-margin and L2 losses: values against a plain loop on random data, gradients
 * against central finite differences (in float64 on the host), on cpu and wasm, no tensor left.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { l2Penalty, largeMarginLoss } from '../../src/train/demo_losses';
import { ShapeError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { assertClose, describeEachBackend, noLeak } from './backends';

/** The loss by a plain loop, in float64. */
function marginLoop(q: number[], n: number, actions: number[], demo: number[], margin: number): number {
  let sum = 0;
  for (let i = 0; i < actions.length; i++) {
    let best = -Infinity;
    for (let a = 0; a < n; a++) best = Math.max(best, q[i * n + a]! + (a === actions[i] ? 0 : margin));
    sum += demo[i]! * (best - q[i * n + actions[i]!]!);
  }
  return sum / actions.length;
}

function randomCase(seed: number): { q: number[]; n: number; actions: number[]; demo: number[] } {
  const rng = new Rng(seed);
  const b = 9;
  const n = 4;
  // Values spaced apart so no two candidates of a row's max tie within the finite-difference step.
  const q = Array.from({ length: b * n }, () => Math.round(rng.uniform() * 40) / 10 + rng.uniform() * 0.01);
  const actions = Array.from({ length: b }, () => rng.int(n));
  const demo = Array.from({ length: b }, (_, i) => (i % 3 === 2 ? 0 : 1));
  return { q, n, actions, demo };
}

describeEachBackend('largeMarginLoss and l2Penalty', () => {
  test('the margin loss equals a plain loop over rows, demonstration rows only', async () => {
    await noLeak(async () => {
      for (const seed of [1, 2, 3]) {
        const c = randomCase(seed);
        const got = tf.tidy(() => largeMarginLoss(tf.tensor2d(c.q, [c.actions.length, c.n]), tf.tensor1d(c.actions, 'int32'), tf.tensor1d(c.demo), 0.8));
        const v = (await got.data())[0]!;
        got.dispose();
        assertClose([v], [marginLoop(c.q, c.n, c.actions, c.demo, 0.8)], 1e-5, 1e-5, `seed ${seed}`);
      }
    });
  });

  test('the margin loss is 0 where the demonstrated action leads every other by the margin', async () => {
    await noLeak(async () => {
      const loss = tf.tidy(() => largeMarginLoss(tf.tensor2d([[2, 1, 1.1], [0, 5, 0]]), tf.tensor1d([0, 1], 'int32'), tf.tensor1d([1, 1]), 0.8));
      assert.equal((await loss.data())[0], 0);
      loss.dispose();
    });
  });

  test('its gradient matches central finite differences', async () => {
    await noLeak(async () => {
      const c = randomCase(4);
      const b = c.actions.length;
      const grad = tf.tidy(() => tf.grad((q: tf.Tensor) => largeMarginLoss(q, tf.tensor1d(c.actions, 'int32'), tf.tensor1d(c.demo), 0.8))(tf.tensor2d(c.q, [b, c.n])));
      const g = Float32Array.from(await grad.data());
      grad.dispose();
      const h = 1e-4;
      const fd = c.q.map((_, k) => {
        const up = [...c.q];
        const down = [...c.q];
        up[k] += h;
        down[k] -= h;
        return (marginLoop(up, c.n, c.actions, c.demo, 0.8) - marginLoop(down, c.n, c.actions, c.demo, 0.8)) / (2 * h);
      });
      assertClose(g, fd, 1e-4, 1e-3, 'd loss / d q');
    });
  });

  test('l2Penalty is the sum of squares; its gradient 2w', async () => {
    await noLeak(async () => {
      const w = tf.tidy(() => [tf.variable(tf.tensor2d([[1, -2], [3, 0.5]])), tf.variable(tf.tensor1d([0.25, -1]))]);
      const value = l2Penalty(w);
      assertClose([(await value.data())[0]!], [1 + 4 + 9 + 0.25 + 0.0625 + 1]);
      const { value: again, grads } = tf.variableGrads(() => l2Penalty(w), w);
      again.dispose();
      assertClose(Float32Array.from(await grads[w[0]!.name]!.data()), [2, -4, 6, 1]);
      assertClose(Float32Array.from(await grads[w[1]!.name]!.data()), [0.5, -2]);
      const empty = l2Penalty([]);
      assert.equal((await empty.data())[0], 0);
      tf.dispose([value, empty, ...Object.values(grads), ...w]);
    });
  });

  test('shapes that do not fit are ShapeErrors', () => {
    const q = tf.zeros([2, 3]);
    assert.throws(() => largeMarginLoss(q, tf.tensor1d([0], 'int32'), tf.tensor1d([1, 1]), 0.8), ShapeError);
    tf.dispose(q);
  });
});
