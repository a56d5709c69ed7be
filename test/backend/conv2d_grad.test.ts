import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { tf } from '../../src/backend/tf';
import { conv2dFilterGrad, convGeometry } from '../../src/backend/conv2d_grad';
import { Rng } from '../../src/util/rng';
import { assertClose, leakFree, onEachBackend, values, withBackend } from './harness';

type Pad = 'valid' | 'same' | number | [[0, 0], [number, number], [number, number], [0, 0]];
interface Case {
  x: [number, number, number, number];
  k: [number, number];
  cout: number;
  s: [number, number];
  d: [number, number];
  pad: Pad;
}

const name = (c: Case): string => `x${c.x} k${c.k} cout${c.cout} s${c.s} d${c.d} pad ${JSON.stringify(c.pad)}`;

/** Hand-picked edge cases, then a seeded random grid over the stated ranges. */
function cases(): Case[] {
  const out: Case[] = [
    { x: [2, 9, 9, 3], k: [3, 3], cout: 4, s: [1, 1], d: [1, 1], pad: 'valid' },
    { x: [2, 10, 10, 2], k: [3, 3], cout: 3, s: [4, 4], d: [1, 1], pad: 'valid' }, // non-covering: rows 7-9 unread
    { x: [1, 11, 12, 2], k: [4, 4], cout: 2, s: [3, 3], d: [1, 1], pad: 2 }, // (11+4-4) % 3 != 0
    { x: [2, 12, 13, 1], k: [3, 5], cout: 3, s: [2, 3], d: [1, 1], pad: 'same' },
    { x: [2, 12, 13, 2], k: [3, 2], cout: 3, s: [1, 1], d: [2, 3], pad: 'same' },
    { x: [1, 12, 12, 3], k: [2, 3], cout: 2, s: [3, 2], d: [1, 1], pad: [[0, 0], [0, 2], [3, 1], [0, 0]] },
    { x: [1, 12, 12, 3], k: [2, 3], cout: 2, s: [1, 1], d: [3, 2], pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
    { x: [2, 20, 20, 4], k: [8, 8], cout: 5, s: [4, 4], d: [1, 1], pad: 'valid' }, // Nature layer 1 shape
    { x: [2, 9, 9, 5], k: [4, 4], cout: 3, s: [2, 2], d: [1, 1], pad: 'valid' }, // Nature layer 2 shape
    { x: [2, 6, 7, 3], k: [1, 1], cout: 4, s: [2, 3], d: [1, 1], pad: 'valid' }, // 1x1, phases with no taps
    { x: [1, 7, 7, 2], k: [1, 1], cout: 2, s: [1, 1], d: [1, 1], pad: 0 },
    { x: [1, 8, 8, 2], k: [2, 2], cout: 2, s: [1, 1], d: [3, 3], pad: 'valid' },
  ];
  const rng = new Rng(2024);
  const pads: Pad[] = [0, 1, 2, 'same', 'valid'];
  while (out.length < 40) {
    const k: [number, number] = [1 + rng.int(8), 1 + rng.int(8)];
    const s: [number, number] = [1 + rng.int(4), 1 + rng.int(4)];
    const d: [number, number] = [1 + rng.int(3), 1 + rng.int(3)];
    // tfjs' forward conv2d accepts stride > 1 or dilation > 1, never both.
    if (s[0] * s[1] > 1 && d[0] * d[1] > 1) continue;
    let pad = pads[rng.int(pads.length)];
    const p = typeof pad === 'number' ? pad : 0;
    // tfjs 4.22 sizes numeric pads from the filter height and stride height alone, so its own
    // forward conv is wrong for numeric pads with non-square (dilated) filters or strides.
    const square = (k[0] - 1) * d[0] === (k[1] - 1) * d[1] && s[0] === s[1];
    if (typeof pad === 'number' && !square) pad = [[0, 0], [p, p], [p, p], [0, 0]];
    const h = Math.max((k[0] - 1) * d[0] + 1 - 2 * p, 1) + rng.int(6);
    const w = Math.max((k[1] - 1) * d[1] + 1 - 2 * p, 1) + rng.int(6);
    if (h > 18 || w > 18) continue;
    out.push({ x: [1 + rng.int(3), h, w, 1 + rng.int(5)], k, cout: 1 + rng.int(5), s, d, pad });
  }
  return out;
}

function data(shape: number[], seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
}

/**
 * Reference gradients of L = sum(conv(x, f) * w) from forward convs only: L is linear in x, so
 * dL/dx_i = L(e_i) is one forward conv over a batch of unit inputs; dL/df = patches^T w with the
 * patches taken by a forward conv with a one-hot filter.
 */
function reference(c: Case, x: Tensor4D, f: Tensor4D, w: Tensor4D): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    const [, h, wd, cin] = c.x;
    const per = h * wd * cin;
    const eye = tf.reshape(tf.eye(per), [per, h, wd, cin]) as Tensor4D;
    const dx = tf.concat(
      Array.from({ length: c.x[0] }, (_, b) => {
        const y = tf.conv2d(eye, f, c.s, c.pad, 'NHWC', c.d); // [per, OH, OW, Cout]
        const wb = tf.slice(w, [b, 0, 0, 0], [1, -1, -1, -1]);
        return tf.reshape(tf.sum(tf.mul(y, wb), [1, 2, 3]), [1, per]);
      }),
    );
    const taps = c.k[0] * c.k[1] * cin;
    const oneHot = tf.reshape(tf.eye(taps), [c.k[0], c.k[1], cin, taps]) as Tensor4D;
    const patches = tf.reshape(tf.conv2d(x, oneHot, c.s, c.pad, 'NHWC', c.d), [-1, taps]);
    const df = tf.matMul(tf.transpose(patches), tf.reshape(w, [-1, c.cout]));
    return [dx, df];
  });
}

