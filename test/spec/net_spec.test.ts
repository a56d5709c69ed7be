import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSpec } from '../../src/spec/index';
import type { ResolvedNetSpec } from '../../src/spec/index';
import { dqnSpec, ppoSpec, problemAt, specError } from './spec_fixtures';

/** A DQN spec whose net is `net`. */
function withNet(net: Record<string, unknown>): Record<string, any> {
  const raw = dqnSpec();
  raw.agent.net = net;
  return raw;
}

function net(n: Record<string, unknown>): ResolvedNetSpec {
  return resolveSpec(withNet(n)).spec.agent.net;
}

function netProblem(n: Record<string, unknown>, key: string): string {
  return problemAt(specError(withNet(n)), `agent.net.${key}`);
}

describe('ConvNet', () => {
  test('fills conv row defaults and SLM Lab net defaults', () => {
    const r = net({ type: 'ConvNet', conv_hid_layers: [[16, 5], [32, [3, 2], 2], [8, 3, 1, 'same', [2, 1]]] });
    assert.deepEqual(r.conv_hid_layers, [
      [16, 5, 1, 0, 1],
      [32, [3, 2], 2, 0, 1],
      [8, 3, 1, 'same', [2, 1]],
    ]);
    assert.equal(r.batch_norm, true);
    assert.deepEqual(r.fc_hid_layers, []);
    assert.equal(r.hid_layers_activation, 'relu');
    assert.deepEqual(r.loss_spec, { name: 'MSELoss', beta: 1, reduction: 'mean' });
    assert.equal(r.optim_spec.name, 'Adam');
    assert.equal(r.optim_spec.lr, 1e-3);
    assert.equal(r.init_fn, null);
    assert.equal(r.clip_grad_val, null);
    assert.equal(r.update_type, 'replace');
    assert.equal(r.update_frequency, 1);
    assert.equal(r.polyak_coef, 0);
    assert.equal(r.gpu, 'auto');
    assert.equal(r.shared, false);
    assert.equal(r.use_same_optim, false);
  });

  test('conv row problems are reported per entry', () => {
    const bad = withNet({ type: 'ConvNet', conv_hid_layers: [[0, 3], [8, 300], [8, 3, 1, -1], [8], [8, 3, 2, 'same'], 'x'] });
    const e = specError(bad);
    assert.equal(problemAt(e, 'agent.net.conv_hid_layers[0][0]'), 'out_channels must be a positive integer (got 0)');
    assert.equal(problemAt(e, 'agent.net.conv_hid_layers[1][1]'), 'kernel must be <= 256 (got 300)');
    assert.equal(problemAt(e, 'agent.net.conv_hid_layers[2][3]'), 'padding must be a non-negative integer (got -1)');
    assert.match(problemAt(e, 'agent.net.conv_hid_layers[3]'), /must be \[out_channels, kernel, stride\?, padding\?, dilation\?\] \(got \[8\]\)/);
    assert.equal(problemAt(e, 'agent.net.conv_hid_layers[4][3]'), "padding 'same' needs stride 1 (got stride 2)");
    assert.match(problemAt(e, 'agent.net.conv_hid_layers[5]'), /got "x"/);
  });

  test('conv_hid_layers is required; MLPNet keys name the right key', () => {
    assert.equal(netProblem({ type: 'ConvNet' }, 'conv_hid_layers'), 'is required for ConvNet');
    assert.equal(
      netProblem({ type: 'ConvNet', conv_hid_layers: [[8, 3]], hid_layers: [4] }, 'hid_layers'),
      "ConvNet uses 'fc_hid_layers' (hid_layers is MLPNet's)",
    );
    assert.match(netProblem({ type: 'MLPNet', hid_layers: [4], fc_hid_layers: [4] }, 'fc_hid_layers'), /MLPNet uses 'hid_layers'/);
  });

  test('huge sizes are errors, not later out-of-memory failures', () => {
    assert.equal(netProblem({ type: 'MLPNet', hid_layers: [5_000_000] }, 'hid_layers[0]'), 'must be <= 65536 (got 5000000)');
  });

  test('unknown net types suggest; unsupported SLM Lab types say why', () => {
    assert.match(netProblem({ type: 'ConvNett', conv_hid_layers: [[8, 3]] }, 'type'), /did you mean 'ConvNet'/);
    assert.match(netProblem({ type: 'DuelingConvNet' }, 'type'), /net type 'DuelingConvNet' is not supported: dueling/);
  });

  test('old lr_decay keys are precise errors', () => {
    assert.match(netProblem({ type: 'MLPNet', hid_layers: [], lr_decay: 'rate_decay' }, 'lr_decay'), /use lr_scheduler_spec/);
  });
});

