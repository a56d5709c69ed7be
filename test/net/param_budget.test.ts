/**
 * The parameter cap (issue 10, item 14; src/net/param_budget.ts): counted from the resolved spec alone, before any net is
 * built. A seeded fuzz over net specs checks that the plan names exactly the weights buildNet
 * makes (or that both refuse the spec), and the cap guards createAlgorithm and Trainer.init.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAlgorithm } from '../../src/algorithm/registry';
import { selectBackend } from '../../src/backend/select_backend';
import { tf } from '../../src/backend/tf';
import { buildNet } from '../../src/net/net';
import { planNetWeights } from '../../src/net/weight_plan';
import { resolveSpec } from '../../src/spec/index';
import { checkParamBudget, DEFAULT_MAX_PARAMS } from '../../src/net/param_budget';
import { PixelpilotError, SpecError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { Trainer } from '../../src/worker/trainer';

const agent = (net: Record<string, unknown>): Record<string, unknown> => ({
  agent: {
    name: 'p',
    algorithm: { name: 'PPO', action_pdtype: 'default', action_policy: 'default', gamma: 0.99, lam: 0.95, clip_eps_spec: { name: 'no_decay', start_val: 0.2, end_val: 0.2, start_step: 0, end_step: 0 }, entropy_coef_spec: { name: 'no_decay', start_val: 0.01, end_val: 0.01, start_step: 0, end_step: 0 }, val_loss_coef: 0.5, time_horizon: 8, minibatch_size: 4, training_epoch: 1 },
    memory: { name: 'OnPolicyBatchReplay' },
    net,
  },
  env: { name: 'catch' },
});

const HUGE = { type: 'MLPNet', hid_layers: [65536, 65536], optim_spec: { name: 'Adam', lr: 0.001 } };

before(() => selectBackend({ gpu: 'cpu' }));

test('a 17 GB MLP is refused by createAlgorithm and Trainer.init before anything is allocated', async () => {
  const { spec } = resolveSpec(agent(HUGE));
  const start = tf.memory().numTensors;
  const ctx = { agent: spec.agent, obsShape: [4], obsDtype: 'float32' as const, actionSpace: { type: 'discrete' as const, n: 2 }, numEnvs: 1, frameStack: 1, rng: new Rng(0) };
  assert.throws(() => createAlgorithm(ctx), (e) => e instanceof SpecError && e.problems[0]!.path === 'agent.net' && /8,590,\d{3},\d{3} trainable parameters .*over the limit of 50,000,000/.test(e.message));
  const trainer = new Trainer();
  await assert.rejects(trainer.init({ spec: agent(HUGE), obsShape: [4], obsDtype: 'float32', actionSpace: { type: 'discrete', n: 2 }, numEnvs: 1, backend: 'cpu' }), (e) => e instanceof PixelpilotError && /over the limit of 50,000,000/.test(e.message));
  assert.equal(tf.memory().numTensors, start);
  // A cap given in the context applies instead of the default.
  assert.throws(() => createAlgorithm({ ...ctx, agent: resolveSpec(agent({ type: 'MLPNet', hid_layers: [8] })).spec.agent, maxParams: 10 }), /over the limit of 10 /);
});

test('the default cap is far above the reference nets', () => {
  const { spec } = resolveSpec(agent({ type: 'IMPALAishCNN', fc_hid_layers: [256], cnn_block_depths: [16, 32, 32] }));
  const plan = checkParamBudget(spec.agent, [84, 84, 4], { type: 'discrete', n: 18 });
  assert.ok(plan.params < DEFAULT_MAX_PARAMS / 10, `${plan.params}`);
});

/** A random net spec of every type, mostly small and valid, sometimes impossible. */
function randomNet(rng: Rng): Record<string, unknown> {
  const units = (): number[] => Array.from({ length: rng.int(3) }, () => 1 + rng.int(12));
  const row = (): unknown[] => {
    const padding = ['same', 'valid', rng.int(2), [rng.int(2), rng.int(2)]][rng.int(4)];
    return [1 + rng.int(6), 1 + rng.int(4), padding === 'same' ? 1 : 1 + rng.int(3), padding, 1 + rng.int(2)];
  };
  const type = ['MLPNet', 'ConvNet', 'RecurrentNet', 'NatureishCNN', 'IMPALAishCNN', 'DrQCNN', 'GridworldCNN'][rng.int(7)]!;
  const net: Record<string, unknown> = { type, optim_spec: { name: 'Adam', lr: 0.001 } };
  if (type === 'MLPNet') net.hid_layers = units();
  if (type === 'ConvNet') Object.assign(net, { conv_hid_layers: Array.from({ length: 1 + rng.int(3) }, row), fc_hid_layers: units(), batch_norm: rng.int(2) === 1 });
  if (type === 'RecurrentNet') {
    Object.assign(net, { fc_hid_layers: units(), rnn_hidden_size: 1 + rng.int(8), rnn_num_layers: 1 + rng.int(3), seq_len: 1 + rng.int(4), cell_type: ['GRU', 'LSTM', 'RNN'][rng.int(3)], bidirectional: rng.int(2) === 1 });
    if (rng.int(2)) net.conv_hid_layers = [row()];
  }
  if (type === 'NatureishCNN' || type === 'GridworldCNN') {
    const n = 1 + rng.int(3);
    Object.assign(net, { channels: Array.from({ length: n }, () => 1 + rng.int(8)), kernels: Array.from({ length: n }, () => 1 + rng.int(4)), strides: Array.from({ length: n }, () => 1 + rng.int(2)) });
  }
  if (type === 'IMPALAishCNN') Object.assign(net, { cnn_block_depths: Array.from({ length: 1 + rng.int(2) }, () => 4 * (1 + rng.int(3))), post_group_norm: rng.int(2) === 1 });
  if (rng.int(3) === 0) net.shared = true;
  return net;
}