async function sdkGrads(c: Case): Promise<{ dx: Float32Array; df: Float32Array; refDx: Float32Array; refDf: Float32Array }> {
  const x = tf.tensor4d(data(c.x, 1), c.x);
  const fShape = [c.k[0], c.k[1], c.x[3], c.cout] as const;
  const f = tf.tensor4d(data([...fShape], 2), [...fShape]);
  const y = tf.conv2d(x, f, c.s, c.pad, 'NHWC', c.d);
  const w = tf.tensor4d(data(y.shape, 3), y.shape);
  const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as Tensor4D, b as Tensor4D, c.s, c.pad, 'NHWC', c.d), w)))([x, f]);
  const [rx, rf] = reference(c, x, f, w);
  const out = { dx: await values(dx), df: await values(df), refDx: await values(rx), refDf: await values(rf) };
  tf.dispose([x, f, y, w, dx, df, rx, rf]);
  return out;
}

onEachBackend('conv2d gradient', (backend) => {
  for (const c of cases()) {
    test(`matches forward-conv reference and the cpu backend: ${name(c)}`, async () => {
      await leakFree(async () => {
        const g = await sdkGrads(c);
        assertClose(g.dx, g.refDx, 1e-4, 'dx vs reference');
        assertClose(g.df, g.refDf, 1e-4, 'dfilter vs reference');
        if (backend === 'wasm') {
          const cpu = await withBackend('cpu', () => sdkGrads(c));
          assertClose(g.dx, cpu.dx, 1e-4, 'dx wasm vs cpu');
          assertClose(g.df, cpu.df, 1e-4, 'dfilter wasm vs cpu');
        }
      });
    });
  }

  test('agrees with central finite differences of a nonlinear loss', async () => {
    await leakFree(async () => {
      for (const c of [
        { x: [2, 7, 6, 2], k: [3, 2], cout: 2, s: [2, 1], d: [1, 1], pad: 'same' },
        { x: [1, 7, 6, 2], k: [3, 2], cout: 2, s: [1, 1], d: [1, 2], pad: [[0, 0], [1, 1], [1, 1], [0, 0]] },
      ] as Case[]) {
      const x = tf.tensor4d(data(c.x, 4), c.x);
      const fShape: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.cout];
      const f = tf.tensor4d(data(fShape, 5).map((v) => v * 0.3), fShape);
      const loss = (a: tf.Tensor, b: tf.Tensor): tf.Scalar => tf.sum(tf.tanh(tf.conv2d(a as Tensor4D, b as Tensor4D, c.s, c.pad, 'NHWC', c.d)));
      const [dx, df] = tf.grads(loss)([x, f]);
      // float32 forward: h = 1e-2 keeps rounding (~1e-7 * |L| / h) and truncation (~h^2) near 1e-4.
      const h = 1e-2;
      for (const [t, g, which] of [[x, dx, 0], [f, df, 1]] as const) {
        const base = await values(t);
        const fd = new Float32Array(base.length);
        for (let i = 0; i < base.length; i++) {
          const at = async (delta: number): Promise<number> => {
            const v = base.slice();
            v[i] += delta;
            const p = tf.tensor(v, t.shape);
            const l = tf.tidy(() => (which === 0 ? loss(p, f) : loss(x, p)));
            const out = (await l.data())[0];
            tf.dispose([p, l]);
            return out;
          };
          fd[i] = ((await at(h)) - (await at(-h))) / (2 * h);
        }
        assertClose(await values(g), fd, 5e-3, which === 0 ? 'dx vs finite differences' : 'dfilter vs finite differences');
      }
      tf.dispose([x, f, dx, df]);
      }
    });
  });

  test('the im2col filter gradient equals the conv formulation', async () => {
    await leakFree(async () => {
      const x = tf.tensor4d(data([2, 11, 10, 3], 6), [2, 11, 10, 3]);
      const g = convGeometry([2, 11, 10, 3], [3, 4, 3, 2], [2, 3], 1, 'same');
      const dy = tf.tensor4d(data([2, g.outHeight, g.outWidth, 2], 7), [2, g.outHeight, g.outWidth, 2]);
      const a = conv2dFilterGrad(x, dy, g, 'conv');
      const b = conv2dFilterGrad(x, dy, g, 'im2col');
      assertClose(await values(a), await values(b), 1e-5, 'conv vs im2col');
      tf.dispose([x, dy, a, b]);
    });
  });
});

