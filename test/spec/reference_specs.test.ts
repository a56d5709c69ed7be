// Every SLM Lab reference spec file, and every named spec in it, loads as it is.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSpecText, resolveSpec, specNames } from '../../src/spec/index';
import type { PpoAlgorithmSpec, DqnAlgorithmSpec, ReplayMemorySpec } from '../../src/spec/index';
import { slmSpecFiles, slmSpecText } from './spec_fixtures';

const files = slmSpecFiles();

test('all twelve reference files are present', () => {
  assert.equal(files.length, 12);
});

for (const file of files) {
  describe(file, () => {
    const text = slmSpecText(file);
    const names = specNames(parseSpecText(text));
    test('has at least one named spec', () => assert.ok(names.length >= 1));
    for (const name of names) {
      test(`resolves ${name}`, () => {
        const { spec, warnings } = resolveSpec(text, { name });
        assert.equal(spec.name, name);
        assert.ok(Object.isFrozen(spec) && Object.isFrozen(spec.agent.net.optim_spec));
        // Every reference spec sets meta.max_session: a key with no meaning here, so a warning.
        assert.ok(warnings.some((w) => /meta\.max_session$/.test(w.path)));
      });
    }
  });
}

describe('resolved values of reference specs', () => {
  test('dqn_pong: conv rows, given values and defaults', () => {
    const { spec, warnings } = resolveSpec(slmSpecText('dqn_pong.json'));
    const net = spec.agent.net;
    assert.deepEqual(net.conv_hid_layers, [
      [32, 8, 4, 0, 1],
      [64, 4, 2, 0, 1],
      [64, 3, 1, 0, 1],
    ]);
    assert.deepEqual(net.fc_hid_layers, [256]);
    assert.equal(net.batch_norm, false);
    assert.equal(net.clip_grad_val, 10);
    assert.deepEqual(net.loss_spec, { name: 'SmoothL1Loss', beta: 1, reduction: 'mean' });
    assert.equal(net.optim_spec.name, 'AdamW');
    assert.equal(net.optim_spec.lr, 1e-4);
    assert.equal(net.optim_spec.weight_decay, 0.01);
    assert.deepEqual(net.optim_spec.betas, [0.9, 0.999]);
    assert.equal(net.optim_spec.eps, 1e-8);
    assert.equal(net.update_type, 'replace');
    assert.equal(net.update_frequency, 1000);
    assert.equal(net.polyak_coef, 0);
    assert.equal(net.out_layer_activation, null);
    assert.equal(net.lr_scheduler_spec, null);
    assert.equal(net.normalize, false);
    assert.equal(net.gpu, 'auto');
    assert.equal(net.cnn, null);
    assert.equal(net.aug, null);
    const algo = spec.agent.algorithm as DqnAlgorithmSpec;
    assert.equal(algo.name, 'DQN');
    assert.equal(algo.action_policy, 'epsilon_greedy');
    assert.deepEqual(algo.explore_var_spec, {
      name: 'linear_decay',
      start_val: 1,
      end_val: 0.01,
      start_step: 10000,
      end_step: 1000000,
    });
    assert.equal(algo.training_start_step, 10000);
    const mem = spec.agent.memory as ReplayMemorySpec;
    assert.deepEqual(mem, { name: 'Replay', batch_size: 32, max_size: 200000, use_cer: false });
    assert.deepEqual(spec.env, {
      name: 'ALE/Pong-v5',
      num_envs: 16,
      max_t: null,
      max_frame: 4e6,
      frame_op: null,
      frame_op_len: null,
      reward_scale: null,
    });
    assert.deepEqual(spec.meta, { eval_frequency: 10000, log_frequency: 10000, random_seed: null });
    assert.deepEqual(
      warnings.map((w) => w.path),
      ['meta.distributed', 'meta.max_session', 'meta.max_trial'],
    );
  });

  test('v4 files: one-element agent/env lists give [0] paths, gpu true is kept with a warning', () => {
    const { spec, warnings } = resolveSpec(slmSpecText('v4_dqn_pong.json'));
    assert.equal(spec.agent.net.gpu, true);
    assert.ok(warnings.some((w) => w.path === 'agent[0].net.gpu' && /chosen at run time/.test(w.message)));
    assert.ok(warnings.some((w) => w.path === 'body'));
    assert.equal(spec.env.reward_scale, 'sign');
  });

  test('ppo_atari: template env name kept with a warning; search and meta search keys warned', () => {
    const { spec, warnings } = resolveSpec(slmSpecText('ppo_atari.json'), { name: 'ppo_atari' });
    assert.equal(spec.env.name, '${env}');
    const paths = warnings.map((w) => w.path);
    for (const p of ['env.name', 'env.life_loss_info', 'search', 'meta.search_resources', 'meta.search_scheduler']) {
      assert.ok(paths.includes(p), p);
    }
    assert.match(warnings.find((w) => w.path === 'env.name')!.message, /--env/);
    const algo = spec.agent.algorithm as PpoAlgorithmSpec;
    assert.equal(algo.training_frequency, 128);
    assert.equal(algo.clip_vloss, true);
    assert.deepEqual(spec.agent.net.lr_scheduler_spec, { name: 'LinearToZero', frame: 1e7 });
    assert.equal(spec.agent.net.optim_spec.eps, 1e-5);
  });

  test('ppo_cartpole: the old clip_val_loss is read as clip_vloss with a warning', () => {
    const { spec, warnings } = resolveSpec(slmSpecText('ppo_cartpole.json'));
    assert.equal((spec.agent.algorithm as PpoAlgorithmSpec).clip_vloss, false);
    assert.ok(warnings.some((w) => w.path === 'agent.algorithm.clip_val_loss'));
    assert.equal(spec.agent.net.actor_optim_spec?.name, 'Adam');
    assert.equal(spec.agent.net.critic_optim_spec?.name, 'Adam');
  });

  test('v4_gridworld drqn: RecurrentNet settings', () => {
    const { spec } = resolveSpec(slmSpecText('v4_gridworld.json'), { name: 'drqn_boltzmann_gridworld' });
    const net = spec.agent.net;
    assert.equal(net.type, 'RecurrentNet');
    assert.equal(net.cell_type, 'GRU');
    assert.equal(net.rnn_hidden_size, 64);
    assert.equal(net.seq_len, 4);
    assert.equal(net.bidirectional, false);
    assert.deepEqual(net.conv_hid_layers, []);
    assert.deepEqual(net.lr_scheduler_spec, { name: 'StepLR', step_size: 500, gamma: 0.9 });
    assert.equal(spec.env.frame_op, 'concat');
    assert.equal(spec.env.frame_op_len, 4);
  });

  test('a2c_gae_cartpole: MLPNet batch_norm is ignored with a warning', () => {
    const { spec, warnings } = resolveSpec(slmSpecText('a2c_gae_cartpole.json'));
    assert.equal(spec.agent.net.batch_norm, false);
    assert.deepEqual(spec.agent.net.hid_layers, [64, 64]);
    assert.ok(warnings.some((w) => w.path === 'agent.net.batch_norm'));
  });
});
