import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { tf } from '../../src/backend/tf';
import { selectBackend } from '../../src/backend/select_backend';
import { Rng } from '../../src/util/rng';
import { assertClose, leakFree, values, withBackend } from './harness';

function rand(shape: number[], seed: number, shift = 0): tf.Tensor {
  const rng = new Rng(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal() + shift), shape);
}

/** Runs `fn` on wasm and on cpu and returns both results. */
async function both(fn: () => Promise<Float32Array>): Promise<[Float32Array, Float32Array]> {
  const wasm = await withBackend('wasm', fn);
  const cpu = await withBackend('cpu', fn);
  return [wasm, cpu];
}

async function poolGrad(kind: 'max' | 'avg', shape: number[], shift: number, size: number | [number, number], stride: number, pad: 'same' | 'valid'): Promise<Float32Array> {
  const x = rand(shape, 11, shift);
  const y = kind === 'max' ? tf.maxPool(x as Tensor4D, size, stride, pad) : tf.avgPool(x as Tensor4D, size, stride, pad);
  const w = rand(y.shape, 12);
  const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(kind === 'max' ? tf.maxPool(t as Tensor4D, size, stride, pad) : tf.avgPool(t as Tensor4D, size, stride, pad), w)))(x);
  const out = await values(g);
  tf.dispose([x, y, w, g]);
  return out;
}

