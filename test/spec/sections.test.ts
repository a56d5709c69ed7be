// The algorithm, memory, env and meta sections.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSpec } from '../../src/spec/index';
import type { ActorCriticAlgorithmSpec, PpoAlgorithmSpec, PrioritizedReplayMemorySpec, ReinforceAlgorithmSpec } from '../../src/spec/index';
import { dqnSpec, ppoSpec, problemAt, specError } from './spec_fixtures';

describe('algorithm', () => {
  test('PPO defaults: SLM Lab minibatch 4, coefficients 1, no entropy, training every time_horizon', () => {
    const raw = ppoSpec();
    delete raw.agent.algorithm.minibatch_size;
    const a = resolveSpec(raw).spec.agent.algorithm as PpoAlgorithmSpec;
    assert.equal(a.minibatch_size, 4);
    assert.equal(a.val_loss_coef, 1);
    assert.equal(a.policy_loss_coef, 1);
    assert.equal(a.entropy_coef_spec, null);
    assert.equal(a.action_pdtype, 'default');
    assert.equal(a.action_policy, 'default');
    assert.equal(a.training_frequency, 32);
    assert.equal(a.clip_vloss, false);
    assert.deepEqual(a.clip_eps_spec, { name: 'no_decay', start_val: 0.2, end_val: 0.2, start_step: 0, end_step: 0 });
  });

  test('DQN defaults: Argmax with epsilon_greedy, which needs explore_var_spec', () => {
    const raw = dqnSpec();
    const a = resolveSpec(raw).spec.agent.algorithm;
    assert.deepEqual([a.action_pdtype, a.action_policy], ['Argmax', 'epsilon_greedy']);
    delete raw.agent.algorithm.explore_var_spec;
    assert.equal(problemAt(specError(raw), 'agent.algorithm.explore_var_spec'), "is required with action_policy 'epsilon_greedy'");
  });

  test('epsilon must stay in [0, 1]; decaying schedules need end_step > start_step', () => {
    const raw = dqnSpec();
    raw.agent.algorithm.explore_var_spec = { name: 'linear_decay', start_val: 3, end_val: 0.1, start_step: 10, end_step: 10 };
    const e = specError(raw);
    assert.equal(problemAt(e, 'agent.algorithm.explore_var_spec.start_val'), 'must be in [0, 1] (got 3)');
    assert.equal(problemAt(e, 'agent.algorithm.explore_var_spec.end_step'), 'must be > start_step for linear_decay (got 10 <= 10)');
  });

  test('boltzmann tau may exceed 1 but must be positive', () => {
    const raw = dqnSpec();
    raw.agent.algorithm.action_policy = 'boltzmann';
    raw.agent.algorithm.explore_var_spec = { name: 'rate_decay', start_val: 5, end_val: 0, end_step: 100 };
    assert.equal(problemAt(specError(raw), 'agent.algorithm.explore_var_spec.end_val'), 'must be > 0 (got 0)');
  });

  test('algorithm names: unknown suggests, unsupported explains, keys of other algorithms are named', () => {
    const raw = dqnSpec();
    raw.agent.algorithm.name = 'DoubleDQM';
    assert.match(problemAt(specError(raw), 'agent.algorithm.name'), /did you mean 'DoubleDQN'/);
    raw.agent.algorithm.name = 'SAC';
    assert.match(problemAt(specError(raw), 'agent.algorithm.name'), /algorithm 'SAC' is not supported/);
    const p = ppoSpec();
    p.agent.algorithm.training_iter = 3;
    assert.equal(problemAt(specError(p), 'agent.algorithm.training_iter'), 'training_iter is not a key of PPO');
  });

  test('gamma is required and in [0, 1]', () => {
    const raw = ppoSpec();
    delete raw.agent.algorithm.gamma;
    assert.equal(problemAt(specError(raw), 'agent.algorithm.gamma'), 'is required');
  });

  test('ActorCritic: lam and num_step_returns; both set warns', () => {
    const raw = ppoSpec();
    raw.agent.algorithm = { name: 'ActorCritic', gamma: 0.9, lam: 0.9, num_step_returns: 5, training_frequency: 8 };
    const { spec, warnings } = resolveSpec(raw);
    const a = spec.agent.algorithm as ActorCriticAlgorithmSpec;
    assert.deepEqual([a.lam, a.num_step_returns], [0.9, 5]);
    assert.ok(warnings.some((w) => w.path === 'agent.algorithm.num_step_returns'));
  });

  test('Reinforce: center_return default and entropy schedule', () => {
    const raw = ppoSpec();
    raw.agent.algorithm = {
      name: 'Reinforce',
      gamma: 0.99,
      training_frequency: 1,
      entropy_coef_spec: { name: 'linear_decay', start_val: 0.01, end_val: 0, start_step: 0, end_step: 100 },
    };
    const a = resolveSpec(raw).spec.agent.algorithm as ReinforceAlgorithmSpec;
    assert.equal(a.center_return, false);
    assert.equal(a.entropy_coef_spec?.end_step, 100);
  });

  test('PPO needs clip_eps_spec; clip_vloss and its old name together are an error', () => {
    const raw = ppoSpec();
    delete raw.agent.algorithm.clip_eps_spec;
    raw.agent.algorithm.clip_vloss = true;
    raw.agent.algorithm.clip_val_loss = true;
    const e = specError(raw);
    assert.equal(problemAt(e, 'agent.algorithm.clip_eps_spec'), 'is required for PPO');
    assert.match(problemAt(e, 'agent.algorithm.clip_val_loss'), /give clip_vloss only/);
  });
});