describe('AMAGO encoders', () => {
  test('NatureishCNN and GridworldCNN defaults; activation follows hid_layers_activation', () => {
    const n = net({ type: 'NatureishCNN', fc_hid_layers: [512], hid_layers_activation: 'relu' });
    assert.deepEqual(n.cnn, {
      name: 'NatureishCNN',
      activation: 'relu',
      channels: [32, 64, 64],
      kernels: [8, 4, 3],
      strides: [4, 2, 1],
      cnn_block_depths: [],
      post_group_norm: false,
    });
    const g = net({ type: 'GridworldCNN' });
    assert.deepEqual([g.cnn?.channels, g.cnn?.kernels, g.cnn?.strides], [[16, 32, 48], [2, 2, 2], [1, 1, 1]]);
    assert.equal(g.cnn?.activation, 'leaky_relu');
    assert.equal(g.batch_norm, false);
  });

  test('IMPALAishCNN defaults and its GroupNorm divisibility check', () => {
    const i = net({ type: 'IMPALAishCNN' });
    assert.deepEqual(i.cnn?.cnn_block_depths, [16, 32, 32]);
    assert.equal(i.cnn?.post_group_norm, true);
    assert.match(netProblem({ type: 'IMPALAishCNN', cnn_block_depths: [16, 30] }, 'cnn_block_depths[1]'), /multiple of 4/);
    assert.deepEqual(net({ type: 'IMPALAishCNN', cnn_block_depths: [6], post_group_norm: false }).cnn?.cnn_block_depths, [6]);
  });

  test('kwargs lists must have equal lengths; kwargs of another encoder are errors', () => {
    assert.equal(netProblem({ type: 'NatureishCNN', channels: [8, 8] }, 'kernels'), 'must have as many entries as channels (2) (got 3)');
    assert.match(netProblem({ type: 'DrQCNN', channels: [8] }, 'channels'), /channels is an argument of NatureishCNN \/ GridworldCNN, not of DrQCNN/);
    assert.match(netProblem({ type: 'NatureishCNN', conv_hid_layers: [[8, 3]] }, 'conv_hid_layers'), /channels \/ kernels \/ strides/);
  });

  test('aug takes DrQv2Aug with pad 4 by default', () => {
    assert.deepEqual(net({ type: 'DrQCNN', aug: { name: 'DrQv2Aug' } }).aug, { name: 'DrQv2Aug', pad: 4 });
    assert.match(netProblem({ type: 'MLPNet', hid_layers: [], aug: { name: 'DrQv2Aug' } }, 'aug'), /MLPNet takes vector input/);
  });
});

describe('RecurrentNet', () => {
  const rnn = { type: 'RecurrentNet', rnn_hidden_size: 32, seq_len: 4 };

  test('defaults, and cell_type in any case resolves upper-case', () => {
    const r = net({ ...rnn, cell_type: 'lstm' });
    assert.equal(r.cell_type, 'LSTM');
    assert.equal(r.rnn_num_layers, 1);
    assert.equal(r.bidirectional, false);
    assert.equal(r.cnn, null);
    assert.deepEqual(r.conv_hid_layers, []);
  });

  test('rnn_hidden_size and seq_len are required', () => {
    const e = specError(withNet({ type: 'RecurrentNet' }));
    assert.equal(problemAt(e, 'agent.net.rnn_hidden_size'), 'is required');
    assert.equal(problemAt(e, 'agent.net.seq_len'), 'is required');
  });

  test('an image encoder: conv rows or cnn, not both', () => {
    assert.deepEqual(net({ ...rnn, conv_hid_layers: [[8, 3, 2]] }).conv_hid_layers, [[8, 3, 2, 0, 1]]);
    const c = net({ ...rnn, cnn: { name: 'GridworldCNN', channels: [8, 8], kernels: [2, 2], strides: [1, 1] }, aug: { name: 'DrQv2Aug', pad: 2 } });
    assert.deepEqual(c.aug, { name: 'DrQv2Aug', pad: 2 });
    assert.deepEqual(c.cnn?.channels, [8, 8]);
    assert.equal(c.cnn?.activation, 'leaky_relu');
    assert.match(netProblem({ ...rnn, conv_hid_layers: [[8, 3]], cnn: { name: 'DrQCNN' } }, 'cnn'), /not both/);
    assert.match(netProblem({ ...rnn, cnn: { name: 'DrQCNN', channels: [3] } }, 'cnn.channels'), /not an argument of DrQCNN/);
    assert.match(netProblem({ ...rnn, aug: { name: 'DrQv2Aug' } }, 'aug'), /give the RecurrentNet an image encoder/);
  });

  test('rnn keys on other nets name their owner', () => {
    assert.equal(netProblem({ type: 'MLPNet', hid_layers: [], seq_len: 4 }, 'seq_len'), 'seq_len is a RecurrentNet key, not one of MLPNet');
  });
});

