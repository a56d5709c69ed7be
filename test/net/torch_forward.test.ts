/**
 * Forward values against PyTorch. fixtures/torch_forward.json was written by
 * fixtures/torch_forward.py (PyTorch 1.13 building torch_ref.py's nets) with deterministic
 * weights; here the same weights go in through pytorchToOurs (which applies the layout
 * permutations and the NHWC flatten reorder) and the heads must agree.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { tf } from '../../src/backend/tf';
import { buildNet } from '../../src/net/net';
import { oursToPytorch, pytorchToOurs } from '../../src/net/pytorch_layout';
import type { AmagoCnnName, ConvRow, ResolvedNetSpec } from '../../src/spec/types';
import { Rng } from '../../src/util/rng';
import fixture from './fixtures/torch_forward.json';
import { amagoCnn, maxAbsDiff, netSpec, noLeak, useBackend } from './helpers';

interface FixtureNet {
  type: ResolvedNetSpec['type'];
  conv_hid_layers?: ConvRow[];
  fc_hid_layers: number[];
  hid_layers_activation: ResolvedNetSpec['hid_layers_activation'];
  batch_norm?: boolean;
  cnn_block_depths?: number[];
  post_group_norm?: boolean;
  cell_type?: ResolvedNetSpec['cell_type'];
  rnn_hidden_size?: number;
  rnn_num_layers?: number;
  bidirectional?: boolean;
  seq_len?: number;
}

const AMAGO_TYPES = ['NatureishCNN', 'GridworldCNN', 'DrQCNN', 'IMPALAishCNN'];

function toSpec(net: FixtureNet): ResolvedNetSpec {
  const { cnn_block_depths, post_group_norm, ...rest } = net;
  const spec: Partial<ResolvedNetSpec> = { ...rest };
  if (AMAGO_TYPES.includes(net.type)) {
    const extra = cnn_block_depths ? { cnn_block_depths, post_group_norm: post_group_norm ?? true } : {};
    spec.cnn = amagoCnn(net.type as AmagoCnnName, { activation: net.hid_layers_activation, ...extra });
  }
  return netSpec(spec);
}

const sinFill = (n: number, f: (k: number) => number): Float32Array => Float32Array.from({ length: n }, (_, k) => f(k));

describe('forward values match PyTorch', () => {
  before(() => useBackend('cpu'));

  fixture.cases.forEach((c, idx) => {
    const expected = fixture.results[idx]!;
    test(`${c.name}`, async () => {
      await noLeak(() => {
        const spec = toSpec(c.net as FixtureNet);
        const net = buildNet(spec, { inShape: c.in_shape, outDims: c.out_dims, rng: new Rng(3) });
        net.parameters.forEach((p, i) => {
          const n = p.pytorchShape.reduce((a, b) => a * b, 1);
          const value = pytorchToOurs(p, sinFill(n, (k) => 0.3 * Math.sin(0.7 * k + 1.3 * i)));
          p.variable.assign(value);
          value.dispose();
        });
        for (let i = 0; i < net.buffers.length; i += 2) {
          const [mean, variance] = [net.buffers[i]!, net.buffers[i + 1]!];
          const c0 = mean.pytorchShape[0]!;
          tf.tidy(() => {
            mean.variable.assign(tf.tensor(sinFill(c0, (k) => 0.1 * Math.sin(k))));
            variance.variable.assign(tf.tensor(sinFill(c0, (k) => 1 + 0.5 * Math.sin(k) ** 2)));
          });
        }
        const amago = AMAGO_TYPES.includes(spec.type);
        const lead = net.recurrent ? [2, spec.seq_len] : [2];
        const shape = [...lead, ...c.in_shape];
        const size = shape.reduce((a, b) => a * b, 1);
        const x = tf.tensor(sinFill(size, (k) => (amago ? (37 * k) % 256 : Math.sin(0.3 * k))), shape);

        const evalOuts = net.forward(x);
        evalOuts.forEach((o, h) => assert.ok(maxAbsDiff(o.dataSync(), expected.eval[h]!) < 1e-4, `eval head ${h}`));
        if ('train' in expected) {
          const trainOuts = net.forward(x, { training: true });
          trainOuts.forEach((o, h) => assert.ok(maxAbsDiff(o.dataSync(), expected.train![h]!) < 1e-4, `train head ${h}`));
          expected.running!.forEach(([mean, variance], b) => {
            assert.ok(maxAbsDiff(net.buffers[2 * b]!.variable.dataSync(), mean!) < 1e-5, `running_mean ${b}`);
            assert.ok(maxAbsDiff(net.buffers[2 * b + 1]!.variable.dataSync(), variance!) < 1e-5, `running_var ${b}`);
          });
          tf.dispose(trainOuts);
        }
        // The layout helpers round-trip.
        for (const p of net.parameters) {
          const back = oursToPytorch(p);
          const again = pytorchToOurs(p, back.dataSync() as Float32Array);
          assert.equal(maxAbsDiff(again.dataSync(), p.variable.dataSync()), 0);
          tf.dispose([back, again]);
        }
        tf.dispose([x, ...evalOuts]);
        net.dispose();
      });
    });
  });
});