describe('memory', () => {
  test('PrioritizedReplay needs alpha and epsilon; Replay rejects them', () => {
    const raw = dqnSpec();
    raw.agent.memory = { name: 'PrioritizedReplay', batch_size: 32, max_size: 1000, alpha: 0.6, epsilon: 1e-4 };
    const m = resolveSpec(raw).spec.agent.memory as PrioritizedReplayMemorySpec;
    assert.deepEqual(m, { name: 'PrioritizedReplay', batch_size: 32, max_size: 1000, use_cer: false, alpha: 0.6, epsilon: 1e-4, beta_start: 0.4, beta_anneal_steps: 1_000_000 });
    raw.agent.memory = { name: 'Replay', batch_size: 32, max_size: 1000, alpha: 0.6 };
    assert.match(problemAt(specError(raw), 'agent.memory.alpha'), /PrioritizedReplay key/);
  });

  test('on-policy memories warn about replay keys; batch_size and max_size are required for replay', () => {
    const raw = ppoSpec();
    raw.agent.memory.batch_size = 32;
    assert.ok(resolveSpec(raw).warnings.some((w) => w.path === 'agent.memory.batch_size'));
    const d = dqnSpec();
    d.agent.memory = { name: 'Replay' };
    const e = specError(d);
    assert.equal(problemAt(e, 'agent.memory.batch_size'), 'is required');
    assert.equal(problemAt(e, 'agent.memory.max_size'), 'is required');
  });

  test('unsupported SLM Lab memories say what to use', () => {
    const raw = dqnSpec();
    raw.agent.memory.name = 'AtariReplay';
    assert.match(problemAt(specError(raw), 'agent.memory.name'), /memory 'AtariReplay' is not supported: use 'Replay'/);
  });
});

