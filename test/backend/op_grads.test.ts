/**
 * The gradients of every op a ConvNet / GroupNorm / BatchNorm / GRU / LSTM net trains through,
 * on wasm, agree with the cpu backend (wasm kernels have returned wrong numbers without errors).
 */
import { test } from 'node:test';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { tf } from '../../src/backend/tf';
import { Rng } from '../../src/util/rng';
import { assertClose, leakFree, values, withBackend } from './harness';

type Op = (x: tf.Tensor) => tf.Tensor;

const OPS: Record<string, [number[], Op]> = {
  'conv2d + bias + relu': [[2, 9, 9, 3], (x) => tf.relu(tf.add(tf.conv2d(x as Tensor4D, tf.fill([3, 3, 3, 4], 0.1), 2, 'same'), 0.1))],
  'maxPool 3/2 same': [[2, 9, 9, 3], (x) => tf.maxPool(x as Tensor4D, 3, 2, 'same')],
  'avgPool 2/1 valid': [[2, 7, 7, 3], (x) => tf.avgPool(x as Tensor4D, 2, 1, 'valid')],
  'moments + rsqrt (layer/batch norm)': [[4, 5, 6], (x) => { const m = tf.moments(x, [1, 2], true); return tf.mul(tf.sub(x, m.mean), tf.rsqrt(tf.add(m.variance, 1e-5))); }],
  'group norm': [[2, 4, 4, 6], (x) => { const r = tf.reshape(x, [2, 4, 4, 2, 3]); const m = tf.moments(r, [1, 2, 4], true); return tf.mul(tf.sub(r, m.mean), tf.rsqrt(tf.add(m.variance, 1e-5))); }],
  batchNorm: [[2, 4, 4, 3], (x) => tf.batchNorm(x, tf.fill([3], 0.2), tf.fill([3], 1.5), tf.fill([3], 0.1), tf.fill([3], 2), 1e-3)],
  sigmoid: [[3, 7], tf.sigmoid],
  tanh: [[3, 7], tf.tanh],
  leakyRelu: [[3, 7], (x) => tf.leakyRelu(x, 0.01)],
  elu: [[3, 7], tf.elu],
  selu: [[3, 7], tf.selu],
  softplus: [[3, 7], tf.softplus],
  relu6: [[3, 7], (x) => tf.relu6(tf.mul(x, 4))],
  'gelu (erf)': [[3, 7], (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))))],
  'gelu (tanh)': [[3, 7], (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(0.79788456, tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))))],
  concat: [[3, 4], (x) => tf.concat([x, tf.mul(x, 2), tf.square(x)], 1)],
  slice: [[4, 6], (x) => tf.slice(x, [1, 2], [2, 3])],
  split: [[4, 6], (x) => { const [a, b] = tf.split(x, [2, 4], 1); return tf.mul(tf.sum(a), b); }],
  stack: [[3, 4], (x) => tf.stack([x, tf.exp(x)], 1)],
  unstack: [[3, 4], (x) => { const u = tf.unstack(x, 1); return tf.mul(u[0], u[3]); }],
  'reshape + transpose': [[2, 3, 4], (x) => tf.transpose(tf.reshape(x, [6, 4]), [1, 0])],
  pad: [[2, 5, 5, 3], (x) => tf.pad(x, [[0, 0], [2, 2], [1, 3], [0, 0]])],
  'mirrorPad reflect': [[2, 5, 5, 3], (x) => tf.mirrorPad(x, [[0, 0], [2, 2], [2, 2], [0, 0]], 'reflect')],
  'mirrorPad symmetric': [[2, 5, 5, 3], (x) => tf.mirrorPad(x, [[0, 0], [2, 2], [2, 2], [0, 0]], 'symmetric')],
  logSoftmax: [[3, 6], (x) => tf.logSoftmax(x)],
  softmax: [[3, 6], (x) => tf.softmax(x)],
  'int32 oneHot, cast, mul': [[4, 5], (x) => tf.mul(x, tf.cast(tf.oneHot(tf.tensor1d([0, 3, 4, 1], 'int32'), 5), 'float32'))],
  gather: [[5, 3], (x) => tf.gather(x, tf.tensor1d([0, 3, 3, 1], 'int32'))],
  clipByValue: [[3, 7], (x) => tf.clipByValue(x, -0.5, 0.5)],
  'where on a variable-dependent condition': [[3, 7], (x) => tf.where(tf.greater(x, 0), tf.square(x), tf.mul(x, 3))],
  'minimum / maximum': [[3, 7], (x) => tf.add(tf.minimum(x, 0.2), tf.maximum(x, tf.mul(x, 0.5)))],
  'max / min': [[3, 7], (x) => tf.add(tf.max(x, 1), tf.min(x, 1))],
  huber: [[3, 7], (x) => { const a = tf.abs(x); const q = tf.minimum(a, 1); return tf.add(tf.mul(0.5, tf.square(q)), tf.sub(a, q)); }],
  'sqrt / log / exp / pow': [[3, 4], (x) => tf.add(tf.sqrt(tf.add(tf.square(x), 1)), tf.add(tf.log(tf.add(tf.square(x), 1)), tf.pow(tf.abs(x), 1.5)))],
  'broadcast add / div': [[3, 1], (x) => tf.div(tf.add(x, tf.ones([3, 4])), tf.add(tf.square(x), 1))],
  'tile / expandDims': [[2, 3], (x) => tf.expandDims(tf.tile(x, [2, 3]), 1)],
  'matMul (LSTM/GRU gates)': [[3, 4], (x) => tf.sigmoid(tf.matMul(x, tf.fill([4, 8], 0.3)))],
  'cumsum / prod / logSumExp': [[3, 5], (x) => tf.add(tf.cumsum(x, 1), tf.add(tf.prod(x, 1, true), tf.logSumExp(x, 1, true)))],
  squaredDifference: [[3, 4], (x) => tf.squaredDifference(x, tf.ones([3, 4]))],
  'fused matMul relu': [[3, 4], (x) => tf.fused.matMul({ a: x as tf.Tensor2D, b: tf.fill([4, 5], 0.2), bias: tf.fill([5], 0.1), activation: 'relu' })],
  'fused conv2d relu': [[2, 6, 6, 3], (x) => tf.fused.conv2d({ x: x as Tensor4D, filter: tf.fill([3, 3, 3, 2], 0.1), bias: tf.fill([2], 0.1), activation: 'relu', strides: 2, pad: 'same' })],
};

async function gradOf(shape: number[], op: Op): Promise<Float32Array> {
  const rng = new Rng(5);
  const x = tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
  const w = tf.tidy(() => {
    const y = op(x);
    return tf.tensor(Float32Array.from({ length: y.size }, () => rng.normal()), y.shape);
  });
  const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(op(t), w)))(x);
  const out = await values(g);
  tf.dispose([x, w, g]);
  return out;
}

for (const [name, [shape, op]] of Object.entries(OPS)) {
  test(`gradient of ${name} on wasm agrees with cpu`, async () => {
    await leakFree(async () => {
      const wasm = await withBackend('wasm', () => gradOf(shape, op));
      const cpu = await withBackend('cpu', () => gradOf(shape, op));
      assertClose(wasm, cpu, 1e-4, name);
    });
  });
}