test('fuzz: the plan names exactly the weights the built nets have, or both refuse the spec', { timeout: 300_000 }, async (t) => {
  const rng = new Rng(101);
  const counts = { specs: 0, unresolved: 0, planned: 0, refused: 0 };
  const start = tf.memory().numTensors;
  for (let i = 0; i < 400; i++) {
    counts.specs++;
    let spec;
    try {
      spec = resolveSpec(agent(randomNet(rng))).spec;
    } catch (e) {
      assert.ok(e instanceof SpecError);
      counts.unresolved++;
      continue;
    }
    const image = spec.agent.net.type !== 'MLPNet' && (spec.agent.net.type !== 'RecurrentNet' || rng.int(2) === 0);
    const obs = image ? [4 + rng.int(20), 4 + rng.int(20), 1 + rng.int(3)] : [1 + rng.int(6)];
    const outDims = [1 + rng.int(4), ...(rng.int(2) ? [1] : [])];
    let plan;
    let planError: unknown = null;
    try {
      plan = planNetWeights(spec.agent.net, obs, outDims);
    } catch (e) {
      planError = e;
    }
    let built;
    let buildError: unknown = null;
    try {
      built = buildNet(spec.agent.net, { inShape: obs, outDims, rng: new Rng(i) });
    } catch (e) {
      buildError = e;
    }
    if (built) {
      try {
        assert.equal(planError, null, `case ${i}: the plan refused a spec buildNet builds: ${(planError as Error)?.message}`);
        assert.deepEqual(
          plan!.weights.map((w) => [w.name, w.shape, w.kind]),
          [...built.parameters.map((p) => [p.name, p.variable.shape, 'parameter']), ...built.buffers.map((p) => [p.name, p.variable.shape, 'buffer'])],
          `case ${i}`,
        );
        assert.equal(plan!.params, built.paramCount());
      } finally {
        built.dispose();
      }
      counts.planned++;
    } else {
      assert.ok(buildError instanceof PixelpilotError, `case ${i}: buildNet threw ${(buildError as Error)?.message}`);
      assert.ok(planError instanceof PixelpilotError, `case ${i}: buildNet refused (${(buildError as Error).message}) but the plan did not`);
      counts.refused++;
    }
  }
  assert.equal(tf.memory().numTensors, start);
  t.diagnostic(`${counts.specs} fuzzed net specs: ${counts.unresolved} refused by the resolver, ${counts.planned} planned = built, ${counts.refused} refused by both plan and build`);
});
