import { test } from 'node:test';
import { tf } from '../../src/backend/tf';
import { Rng } from '../../src/util/rng';
import { assertClose, leakFree, onEachBackend, values, withBackend } from './harness';

function rand(shape: number[], seed: number): tf.Tensor {
  const rng = new Rng(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
}

interface Case {
  a: number[];
  b: number[];
  ta: boolean;
  tb: boolean;
}

const CASES: Case[] = [
  { a: [3, 4], b: [4, 5], ta: false, tb: false },
  { a: [3, 4], b: [5, 4], ta: false, tb: true },
  { a: [4, 3], b: [4, 5], ta: true, tb: false },
  { a: [4, 3], b: [5, 4], ta: true, tb: true },
  { a: [2, 40], b: [40, 30], ta: false, tb: false }, // b large: computed as (b @ dy^T)^T
  { a: [2, 40], b: [30, 40], ta: false, tb: true },
  { a: [40, 2], b: [30, 40], ta: true, tb: true },
  { a: [2, 3, 4], b: [2, 4, 5], ta: false, tb: false },
  { a: [2, 4, 3], b: [2, 5, 4], ta: true, tb: true },
  { a: [2, 3, 4], b: [4, 5], ta: false, tb: false }, // b broadcast over the batch
  { a: [3, 4], b: [2, 4, 5], ta: false, tb: false }, // a broadcast over the batch
];

/** Gradients of sum(matMul(a, b) * w) by the SDK's BatchMatMul gradient. */
async function grads(c: Case): Promise<[Float32Array, Float32Array]> {
  const a = rand(c.a, 1);
  const b = rand(c.b, 2);
  const y = tf.matMul(a, b, c.ta, c.tb);
  const w = rand(y.shape, 3);
  const [da, db] = tf.grads((x: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, z, c.ta, c.tb), w)))([a, b]);
  const out: [Float32Array, Float32Array] = [await values(da), await values(db)];
  tf.dispose([a, b, y, w, da, db]);
  return out;
}

/** Central differences, exact here up to rounding because the loss is linear in each operand. */
async function finiteDifferences(c: Case, which: 0 | 1): Promise<Float32Array> {
  const a = rand(c.a, 1);
  const b = rand(c.b, 2);
  const w = tf.tidy(() => rand(tf.matMul(a, b, c.ta, c.tb).shape, 3));
  const t = which === 0 ? a : b;
  const base = await values(t);
  const out = new Float32Array(base.length);
  const h = 0.5;
  for (let i = 0; i < base.length; i++) {
    const at = async (delta: number): Promise<number> => {
      const v = base.slice();
      v[i] += delta;
      const l = tf.tidy(() => {
        const p = tf.tensor(v, t.shape);
        return tf.sum(tf.mul(which === 0 ? tf.matMul(p, b, c.ta, c.tb) : tf.matMul(a, p, c.ta, c.tb), w));
      });
      const r = (await l.data())[0];
      l.dispose();
      return r;
    };
    out[i] = ((await at(h)) - (await at(-h))) / (2 * h);
  }
  tf.dispose([a, b, w]);
  return out;
}

onEachBackend('matMul gradient', (backend) => {
  for (const c of CASES) {
    test(`matches finite differences: a ${c.a}${c.ta ? 'T' : ''} b ${c.b}${c.tb ? 'T' : ''}`, async () => {
      await leakFree(async () => {
        const [da, db] = await grads(c);
        assertClose(da, await finiteDifferences(c, 0), 1e-4, 'da vs finite differences');
        assertClose(db, await finiteDifferences(c, 1), 1e-4, 'db vs finite differences');
        if (backend === 'wasm') {
          const [ca, cb] = await withBackend('cpu', () => grads(c));
          assertClose(da, ca, 1e-5, 'da wasm vs cpu');
          assertClose(db, cb, 1e-5, 'db wasm vs cpu');
        }
      });
    });
  }
});