test('a conv2d with dilation > 1 has a gradient (tfjs-core refuses it)', async () => {
  const x = tf.ones([1, 5, 5, 1]) as Tensor4D;
  const f = tf.ones([2, 2, 1, 1]) as Tensor4D;
  const g = tf.grad((a: tf.Tensor) => tf.sum(tf.conv2d(a as Tensor4D, f, 1, 'valid', 'NHWC', 2)))(x);
  assert.equal(Array.from(await g.data()).reduce((a, v) => a + v, 0), 4 * 9);
  tf.dispose([x, f, g]);
});

test('NCHW convs get the same gradients as NHWC (cpu; wasm has no NCHW forward)', async () => {
  await withBackend('cpu', async () => {
    await leakFree(async () => {
      const x = tf.tensor4d(data([2, 3, 9, 8], 8), [2, 3, 9, 8]);
      const f = tf.tensor4d(data([3, 2, 3, 4], 9), [3, 2, 3, 4]);
      const pad: [[0, 0], [0, 0], [1, 0], [2, 1]] = [[0, 0], [0, 0], [1, 0], [2, 1]];
      const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as Tensor4D, b as Tensor4D, 2, pad, 'NCHW'))))([x, f]);
      const xt = tf.transpose(x, [0, 2, 3, 1]);
      const [dxt, dft] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as Tensor4D, b as Tensor4D, 2, [[0, 0], [1, 0], [2, 1], [0, 0]], 'NHWC'))))([xt, f]);
      const back = tf.transpose(dxt, [0, 3, 1, 2]);
      assertClose(await values(dx), await values(back), 1e-5, 'dx NCHW vs NHWC');
      assertClose(await values(df), await values(dft), 1e-5, 'dfilter NCHW vs NHWC');
      tf.dispose([x, f, dx, df, xt, dxt, dft, back]);
    });
  });
});
