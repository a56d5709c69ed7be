import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/backend/tf';
import { Adam } from '../../../src/train/optimizers/adam';
import type { Optimizer } from '../../../src/train/optimizers/optimizer';
import { RMSprop } from '../../../src/train/optimizers/rmsprop';
import { SGD } from '../../../src/train/optimizers/sgd';
import { ShapeError } from '../../../src/util/errors';
import { Rng } from '../../../src/util/rng';
import { describeEachBackend, noLeak } from '../backends';
import { SHAPES } from './compare';

function makeVars(seed: number): tf.Variable[] {
  const rng = new Rng(seed);
  return SHAPES.map((s) =>
    tf.tidy(() => {
      const n = s.reduce((a, b) => a * b, 1);
      return tf.variable(tf.tensor(Array.from({ length: n }, () => rng.normal()), s));
    }),
  );
}

function randomGrads(rng: Rng): tf.Tensor[] {
  return SHAPES.map((s) => {
    const n = s.reduce((a, b) => a * b, 1);
    return tf.tensor(Array.from({ length: n }, () => rng.normal()), s);
  });
}

async function values(vars: tf.Variable[]): Promise<number[][]> {
  return Promise.all(vars.map(async (v) => Array.from(await v.data())));
}

const kinds: [string, (v: tf.Variable[]) => Optimizer][] = [
  ['Adam amsgrad', (v) => new Adam(v, { lr: 0.01, amsgrad: true })],
  ['SGD momentum', (v) => new SGD(v, { lr: 0.05, momentum: 0.9, dampening: 0.2 })],
  ['RMSprop centered momentum', (v) => new RMSprop(v, { lr: 0.01, momentum: 0.9, centered: true })],
];

describeEachBackend('optimizer state and null gradients', () => {
  for (const [name, make] of kinds) {
    test(`${name}: save after 5 steps, restore into a fresh optimizer, continue = never stopped`, async () => {
      await noLeak(async () => {
        const a = makeVars(3);
        const b = makeVars(3);
        const optA = make(a);
        const optB0 = make(b);
        const rng = new Rng(9);
        const grads = Array.from({ length: 10 }, () => randomGrads(rng));
        for (let k = 0; k < 5; k++) {
          optA.step(grads[k]!);
          optB0.step(grads[k]!);
        }
        const saved = await optB0.getState();
        optB0.dispose();
        assert.equal(saved.step, 5);
        const optB = make(b);
        optB.setState(saved);
        assert.equal(optB.stepCount, 5);
        for (let k = 5; k < 10; k++) {
          optA.step(grads[k]!);
          optB.step(grads[k]!);
        }
        // Same inputs, same kernels: exactly equal, not merely close.
        assert.deepEqual(await values(b), await values(a));
        assert.deepEqual(await optB.getState(), await optA.getState());
        grads.forEach((g) => tf.dispose(g));
        [optA, optB].forEach((o) => o.dispose());
        tf.dispose([...a, ...b]);
      });
    });
  }

  test('a null gradient leaves its parameter and slots alone (PyTorch skips grad None)', async () => {
    await noLeak(async () => {
      const vars = makeVars(6);
      const opt = new Adam(vars, { lr: 0.1 });
      const before = await values(vars);
      const grads = randomGrads(new Rng(1));
      opt.step([grads[0]!, null, grads[2]!]);
      const after = await values(vars);
      assert.deepEqual(after[1], before[1]);
      assert.notDeepEqual(after[0], before[0]);
      const state = await opt.getState();
      for (const s of state.slots.filter((x) => x.name.startsWith('1.'))) {
        assert.ok(s.data.every((x) => x === 0), `${s.name} changed`);
      }
      tf.dispose(grads);
      opt.dispose();
      tf.dispose(vars);
    });
  });

  test('setState rejects state of another optimizer, another slot layout or shape (ShapeError)', async () => {
    await noLeak(async () => {
      const vars = makeVars(7);
      const adam = new Adam(vars, { lr: 0.1 });
      const amsgrad = new Adam(vars, { lr: 0.1, amsgrad: true });
      const sgd = new SGD(vars, { lr: 0.1, momentum: 0.9 });
      const state = await adam.getState();
      assert.throws(() => sgd.setState(state), ShapeError);
      assert.throws(() => amsgrad.setState(state), ShapeError);
      const badShape = { ...state, slots: state.slots.map((s, k) => (k === 0 ? { ...s, shape: [4, 3] } : s)) };
      assert.throws(() => adam.setState(badShape), ShapeError);
      const shortData = { ...state, slots: state.slots.map((s, k) => (k === 0 ? { ...s, data: s.data.subarray(1) } : s)) };
      assert.throws(() => adam.setState(shortData), ShapeError);
      assert.throws(() => adam.setState({ ...state, step: -1 }), ShapeError);
      [adam, amsgrad, sgd].forEach((o) => o.dispose());
      tf.dispose(vars);
    });
  });

  test('step rejects a wrong number of gradients or a wrongly shaped one (ShapeError)', async () => {
    await noLeak(() => {
      const vars = makeVars(8);
      const opt = new SGD(vars, { lr: 0.1 });
      const grads = SHAPES.map((s) => tf.zeros(s));
      const wrong = tf.zeros([4, 3]);
      assert.throws(() => opt.step(grads.slice(1)), ShapeError);
      assert.throws(() => opt.step([wrong, grads[1]!, grads[2]!]), ShapeError);
      assert.equal(opt.stepCount, 0);
      tf.dispose([...grads, wrong, ...vars]);
      opt.dispose();
    });
  });
});