describe('wasm kernel fixes agree with the cpu backend', () => {
  test('maxPool gradient with all-negative inputs (pooling before any ReLU)', async () => {
    await leakFree(async () => {
      for (const [shape, size, stride, pad] of [
        [[2, 9, 9, 3], 3, 2, 'same'],
        [[2, 8, 7, 4], 2, 2, 'valid'],
        [[1, 10, 10, 2], [3, 2], 1, 'same'],
      ] as const) {
        const [w, c] = await both(() => poolGrad('max', [...shape], -10, size as number, stride, pad));
        assertClose(w, c, 1e-6, `maxPool grad ${shape} ${size}/${stride} ${pad}`);
        // Every window routes its gradient somewhere: the total is the sum of dy.
        assert.ok(w.some((v) => v !== 0));
      }
    });
  });

  test('maxPool and avgPool gradients with mixed-sign inputs', async () => {
    await leakFree(async () => {
      for (const kind of ['max', 'avg'] as const) {
        const [w, c] = await both(() => poolGrad(kind, [2, 9, 8, 3], 0, 3, 2, 'same'));
        assertClose(w, c, 1e-6, `${kind}Pool grad`);
      }
    });
  });

  test('unsortedSegmentSum (float32 and int32, repeated and out-of-range ids)', async () => {
    await leakFree(async () => {
      const run = async (dtype: 'float32' | 'int32'): Promise<Float32Array> => {
        const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [6, 2], dtype);
        const ids = tf.tensor1d([2, 0, 2, 5, 1, -1], 'int32');
        const s = tf.unsortedSegmentSum(x, ids, 4);
        const out = await values(s);
        tf.dispose([x, ids, s]);
        return out;
      };
      for (const dtype of ['float32', 'int32'] as const) {
        const [w, c] = await both(() => run(dtype));
        assert.deepEqual(Array.from(w), Array.from(c));
        assert.deepEqual(Array.from(w), [3, 4, 9, 10, 6, 8, 0, 0]);
      }
    });
  });

  test('gather gradients (axis 0 and 1, repeated indices)', async () => {
    await leakFree(async () => {
      for (const axis of [0, 1]) {
        const run = async (): Promise<Float32Array> => {
          const x = rand([5, 4, 3], 21);
          const idx = tf.tensor1d([3, 0, 3, 1, 3], 'int32');
          const w = tf.tidy(() => rand(tf.gather(x, idx, axis).shape, 22));
          const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, idx, axis), w)))(x);
          const out = await values(g);
          tf.dispose([x, idx, w, g]);
          return out;
        };
        const [w, c] = await both(run);
        assertClose(w, c, 1e-6, `gather grad axis ${axis}`);
      }
    });
  });

  test('gather with batchDims 1 and its gradient (wasm trapped or returned wrong values)', async () => {
    await leakFree(async () => {
      for (const [xs, is, axis] of [
        [[32, 6], [32, 1], 1], // Q-values by action, as DQN picks them
        [[8, 5, 3], [8, 2], 1],
        [[3, 4, 5], [3, 2], 2],
      ] as [number[], [number, number], number][]) {
        const run = async (): Promise<Float32Array> => {
          const x = rand(xs, 31);
          const ids = Array.from({ length: is[0] * is[1] }, (_, i) => (i * 7 + 3) % xs[axis]);
          const idx = tf.tensor2d(ids, is, 'int32');
          const y = tf.gather(x, idx, axis, 1);
          const g = tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, idx, axis, 1))))(x);
          const out = Float32Array.from([...(await y.data()), ...(await g.data())]);
          tf.dispose([x, idx, y, g]);
          return out;
        };
        const [w, c] = await both(run);
        assert.deepEqual(Array.from(w), Array.from(c), `gather batchDims 1 ${xs} ${is} axis ${axis}`);
      }
    });
  });

  test('Conv2DBackpropFilter (missing on wasm) and the linear fused conv2d gradient that calls it', async () => {
    await leakFree(async () => {
      for (const [xs, fs, stride, pad] of [
        [[2, 10, 10, 3], [3, 3, 3, 4], 4, 'valid'], // non-covering stride
        [[2, 9, 8, 2], [4, 3, 2, 3], 2, 'same'],
        [[1, 7, 7, 3], [2, 2, 3, 2], 1, [[0, 0], [1, 0], [0, 2], [0, 0]]],
      ] as [number[], [number, number, number, number], number, 'valid' | 'same' | [[0, 0], [number, number], [number, number], [0, 0]]][]) {
        const run = async (): Promise<Float32Array> => {
          const x = rand(xs, 41) as Tensor4D;
          const f = rand(fs, 42) as Tensor4D;
          const b = rand([fs[3]], 43);
          const [dx, df, db] = tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) =>
            tf.sum(tf.square(tf.fused.conv2d({ x: p as Tensor4D, filter: q as Tensor4D, bias: r, strides: stride, pad, activation: 'linear' }))),
          )([x, f, b]);
          const out = Float32Array.from([...(await dx.data()), ...(await df.data()), ...(await db.data())]);
          tf.dispose([x, f, b, dx, df, db]);
          return out;
        };
        const [w, c] = await both(run);
        assertClose(w, c, 1e-4, `fused linear conv2d grads ${xs} ${fs} ${stride} ${JSON.stringify(pad)}`);
      }
    });
  });

  test('float oneHot honours on/off values (wasm wrote int32 bit patterns)', async () => {
    await leakFree(async () => {
      const run = async (): Promise<Float32Array> => {
        const idx = tf.tensor1d([0, 2, 1, 5], 'int32');
        const a = tf.oneHot(idx, 3, 0.5, -1, 'float32');
        const b = tf.tidy(() => tf.cast(tf.oneHot(idx, 3), 'float32'));
        const out = Float32Array.from([...(await a.data()), ...(await b.data())]);
        tf.dispose([idx, a, b]);
        return out;
      };
      const [w, c] = await both(run);
      assert.deepEqual(Array.from(w), Array.from(c));
      assert.deepEqual(Array.from(w.slice(0, 6)), [0.5, -1, -1, -1, -1, 0.5]);
    });
  });

  test('the fixes are registered for wasm once the backend is selected', async () => {
    await selectBackend({ gpu: 'wasm' });
    for (const name of ['UnsortedSegmentSum', 'MaxPoolGrad', 'OneHot', 'GatherV2', 'Conv2DBackpropFilter']) assert.ok(tf.getKernel(name, 'wasm'), name);
  });
});