describe('loss, optimizers and schedulers', () => {
  test("PyTorch's optimizer defaults", () => {
    const o = (optim_spec: unknown) => net({ type: 'MLPNet', hid_layers: [], optim_spec }).optim_spec;
    assert.equal(o({ name: 'AdamW' }).weight_decay, 0.01);
    assert.deepEqual(o({ name: 'Adam', betas: [0.5, 0.9] }).betas, [0.5, 0.9]);
    const rms = o({ name: 'RMSprop' });
    assert.deepEqual([rms.lr, rms.alpha, rms.eps, rms.momentum, rms.centered], [1e-2, 0.99, 1e-8, 0, false]);
    assert.equal(o({ name: 'SGD', lr: 0.1, momentum: 0.9, nesterov: true }).nesterov, true);
  });

  test('optimizer problems', () => {
    const p = (optim_spec: unknown, key: string) => netProblem({ type: 'MLPNet', hid_layers: [], optim_spec }, `optim_spec.${key}`);
    assert.match(p({ name: 'SGD' }, 'lr'), /SGD has no default/);
    assert.match(p({ name: 'RMSprop', betas: [0.9, 0.99] }, 'betas'), /not an argument of RMSprop \(only Adam \/ AdamW take it\)/);
    assert.match(p({ name: 'Adam', betas: [0.9, 1.5] }, 'betas'), /each in \[0, 1\)/);
    assert.match(p({ name: 'SGD', lr: 0.1, nesterov: true }, 'nesterov'), /momentum > 0/);
    assert.match(p({ name: 'GlobalAdam' }, 'name'), /not supported: .*Hogwild/);
  });

  test('actor-critic optim_spec falls back to the actor optimizer', () => {
    const raw = ppoSpec();
    raw.agent.net.actor_optim_spec = { name: 'RMSprop', lr: 0.02 };
    const n = resolveSpec(raw).spec.agent.net;
    assert.equal(n.optim_spec.name, 'RMSprop');
    assert.equal(n.critic_optim_spec, null);
  });

  test('loss and lr scheduler specs', () => {
    const n = net({
      type: 'MLPNet',
      hid_layers: [],
      loss_spec: { name: 'HuberLoss', delta: 2, reduction: 'sum' },
      lr_scheduler_spec: { name: 'MultiStepLR', milestones: [10, 20] },
    });
    assert.deepEqual(n.loss_spec, { name: 'HuberLoss', beta: 2, reduction: 'sum' });
    assert.deepEqual(n.lr_scheduler_spec, { name: 'MultiStepLR', milestones: [10, 20], gamma: 0.1 });
    assert.match(netProblem({ type: 'MLPNet', hid_layers: [], loss_spec: { name: 'MSELoss', beta: 1 } }, 'loss_spec.beta'), /SmoothL1Loss/);
    assert.match(netProblem({ type: 'MLPNet', hid_layers: [], lr_scheduler_spec: { name: 'StepLR' } }, 'lr_scheduler_spec.step_size'), /is required/);
  });

  test('activations, init_fn, polyak and update settings are checked', () => {
    const n = net({ type: 'MLPNet', hid_layers: [], out_layer_activation: ['tanh', null], init_fn: 'xavier_uniform', update_type: 'polyak', polyak_coef: 0.99 });
    assert.deepEqual(n.out_layer_activation, ['tanh', null]);
    assert.equal(n.init_fn, 'xavier_uniform_');
    assert.equal(netProblem({ type: 'MLPNet', hid_layers: [], polyak_coef: 2 }, 'polyak_coef'), 'must be in [0, 1] (got 2)');
    assert.match(netProblem({ type: 'MLPNet', hid_layers: [], init_fn: 'he' }, 'init_fn'), /unknown init_fn/);
    assert.match(netProblem({ type: 'MLPNet', hid_layers: [], clip_grad_val: 0 }, 'clip_grad_val'), /must be > 0/);
  });
});
