/** Net behaviour: summary, determinism, dispose, step vs forward, augmentation, input errors. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { tf } from '../../src/backend/tf';
import { DrQv2Aug } from '../../src/net/drqv2_aug';
import { buildNet, isStatefulNet } from '../../src/net/net';
import { describePytorchLayout } from '../../src/net/pytorch_layout';
import { formatSummary } from '../../src/net/summary';
import { ShapeError, SpecError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { amagoCnn, maxAbsDiff, netSpec, noLeak, useBackend } from './helpers';

const convSpec = netSpec({ type: 'ConvNet', conv_hid_layers: [[4, 3, 2, 0, 1], [8, 3, 1, 0, 1]], fc_hid_layers: [16], batch_norm: true, normalize: true });

describe('nets', () => {
  before(() => useBackend('cpu'));

  test('summary lists every module with output shape and params', async () => {
    await noLeak(() => {
      const net = buildNet(convSpec, { inShape: [11, 11, 1], outDims: [3], rng: new Rng(1) });
      const rows = net.summary();
      assert.deepEqual(rows.map((r) => `${r.name}|${r.type}|${r.outputShape.join('x')}|${r.params}`), [
        '|Rescale|Bx11x11x1|0',
        'conv_model.0|Conv2d|Bx5x5x4|40',
        'conv_model.1|ReLU|Bx5x5x4|0',
        'conv_model.2|Conv2d|Bx3x3x8|296',
        'conv_model.3|ReLU|Bx3x3x8|0',
        'conv_model.4|BatchNorm2d|Bx3x3x8|16',
        '|Flatten|Bx72|0',
        'fc_model.0|Linear|Bx16|1168',
        'fc_model.1|ReLU|Bx16|0',
        'model_tail|Linear|Bx3|51',
      ]);
      assert.match(formatSummary(rows), /total params: 1,571$/);
      const layout = describePytorchLayout(net);
      assert.deepEqual(layout.find((l) => l.name === 'fc_model.0.weight'), {
        name: 'fc_model.0.weight', kind: 'parameter', shape: [72, 16], pytorchShape: [16, 72], perm: [1, 0], flattenedInput: [3, 3, 8],
      });
      assert.equal(layout.filter((l) => l.kind === 'buffer').length, 2);
      net.dispose();
    });
  });

  test('recurrent summary marks per-step layers with T', () => {
    const spec = netSpec({ type: 'RecurrentNet', cell_type: 'LSTM', fc_hid_layers: [8], rnn_hidden_size: 6, rnn_num_layers: 2 });
    const net = buildNet(spec, { inShape: [4], outDims: [2], rng: new Rng(1) });
    assert.deepEqual(net.summary().map((r) => `${r.name}|${r.type}|${r.outputShape.join('x')}`), [
      'fc_model.0|Linear|BxTx8', 'fc_model.1|ReLU|BxTx8', 'rnn_model|LSTM|Bx6', 'model_tail|Linear|Bx2',
    ]);
    net.dispose();
  });

  test('the same seed gives the same weights; another seed does not', () => {
    const build = (seed: number) => buildNet(convSpec, { inShape: [11, 11, 1], outDims: [3], rng: new Rng(seed) });
    const [a, b, c] = [build(5), build(5), build(6)];
    a.parameters.forEach((p, i) => assert.deepEqual(p.variable.dataSync(), b.parameters[i]!.variable.dataSync()));
    assert.notDeepEqual(a.parameters[0]!.variable.dataSync(), c.parameters[0]!.variable.dataSync());
    [a, b, c].forEach((n) => n.dispose());
  });

  test('dispose frees every tensor of every net type', () => {
    const before = tf.memory().numTensors;
    const specs = [
      convSpec,
      netSpec({ type: 'IMPALAishCNN', cnn: amagoCnn('IMPALAishCNN', { cnn_block_depths: [4] }) }),
      netSpec({ type: 'RecurrentNet', conv_hid_layers: [[4, 3, 2, 0, 1], [4, 3, 1, 0, 1]], rnn_hidden_size: 5, cell_type: 'LSTM' }),
    ];
    for (const spec of specs) buildNet(spec, { inShape: [11, 11, 1], outDims: [3, 1], rng: new Rng(1) }).dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  test('RecurrentNet.step carried over a sequence equals forward on it', async () => {
    await noLeak(() => {
      const spec = netSpec({ type: 'RecurrentNet', cell_type: 'LSTM', fc_hid_layers: [6], rnn_hidden_size: 5, rnn_num_layers: 2 });
      const net = buildNet(spec, { inShape: [3], outDims: [2, 1], rng: new Rng(4) });
      assert.ok(isStatefulNet(net));
      const rng = new Rng(8);
      const x = tf.tensor3d(Array.from({ length: 2 * 4 * 3 }, () => rng.normal()), [2, 4, 3]);
      const whole = net.forward(x);
      let state = net.initialState(2);
      let outs: tf.Tensor[] = [];
      for (const frame of tf.unstack(x, 1)) {
        const r = net.step(frame, state);
        tf.dispose([frame, state.h, state.c ?? [], ...outs]);
        state = r.state;
        outs = r.outputs;
      }
      whole.forEach((w, i) => assert.ok(maxAbsDiff(w.dataSync(), outs[i]!.dataSync()) < 1e-5));
      tf.dispose([x, ...whole, ...outs, state.h, state.c ?? []]);
      net.dispose();
    });
  });

  test('step() on a bidirectional RNN is a SpecError', () => {
    const net = buildNet(netSpec({ type: 'RecurrentNet', bidirectional: true, rnn_hidden_size: 3 }), { inShape: [2], outDims: [2], rng: new Rng(1) });
    assert.ok(isStatefulNet(net));
    const s = net.initialState(1);
    const x = tf.zeros([1, 2]);
    assert.throws(() => net.step(x, s), SpecError);
    tf.dispose([x, s.h]);
    net.dispose();
  });

  test('wrong input shapes and impossible specs are typed errors and leak nothing', async () => {
    await noLeak(() => {
      const net = buildNet(convSpec, { inShape: [11, 11, 1], outDims: [3], rng: new Rng(1) });
      const x = tf.zeros([2, 11, 11, 2]);
      assert.throws(() => net.forward(x), ShapeError);
      x.dispose();
      net.dispose();
      assert.throws(() => buildNet(convSpec, { inShape: [4, 4, 1], outDims: [3], rng: new Rng(1) }), ShapeError);
      assert.throws(() => buildNet(netSpec({ type: 'ConvNet', conv_hid_layers: [] }), { inShape: [8, 8, 1], outDims: [3], rng: new Rng(1) }), SpecError);
      assert.throws(() => buildNet(netSpec({ type: 'ConvNet', conv_hid_layers: [[4, 3, 2, 'same', 1]] }), { inShape: [8, 8, 1], outDims: [3], rng: new Rng(1) }), SpecError);
      assert.throws(() => buildNet(netSpec({ type: 'MLPNet', aug: { name: 'DrQv2Aug', pad: 4 } }), { inShape: [8], outDims: [3], rng: new Rng(1) }), SpecError);
    });
  });

  test('DrQv2Aug replicate-pads and shifts each image by a seeded integer offset', async () => {
    await noLeak(() => {
      for (const [pad, n, h, w, c] of [[1, 4, 3, 3, 1], [2, 6, 4, 5, 2]] as const) {
        const aug = new DrQv2Aug(pad);
        const rng0 = new Rng(11);
        const data = Array.from({ length: n * h * w * c }, () => rng0.int(256));
        const x = tf.tensor4d(data, [n, h, w, c]);
        const y = aug.apply(x, new Rng(3));
        const same = aug.apply(x, new Rng(3));
        assert.deepEqual(y.dataSync(), same.dataSync());
        assert.deepEqual(y.shape, [n, h, w, c]);
        // A plain loop: pixel (r, col) of the image padded by repeating its edges.
        const padded = (b: number, r: number, col: number, ch: number) =>
          data[((b * h + Math.min(h - 1, Math.max(0, r - pad))) * w + Math.min(w - 1, Math.max(0, col - pad))) * c + ch]!;
        const rng = new Rng(3);
        const out = y.dataSync();
        for (let b = 0; b < n; b++) {
          const [sx, sy] = [rng.int(2 * pad + 1), rng.int(2 * pad + 1)];
          for (let r = 0; r < h; r++) for (let col = 0; col < w; col++) for (let ch = 0; ch < c; ch++) {
            assert.equal(out[((b * h + r) * w + col) * c + ch], padded(b, r + sy, col + sx, ch), `pad ${pad}, image ${b}, (${r}, ${col}, ${ch})`);
          }
        }
        tf.dispose([x, y, same]);
      }
    });
  });

  test('augmentation runs on training batches only', async () => {
    await noLeak(() => {
      const spec = netSpec({ ...convSpec, aug: { name: 'DrQv2Aug', pad: 2 }, batch_norm: false });
      const net = buildNet(spec, { inShape: [11, 11, 1], outDims: [3], rng: new Rng(1) });
      const rng = new Rng(2);
      const x = tf.tensor4d(Array.from({ length: 4 * 121 }, () => rng.int(256)), [4, 11, 11, 1]);
      const [e1] = net.forward(x);
      const [e2] = net.forward(x);
      const [t1] = net.forward(x, { training: true, rng: new Rng(9) });
      const [t2] = net.forward(x, { training: true, rng: new Rng(9) });
      assert.deepEqual(e1!.dataSync(), e2!.dataSync());
      assert.deepEqual(t1!.dataSync(), t2!.dataSync());
      assert.ok(maxAbsDiff(e1!.dataSync(), t1!.dataSync()) > 1e-6);
      tf.dispose([x, e1!, e2!, t1!, t2!]);
      net.dispose();
    });
  });
});
