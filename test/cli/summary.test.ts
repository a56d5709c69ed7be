import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../../src/backend/tf';
import { cli } from './run_cli';

const dir = mkdtempSync(join(tmpdir(), 'pixelpilot-summary-'));
function specFile(name: string, net: object, extra: object = {}): string {
  const spec = {
    [name]: {
      agent: {
        name: 'DQN',
        algorithm: { name: 'DQN', explore_var_spec: { name: 'linear_decay', start_val: 1, end_val: 0.1, start_step: 0, end_step: 1000 }, gamma: 0.99, training_frequency: 4, training_iter: 1, training_batch_iter: 1, training_start_step: 32 },
        memory: { name: 'Replay', batch_size: 32, max_size: 1000 },
        net,
      },
      env: { name: 'my-game' },
      ...extra,
    },
  };
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(spec, null, 1));
  return path;
}

// The four reference cases of ../shared/reference/pytorch-parity.md (counts measured in PyTorch).
const CASES = [
  {
    name: 'seed_convnet_84x84x4',
    obs: '84x84x4',
    actions: 6,
    params: 865_926,
    net: { type: 'ConvNet', conv_hid_layers: [[32, 8, 4, 0, 1], [64, 4, 2, 0, 1], [32, 3, 1, 0, 1]], fc_hid_layers: [512], hid_layers_activation: 'relu', batch_norm: false },
  },
  {
    name: 'seed_recurrent_vec8',
    obs: '8',
    actions: 4,
    params: 72_708,
    net: { type: 'RecurrentNet', cell_type: 'GRU', fc_hid_layers: [256, 128], hid_layers_activation: 'relu', rnn_hidden_size: 64, rnn_num_layers: 1, bidirectional: false, seq_len: 4 },
  },
  { name: 'natureish_84x84x4', obs: '84x84x4', actions: 6, params: 1_687_206, net: { type: 'NatureishCNN', fc_hid_layers: [512], hid_layers_activation: 'relu' } },
  {
    name: 'slm_convnet_batchnorm_default',
    obs: '84x84x1',
    actions: 3,
    params: 143_747,
    net: { type: 'ConvNet', conv_hid_layers: [[16, 5, 2, 0, 1], [32, 3, 1, 0, 1]], fc_hid_layers: [], hid_layers_activation: 'relu' },
  },
];

for (const c of CASES) {
  test(`summary --json of ${c.name} reports PyTorch's parameter count`, async () => {
    const before = tf.memory().numTensors;
    const path = specFile(c.name, c.net);
    const { code, stdout, stderr } = await cli('summary', path, '--obs', c.obs, '--actions', String(c.actions), '--json');
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout.at(-1)!);
    assert.equal(result.params, c.params);
    assert.deepEqual(result.nets, [{ name: 'net', params: c.params, out_shapes: [[1, c.actions]] }]);
    assert.equal(tf.memory().numTensors, before, 'summary frees its nets');
  });
}

test('summary prints a layer table for people, with the total', async () => {
  const path = specFile('table', CASES[0]!.net);
  const { code, stdout } = await cli('summary', path, '--obs', '84x84x4', '--actions', '6');
  assert.equal(code, 0);
  const text = stdout.join('\n');
  assert.match(text, /Conv2d/);
  assert.match(text, /Linear/);
  assert.match(text, /865,926/);
});

test('a shared actor-critic net gets a value head; separate nets are listed apart', async () => {
  const base = { type: 'MLPNet', hid_layers: [64], hid_layers_activation: 'tanh' };
  const agent = (shared: boolean): object => ({
    name: 'PPO',
    algorithm: { name: 'PPO', gamma: 0.99, lam: 0.95, time_horizon: 128, minibatch_size: 64, training_epoch: 4, clip_eps_spec: { name: 'no_decay', start_val: 0.2, end_val: 0.2, start_step: 0, end_step: 0 } },
    memory: { name: 'OnPolicyBatchReplay' },
    net: { ...base, shared },
  });
  for (const shared of [true, false]) {
    const path = join(dir, `ppo_${shared}.json`);
    writeFileSync(path, JSON.stringify({ agent: agent(shared), env: { name: 'CartPole-v1' } }));
    const { code, stdout } = await cli('summary', path, '--json');
    assert.equal(code, 0);
    const result = JSON.parse(stdout.at(-1)!);
    // CartPole-v1 is built in: obs 4, 2 actions. Trunk 4*64+64 = 320.
    if (shared) assert.deepEqual(result.nets, [{ name: 'net', params: 320 + 130 + 65, out_shapes: [[1, 2], [1, 1]] }]);
    else {
      assert.deepEqual(result.nets, [
        { name: 'net', params: 320 + 130, out_shapes: [[1, 2]] },
        { name: 'critic_net', params: 320 + 65, out_shapes: [[1, 1]] },
      ]);
    }
  }
});

test('a real SLM Lab file with several specs needs --name and works with it', async () => {
  const file = join(__dirname, '..', '..', '..', 'test', 'spec', 'fixtures', 'slm_specs', 'dqn_cartpole.json');
  const without = await cli('summary', file, '--json');
  assert.equal(without.code, 1);
  assert.match(without.stderr, /SpecError: .*\n.*choose one by name: .*"dqn_boltzmann_cartpole"/);
  const withName = await cli('summary', file, '--name', 'dqn_boltzmann_cartpole', '--json');
  assert.equal(withName.code, 0, withName.stderr);
  assert.ok(JSON.parse(withName.stdout.at(-1)!).params > 0);
});

test('bad input exits non-zero with the typed error text and no stack trace', async () => {
  const missing = await cli('summary', join(dir, 'nope.json'));
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(missing.stderr, /cannot read spec file .*nope\.json.*no such file/);

  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{ "agent": { "name": ');
  const parse = await cli('summary', broken, '--obs', '4', '--actions', '2');
  assert.equal(parse.code, 1);
  assert.match(parse.stderr, /^SpecError: .*\n.*line \d+, column \d+/);

  const invalid = specFile('invalid', { type: 'ConvNet', conv_hid_layers: [[32, 8, 4, 0, 1], [64, 4, 0, 0, 1]], fc_hid_layers: [64] });
  const bad = await cli('summary', invalid, '--obs', '84x84x4', '--actions', '6');
  assert.equal(bad.code, 1);
  const text = bad.stderr;
  assert.match(text, /conv_hid_layers\[1\]\[2\]: stride must be a positive integer \(got 0\)/);
  assert.doesNotMatch(text, /\n\s+at /, 'no stack trace');

  const noObs = await cli('summary', specFile('noobs', CASES[0]!.net), '--actions', '6');
  assert.equal(noObs.code, 2);
  assert.match(noObs.stderr, /--obs is required: env "my-game" is not a built-in env/);

  const unknownFlag = await cli('summary', specFile('flag', CASES[0]!.net), '--bogus');
  assert.equal(unknownFlag.code, 2);
  assert.equal((await cli('frobnicate')).code, 2);
});
