/**
 * Behaviour cloning's pieces: the cloning loss against a plain loop and its gradient against
 * finite differences (cpu and wasm), the strength's linear decay, and cloning minibatches drawn
 * from the demonstrations' rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloningLoss, cloningStrength, PolicyDemos } from '../../src/algorithm/policy_demos';
import { tf } from '../../src/backend/tf';
import { DEMO_DEFAULTS } from '../../src/spec/defaults';
import type { BcSpec } from '../../src/spec/types';
import { Rng } from '../../src/util/rng';
import { assertClose, describeEachBackend, noLeak } from '../train/backends';

function loop(logits: number[], n: number, actions: number[]): number {
  let sum = 0;
  for (let i = 0; i < actions.length; i++) {
    const row = logits.slice(i * n, (i + 1) * n);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
    sum -= row[actions[i]!]! - lse;
  }
  return sum / actions.length;
}

describeEachBackend('cloningLoss', () => {
  test('equals -mean log softmax of the demonstrated actions; its gradient matches finite differences', async () => {
    await noLeak(async () => {
      const rng = new Rng(1);
      const n = 4;
      const logits = Array.from({ length: 6 * n }, () => rng.uniform() * 4 - 2);
      const actions = [0, 3, 1, 1, 2, 0];
      const space = { type: 'discrete', n } as const;
      const value = tf.tidy(() => cloningLoss(space, [tf.tensor2d(logits, [6, n])], tf.tensor1d(actions, 'int32')));
      assertClose([(await value.data())[0]!], [loop(logits, n, actions)], 1e-5, 1e-5);
      value.dispose();
      const grad = tf.tidy(() => tf.grad((x: tf.Tensor) => cloningLoss(space, [x], tf.tensor1d(actions, 'int32')))(tf.tensor2d(logits, [6, n])));
      const g = Float32Array.from(await grad.data());
      grad.dispose();
      const h = 1e-4;
      const fd = logits.map((_, k) => {
        const up = [...logits];
        const down = [...logits];
        up[k] += h;
        down[k] -= h;
        return (loop(up, n, actions) - loop(down, n, actions)) / (2 * h);
      });
      assertClose(g, fd, 1e-4, 1e-3, 'd loss / d logits');
    });
  });
});

test('the cloning strength decays linearly to 0 over bc_steps, and stays with bc_steps 0', () => {
  const spec = { ...DEMO_DEFAULTS, bc_strength: 0.5, bc_steps: 1000 } as BcSpec;
  assert.deepEqual([0, 250, 1000, 5000].map((f) => cloningStrength(spec, f)), [0.5, 0.375, 0, 0]);
  assert.equal(cloningStrength({ ...spec, bc_steps: 0 }, 1e9), 0.5);
});

test('cloning minibatches are rows of the demonstrations with their actions and discounted returns', async () => {
  await noLeak(async () => {
    const episodes = [{ player: 0, steps: 3, observations: Float32Array.of(0, 1, 2, 3), actions: Int32Array.of(0, 1, 2), rewards: Float32Array.of(0, 0, 1), terminated: Uint8Array.of(0, 0, 1), truncated: new Uint8Array(3) }];
    const d = new PolicyDemos({ obsShape: [1], obsDtype: 'float32', frameStack: 1, actionSpace: { type: 'discrete', n: 3 }, episodes }, { type: 'discrete', n: 3 }, 0, 0.5);
    const b = d.batch(32, new Rng(2));
    const [obs, actions, returns] = await Promise.all([b.obs.data(), b.actions.data(), b.returns.data()]);
    assert.deepEqual(b.obs.shape, [32, 1]);
    for (let i = 0; i < 32; i++) {
      const t = obs[i]!;
      assert.equal(actions[i], t);
      assert.equal(returns[i], [0.25, 0.5, 1][t]);
    }
    tf.dispose([b.obs, b.actions, b.returns]);
  });
});
