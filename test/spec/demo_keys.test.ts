/**
 * The demonstration keys of agent.algorithm: filled with DEMO_DEFAULTS where absent, checked
 * where given (every problem at its JSON path), and a key of the other family is an error naming
 * the family's own keys.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSpec } from '../../src/spec';
import { DEMO_DEFAULTS } from '../../src/spec/defaults';
import { SpecError } from '../../src/util/errors';

const dqn = (extra: Record<string, unknown> = {}) => ({
  agent: {
    algorithm: { name: 'DoubleDQN', explore_var_spec: { name: 'no_decay', start_val: 0.1 }, gamma: 0.9, training_frequency: 1, training_iter: 1, training_batch_iter: 1, training_start_step: 0, ...extra },
    memory: { name: 'Replay', batch_size: 4, max_size: 100 },
    net: { type: 'MLPNet', hid_layers: [8] },
  },
  env: { name: 'catch' },
});
const ppo = (extra: Record<string, unknown> = {}) => ({
  agent: {
    algorithm: { name: 'PPO', gamma: 0.9, time_horizon: 8, training_epoch: 1, clip_eps_spec: { name: 'no_decay', start_val: 0.2 }, ...extra },
    memory: { name: 'OnPolicyBatchReplay' },
    net: { type: 'MLPNet', hid_layers: [8] },
  },
  env: { name: 'catch' },
});

test('absent demonstration keys resolve to DEMO_DEFAULTS (DQfD\'s for the DQN family, cloning\'s for policy nets)', () => {
  const a = resolveSpec(dqn()).spec.agent.algorithm as unknown as Record<string, unknown>;
  for (const k of ['demo_pretrain_steps', 'demo_nstep', 'demo_nstep_coef', 'demo_margin', 'demo_margin_coef', 'demo_l2_coef', 'demo_priority_bonus'] as const) assert.equal(a[k], DEMO_DEFAULTS[k], k);
  assert.equal('bc_strength' in a, false);
  const p = resolveSpec(ppo({ bc_strength: 0.25, bc_steps: 0 })).spec.agent.algorithm as unknown as Record<string, unknown>;
  assert.deepEqual([p.demo_pretrain_steps, p.bc_strength, p.bc_steps, p.bc_batch_size], [1000, 0.25, 0, 64]);
  assert.equal('demo_margin' in p, false);
  assert.deepEqual([DEMO_DEFAULTS.demo_nstep, DEMO_DEFAULTS.demo_margin, DEMO_DEFAULTS.demo_l2_coef], [10, 0.8, 1e-5]);
});

test('bad values, typos and keys of the other family fail at once with their JSON paths', () => {
  assert.throws(() => resolveSpec(dqn({ demo_margin: -1, demo_nstep: 0, demo_nstpe_coef: 1, bc_strength: 1 })), (e) => {
    assert.ok(e instanceof SpecError);
    const lines = e.problems.map((p) => `${p.path}: ${p.message}`);
    assert.ok(lines.some((l) => /^agent\.algorithm\.demo_margin: must be >= 0/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^agent\.algorithm\.demo_nstep: must be a positive integer/.test(l)));
    assert.ok(lines.some((l) => /^agent\.algorithm\.demo_nstpe_coef: unknown key \(did you mean 'demo_nstep_coef'\?\)/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^agent\.algorithm\.bc_strength: bc_strength is a behaviour-cloning key of the policy-gradient family; DoubleDQN learns from demonstrations by DQfD/.test(l)));
    return true;
  });
  assert.throws(() => resolveSpec(ppo({ demo_margin: 0.8, bc_batch_size: 0 })), (e) => {
    assert.ok(e instanceof SpecError);
    const lines = e.problems.map((p) => `${p.path}: ${p.message}`);
    assert.ok(lines.some((l) => /^agent\.algorithm\.demo_margin: demo_margin is a DQfD key of the DQN family; PPO learns from demonstrations by behaviour cloning/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^agent\.algorithm\.bc_batch_size: must be a positive integer/.test(l)));
    return true;
  });
});
