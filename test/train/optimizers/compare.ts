/** Runs a tf optimizer and a plain-loop reference side by side on random data and compares. */
import assert from 'node:assert/strict';
import { tf } from '../../../src/backend/tf';
import type { Optimizer } from '../../../src/train/optimizers/optimizer';
import { Rng } from '../../../src/util/rng';
import { assertClose, noLeak } from '../backends';
import type { RefOptimizer } from './reference';

/** Parameter shapes of the toy model: a matrix, a vector, a rank-3 tensor. */
export const SHAPES: number[][] = [[3, 4], [5], [2, 1, 3]];

export interface CompareOptions {
  /** Default 20. */
  steps?: number;
  /** Default 1. */
  seed?: number;
  /** At this step both learning rates are halved (checks the lr setter); default 10. */
  lrChangeAt?: number;
  /** Default 2e-6 absolute, 2e-5 relative: float32 against double. */
  atol?: number;
  rtol?: number;
}

function randomArrays(rng: Rng, scale: number): Float32Array[] {
  return SHAPES.map((s) => {
    const a = new Float32Array(s.reduce((x, y) => x * y, 1));
    for (let j = 0; j < a.length; j++) a[j] = scale * rng.normal();
    return a;
  });
}

/**
 * Steps both optimizers `steps` times with the same random gradients (float32 values, so both
 * see identical inputs) and compares every parameter and every optimizer slot at the end.
 */
export async function compareWithReference(
  make: (vars: tf.Variable[]) => Optimizer,
  makeRef: (params: Float64Array[]) => RefOptimizer,
  options: CompareOptions = {},
): Promise<void> {
  const { steps = 20, seed = 1, lrChangeAt = 10, atol = 2e-6, rtol = 2e-5 } = options;
  await noLeak(async () => {
    const rng = new Rng(seed);
    const init = randomArrays(rng, 1);
    const vars = init.map((a, i) => tf.tidy(() => tf.variable(tf.tensor(a, SHAPES[i]!))));
    const ps = init.map((a) => Float64Array.from(a));
    const opt = make(vars);
    const ref = makeRef(ps);
    for (let k = 0; k < steps; k++) {
      if (k === lrChangeAt) {
        opt.lr = opt.lr / 2;
        ref.lr = ref.lr / 2;
      }
      // Gradient scale varies per step so the moment estimates see changing magnitudes.
      const gs = randomArrays(rng, 0.1 + 2 * rng.uniform());
      const gt = gs.map((a, i) => tf.tensor(a, SHAPES[i]!));
      opt.step(gt);
      tf.dispose(gt);
      ref.step(ps, gs.map((a) => Float64Array.from(a)));
    }
    assert.equal(opt.stepCount, steps);
    for (let i = 0; i < vars.length; i++) {
      assertClose(await vars[i]!.data(), ps[i]!, atol, rtol, `param ${i}`);
    }
    const state = await opt.getState();
    assert.equal(state.step, steps);
    const expectedNames = ref.state.flatMap((s, i) => Object.keys(s).map((k) => `${i}.${k}`));
    assert.deepEqual(state.slots.map((s) => s.name), expectedNames);
    for (const slot of state.slots) {
      const [i, key] = slot.name.split('.') as [string, string];
      assert.deepEqual(slot.shape, SHAPES[Number(i)]);
      assertClose(slot.data, ref.state[Number(i)]![key]!, atol, rtol, `slot ${slot.name}`);
    }
    opt.dispose();
    tf.dispose(vars);
  });
}

/** One step from a scalar parameter `p` with gradient `g`; returns the new value. */
export async function oneStep(make: (vars: tf.Variable[]) => Optimizer, p: number, g: number): Promise<number> {
  return noLeak(async () => {
    const v = tf.tidy(() => tf.variable(tf.scalar(p)));
    const opt = make([v]);
    const gt = tf.scalar(g);
    opt.step([gt]);
    const out = (await v.data())[0]!;
    tf.dispose([gt, v]);
    opt.dispose();
    return out;
  });
}
