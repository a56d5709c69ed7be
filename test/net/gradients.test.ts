/** Gradients of whole nets against central finite differences (cpu backend, float32). */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { tf } from '../../src/backend/tf';
import { buildNet, type Net } from '../../src/net/net';
import type { ResolvedNetSpec } from '../../src/spec/types';
import { Rng } from '../../src/util/rng';
import { amagoCnn, netSpec, noLeak, useBackend } from './helpers';

/** Checks d(sum_h <out_h, r_h>)/dw at two entries of every parameter. */
function checkGradients(spec: ResolvedNetSpec, inShape: number[], outDims: number[], xShape: number[], seed: number): void {
  const net: Net = buildNet(spec, { inShape, outDims, rng: new Rng(seed) });
  const rng = new Rng(seed + 1);
  const x = tf.tensor(Array.from({ length: xShape.reduce((a, b) => a * b, 1) }, () => rng.normal()), xShape);
  const r = outDims.map((d) => tf.tensor2d(Array.from({ length: xShape[0]! * d }, () => rng.normal()), [xShape[0]!, d]));
  const loss = (): tf.Scalar =>
    tf.tidy(() => tf.addN(net.forward(x, { training: true }).map((o, h) => tf.sum(tf.mul(o, r[h]!)))) as tf.Scalar);
  const vars = net.parameters.map((p) => p.variable);
  const { value, grads } = tf.variableGrads(loss, vars);
  value.dispose();
  const eps = 1e-2;
  for (const p of net.parameters) {
    const g = grads[p.variable.name]!.dataSync();
    const base = p.variable.dataSync().slice() as Float32Array;
    for (const i of [0, Math.floor(base.length / 2)]) {
      const at = (delta: number): number => {
        const moved = base.slice();
        moved[i] = moved[i]! + delta;
        tf.tidy(() => p.variable.assign(tf.tensor(moved, p.variable.shape)));
        const l = loss();
        const v = l.dataSync()[0]!;
        l.dispose();
        return v;
      };
      const fd = (at(eps) - at(-eps)) / (2 * eps);
      tf.tidy(() => p.variable.assign(tf.tensor(base, p.variable.shape)));
      assert.ok(Math.abs(fd - g[i]!) < 2e-3 + 2e-2 * Math.abs(fd), `${p.name}[${i}]: analytic ${g[i]} vs numeric ${fd}`);
    }
  }
  tf.dispose([x, ...r, ...Object.values(grads)]);
  net.dispose();
}

describe('gradients vs finite differences', () => {
  before(() => useBackend('cpu'));

  test('ConvNet with padding pairs, same padding, BatchNorm (train mode) and two heads', async () => {
    await noLeak(() =>
      checkGradients(
        netSpec({ type: 'ConvNet', conv_hid_layers: [[3, 3, 2, 1, 1], [4, [2, 3], 1, 'same', 1]], fc_hid_layers: [5], hid_layers_activation: 'tanh', batch_norm: true }),
        [7, 7, 2],
        [3, 1],
        [3, 7, 7, 2],
        11,
      ),
    );
  });

  test('RecurrentNet: 2-layer bidirectional LSTM after fc layers', async () => {
    await noLeak(() =>
      checkGradients(
        netSpec({ type: 'RecurrentNet', cell_type: 'LSTM', fc_hid_layers: [4], hid_layers_activation: 'tanh', rnn_hidden_size: 3, rnn_num_layers: 2, bidirectional: true }),
        [3],
        [2],
        [2, 3, 3],
        21,
      ),
    );
  });

  test('RecurrentNet: GRU over an IMPALAish encoder (max pool, residual blocks, GroupNorm)', async () => {
    await noLeak(() =>
      checkGradients(
        netSpec({ type: 'RecurrentNet', cnn: amagoCnn('IMPALAishCNN', { cnn_block_depths: [4], activation: 'tanh' }), hid_layers_activation: 'tanh', rnn_hidden_size: 3 }),
        [7, 7, 1],
        [2],
        [2, 2, 7, 7, 1],
        31,
      ),
    );
  });
});