describe('env and meta', () => {
  test('env defaults', () => {
    const raw = ppoSpec();
    raw.env = { name: 'CartPole-v1' };
    delete raw.meta;
    const { spec } = resolveSpec(raw);
    assert.deepEqual(spec.env, {
      name: 'CartPole-v1',
      num_envs: 1,
      max_t: null,
      max_frame: null,
      frame_op: null,
      frame_op_len: null,
      reward_scale: null,
    });
    assert.deepEqual(spec.meta, { eval_frequency: 10000, log_frequency: 10000, random_seed: null });
  });

  test('frame_op needs frame_op_len; reward_scale is a factor, "sign" or null', () => {
    const raw = ppoSpec();
    raw.agent.algorithm.minibatch_size = 4;
    raw.env = { name: 'x', frame_op: 'concat', reward_scale: 'clip' };
    const e = specError(raw);
    assert.equal(problemAt(e, 'env.frame_op_len'), "is required with frame_op 'concat'");
    assert.equal(problemAt(e, 'env.reward_scale'), 'must be a positive number, "sign" or null (got "clip")');
  });

  test('template env names are kept with a warning', () => {
    const raw = ppoSpec();
    raw.env.name = '${env}';
    const { spec, warnings } = resolveSpec(raw);
    assert.equal(spec.env.name, '${env}');
    assert.match(warnings.find((w) => w.path === 'env.name')!.message, /template variable/);
  });

  test('meta: log_frequency follows eval_frequency; random_seed checked', () => {
    const raw = ppoSpec();
    raw.meta = { eval_frequency: 500, random_seed: 7 };
    assert.deepEqual(resolveSpec(raw).spec.meta, { eval_frequency: 500, log_frequency: 500, random_seed: 7 });
    raw.meta = { random_seed: -1 };
    assert.match(problemAt(specError(raw), 'meta.random_seed'), /non-negative integer/);
  });
});

test('PrioritizedReplay takes the importance-sampling beta keys; Replay rejects them as misplaced', () => {
  const agent = (memory: object) => ({
    agent: {
      name: 'a',
      algorithm: { name: 'DoubleDQN', action_policy: 'epsilon_greedy', explore_var_spec: { name: 'no_decay', start_val: 0.1 }, gamma: 0.99, training_frequency: 1, training_iter: 1, training_batch_iter: 1, training_start_step: 1 },
      memory,
      net: { type: 'MLPNet', hid_layers: [8] },
    },
    env: { name: 'CartPole-v1' },
  });
  const per = resolveSpec(agent({ name: 'PrioritizedReplay', alpha: 0.6, epsilon: 1e-4, batch_size: 4, max_size: 100, beta_start: 0.5, beta_anneal_steps: 2000 })).spec.agent.memory;
  assert.deepEqual({ ...per }, { name: 'PrioritizedReplay', batch_size: 4, max_size: 100, use_cer: false, alpha: 0.6, epsilon: 1e-4, beta_start: 0.5, beta_anneal_steps: 2000 });
  const defaults = resolveSpec(agent({ name: 'PrioritizedReplay', alpha: 0.6, epsilon: 1e-4, batch_size: 4, max_size: 100 })).spec.agent.memory;
  assert.equal((defaults as { beta_start: number }).beta_start, 0.4);
  assert.throws(() => resolveSpec(agent({ name: 'Replay', batch_size: 4, max_size: 100, beta_start: 0.5 })), /agent\.memory\.beta_start: beta_start is a PrioritizedReplay key/);
  assert.throws(() => resolveSpec(agent({ name: 'PrioritizedReplay', alpha: 0.6, epsilon: 1e-4, batch_size: 4, max_size: 100, beta_start: 2 })), /agent\.memory\.beta_start/);
});

test('a polyak target with coefficient 0 loads with a warning that it never moves', () => {
  const base = resolveSpec(JSON.stringify({
    agent: {
      name: 'a',
      algorithm: { name: 'DQN', action_policy: 'epsilon_greedy', explore_var_spec: { name: 'no_decay', start_val: 0.1 }, gamma: 0.99, training_frequency: 1, training_iter: 1, training_batch_iter: 1, training_start_step: 1 },
      memory: { name: 'Replay', batch_size: 4, max_size: 100 },
      net: { type: 'MLPNet', hid_layers: [8], update_type: 'polyak', polyak_coef: 0 },
    },
    env: { name: 'CartPole-v1' },
  }));
  assert.ok(base.warnings.some((w) => w.path === 'agent.net.polyak_coef' && /never moves/.test(w.message)));
});
