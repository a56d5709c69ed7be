/**
 * Parameter parity with PyTorch. Every expected count and output shape below was printed by
 * /work/shared/reference/pytorch/torch_ref.py (PyTorch 1.13, Debian python3-torch): the first
 * four are pytorch-parity.md's reference cases, the rest are test/net/fixtures/net_cases.json.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { tf } from '../../src/backend/tf';
import { buildNet } from '../../src/net/net';
import { planNetWeights } from '../../src/net/weight_plan';
import type { ResolvedNetSpec } from '../../src/spec/types';
import { Rng } from '../../src/util/rng';
import { amagoCnn, netSpec, noLeak, useBackend } from './helpers';

interface Case {
  name: string;
  spec: ResolvedNetSpec;
  inShape: number[];
  outDims: number[];
  params: number;
}

const CASES: Case[] = [
  // pytorch-parity.md
  {
    name: 'seed_convnet_84x84x4',
    spec: netSpec({ type: 'ConvNet', conv_hid_layers: [[32, 8, 4, 0, 1], [64, 4, 2, 0, 1], [32, 3, 1, 0, 1]], fc_hid_layers: [512], batch_norm: false }),
    inShape: [84, 84, 4],
    outDims: [6],
    params: 865926,
  },
  {
    name: 'seed_recurrent_vec8',
    spec: netSpec({ type: 'RecurrentNet', cell_type: 'GRU', fc_hid_layers: [256, 128], rnn_hidden_size: 64, rnn_num_layers: 1, seq_len: 4 }),
    inShape: [8],
    outDims: [4],
    params: 72708,
  },
  {
    name: 'natureish_84x84x4',
    spec: netSpec({ type: 'NatureishCNN', cnn: amagoCnn('NatureishCNN', { activation: 'relu' }), fc_hid_layers: [512] }),
    inShape: [84, 84, 4],
    outDims: [6],
    params: 1687206,
  },
  {
    name: 'slm_convnet_batchnorm_default',
    spec: netSpec({ type: 'ConvNet', conv_hid_layers: [[16, 5, 2, 0, 1], [32, 3, 1, 0, 1]], fc_hid_layers: [], batch_norm: true }),
    inShape: [84, 84, 1],
    outDims: [3],
    params: 143747,
  },
  // fixtures/net_cases.json
  {
    name: 'recurrent_lstm_vec6',
    spec: netSpec({ type: 'RecurrentNet', cell_type: 'LSTM', fc_hid_layers: [32], rnn_hidden_size: 16 }),
    inShape: [6],
    outDims: [3],
    params: 3475,
  },
  {
    name: 'recurrent_gru_bidir_2layer',
    spec: netSpec({ type: 'RecurrentNet', cell_type: 'GRU', hid_layers_activation: 'tanh', rnn_hidden_size: 8, rnn_num_layers: 2, bidirectional: true, seq_len: 3 }),
    inShape: [5],
    outDims: [2, 1],
    params: 1995,
  },
  {
    name: 'recurrent_rnn_vec4',
    spec: netSpec({ type: 'RecurrentNet', cell_type: 'RNN', fc_hid_layers: [16, 12], rnn_hidden_size: 10, seq_len: 5 }),
    inShape: [4],
    outDims: [3],
    params: 557,
  },
  {
    name: 'recurrent_lstm_bidir_2layer',
    spec: netSpec({ type: 'RecurrentNet', cell_type: 'LSTM', fc_hid_layers: [20], rnn_hidden_size: 12, rnn_num_layers: 2, bidirectional: true, seq_len: 2 }),
    inShape: [7],
    outDims: [4],
    params: 7124,
  },
  {
    name: 'impala_64x64x3',
    spec: netSpec({ type: 'IMPALAishCNN', cnn: amagoCnn('IMPALAishCNN'), hid_layers_activation: 'leaky_relu', fc_hid_layers: [256] }),
    inShape: [64, 64, 3],
    outDims: [15],
    params: 503439,
  },
  {
    name: 'impala_nogn_32x32x2',
    spec: netSpec({ type: 'IMPALAishCNN', cnn: amagoCnn('IMPALAishCNN', { cnn_block_depths: [8, 16], post_group_norm: false, activation: 'relu' }) }),
    inShape: [32, 32, 2],
    outDims: [5, 1],
    params: 17646,
  },
  {
    name: 'drq_84x84x3',
    spec: netSpec({ type: 'DrQCNN', cnn: amagoCnn('DrQCNN', { activation: 'relu' }), fc_hid_layers: [50] }),
    inShape: [84, 84, 3],
    outDims: [6],
    params: 1988996,
  },
  {
    name: 'gridworld_9x9x3',
    spec: netSpec({ type: 'GridworldCNN', cnn: amagoCnn('GridworldCNN'), hid_layers_activation: 'leaky_relu', fc_hid_layers: [64] }),
    inShape: [9, 9, 3],
    outDims: [4],
    params: 119396,
  },
  {
    name: 'natureish_custom_64x64x1',
    spec: netSpec({ type: 'NatureishCNN', cnn: amagoCnn('NatureishCNN', { channels: [16, 32, 32], activation: 'relu' }) }),
    inShape: [64, 64, 1],
    outDims: [3],
    params: 20051,
  },
  {
    name: 'recurrent_conv_rows_40x40x1',
    spec: netSpec({ type: 'RecurrentNet', conv_hid_layers: [[16, 5, 2, 0, 1], [32, 3, 2, 1, 1]], batch_norm: true, fc_hid_layers: [64], rnn_hidden_size: 32, seq_len: 3 }),
    inShape: [40, 40, 1],
    outDims: [3],
    params: 180579,
  },
  {
    name: 'recurrent_cnn_natureish_84x84x4',
    spec: netSpec({ type: 'RecurrentNet', cnn: amagoCnn('NatureishCNN', { activation: 'relu' }), fc_hid_layers: [128], cell_type: 'LSTM', rnn_hidden_size: 64 }),
    inShape: [84, 84, 4],
    outDims: [6, 1],
    params: 529639,
  },
  {
    name: 'recurrent_cnn_impala_24x24x3',
    spec: netSpec({ type: 'RecurrentNet', cnn: amagoCnn('IMPALAishCNN', { cnn_block_depths: [8, 8] }), hid_layers_activation: 'leaky_relu', rnn_hidden_size: 16, seq_len: 2 }),
    inShape: [24, 24, 3],
    outDims: [4],
    params: 16076,
  },
  {
    name: 'convnet_pairs_same_dilation_30x40x3',
    spec: netSpec({ type: 'ConvNet', conv_hid_layers: [[16, [3, 5], [2, 1], [1, 2], 1], [8, 3, 1, 'same', [2, 2]]], fc_hid_layers: [32], batch_norm: true }),
    inShape: [30, 40, 3],
    outDims: [4],
    params: 155676,
  },
  {
    name: 'convnet_stride_and_dilation_21x21x2',
    spec: netSpec({ type: 'ConvNet', conv_hid_layers: [[8, 3, 2, 0, 2]], batch_norm: false }),
    inShape: [21, 21, 2],
    outDims: [2],
    params: 1450,
  },
  {
    name: 'convnet_valid_bn_two_heads_16x16x2',
    spec: netSpec({ type: 'ConvNet', conv_hid_layers: [[4, 3, 1, 'valid', 1], [6, 2, 2, 0, 1]], fc_hid_layers: [10, 10], hid_layers_activation: 'elu', batch_norm: true }),
    inShape: [16, 16, 2],
    outDims: [3, 1],
    params: 3294,
  },
  { name: 'mlp_4', spec: netSpec({ type: 'MLPNet', hid_layers: [64, 32] }), inShape: [4], outDims: [2], params: 2466 },
  { name: 'mlp_no_hidden_10', spec: netSpec({ type: 'MLPNet', hid_layers: [] }), inShape: [10], outDims: [3, 1], params: 44 },
  {
    name: 'mlp_continuous_3',
    spec: netSpec({ type: 'MLPNet', hid_layers: [16], hid_layers_activation: 'tanh' }),
    inShape: [3],
    outDims: [2, 2],
    params: 132,
  },
];

describe('PyTorch parameter parity', () => {
  before(() => useBackend('cpu'));

  for (const c of CASES) {
    test(`${c.name}: ${c.params} params and PyTorch's output shapes`, async () => {
      await noLeak(() => {
        const net = buildNet(c.spec, { inShape: c.inShape, outDims: c.outDims, rng: new Rng(1) });
        assert.equal(net.paramCount(), c.params);
        // The plan, computed without building, names every weight and shape the net has.
        const plan = planNetWeights(c.spec, c.inShape, c.outDims);
        assert.equal(plan.params, c.params);
        assert.deepEqual(
          plan.weights.map((w) => [w.name, w.shape, w.kind]),
          [...net.parameters.map((p) => [p.name, p.variable.shape, 'parameter']), ...net.buffers.map((p) => [p.name, p.variable.shape, 'buffer'])],
        );
        assert.equal(net.summary().reduce((n, r) => n + r.params, 0), c.params);
        const lead = net.recurrent ? [2, c.spec.seq_len] : [2];
        const x = tf.randomUniform([...lead, ...c.inShape], 0, 255, 'int32');
        const outs = net.forward(x);
        assert.deepEqual(
          outs.map((o) => o.shape),
          c.outDims.map((d) => [2, d]),
        );
        tf.dispose([x, ...outs]);
        net.dispose();
      });
    });
  }

  test('ConvNet params are named and ordered like its PyTorch state_dict', () => {
    const net = buildNet(CASES[3]!.spec, { inShape: [84, 84, 1], outDims: [3], rng: new Rng(1) });
    assert.deepEqual(
      net.parameters.map((p) => `${p.name} [${p.pytorchShape}]`),
      [
        'conv_model.0.weight [16,1,5,5]',
        'conv_model.0.bias [16]',
        'conv_model.2.weight [32,16,3,3]',
        'conv_model.2.bias [32]',
        'conv_model.4.weight [32]',
        'conv_model.4.bias [32]',
        'model_tail.0.weight [3,46208]',
        'model_tail.0.bias [3]',
      ],
    );
    assert.deepEqual(net.buffers.map((p) => p.name), ['conv_model.4.running_mean', 'conv_model.4.running_var']);
    assert.deepEqual(net.parameters[0]!.variable.shape, [5, 5, 1, 16]);
    assert.deepEqual(net.parameters[6]!.flattenedInput, [38, 38, 32]);
    net.dispose();
  });

  test('bidirectional 2-layer GRU params follow PyTorch order (layer, direction, ih/hh, weight/bias)', () => {
    const net = buildNet(CASES[5]!.spec, { inShape: [5], outDims: [2, 1], rng: new Rng(1) });
    const rnn = net.parameters.filter((p) => p.name.startsWith('rnn_model.'));
    assert.deepEqual(
      rnn.map((p) => `${p.name.slice(10)} [${p.pytorchShape}]`),
      [
        'weight_ih_l0 [24,5]', 'weight_hh_l0 [24,8]', 'bias_ih_l0 [24]', 'bias_hh_l0 [24]',
        'weight_ih_l0_reverse [24,5]', 'weight_hh_l0_reverse [24,8]', 'bias_ih_l0_reverse [24]', 'bias_hh_l0_reverse [24]',
        'weight_ih_l1 [24,16]', 'weight_hh_l1 [24,8]', 'bias_ih_l1 [24]', 'bias_hh_l1 [24]',
        'weight_ih_l1_reverse [24,16]', 'weight_hh_l1_reverse [24,8]', 'bias_ih_l1_reverse [24]', 'bias_hh_l1_reverse [24]',
      ],
    );
    assert.deepEqual(net.parameters.slice(-4).map((p) => p.name), ['model_tails.0.0.weight', 'model_tails.0.0.bias', 'model_tails.1.0.weight', 'model_tails.1.0.bias']);
    net.dispose();
  });

  test('IMPALAishCNN params are named like AMAGO modules', () => {
    const net = buildNet(CASES[9]!.spec, { inShape: [32, 32, 2], outDims: [5, 1], rng: new Rng(1) });
    const names = net.parameters.map((p) => p.name);
    assert.deepEqual(names.slice(0, 6), [
      'cnn.blocks.0.conv.weight', 'cnn.blocks.0.conv.bias',
      'cnn.blocks.0.residual1.conv1.weight', 'cnn.blocks.0.residual1.conv1.bias',
      'cnn.blocks.0.residual1.conv2.weight', 'cnn.blocks.0.residual1.conv2.bias',
    ]);
    net.dispose();
  });
});
