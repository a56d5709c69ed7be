/**
 * `pixelpilot train` and `pixelpilot eval` end to end (in-process, on wasm unless said): SLM Lab's
 * own cartpole specs train unchanged apart from frames; a policy saved by train plays in eval;
 * the same seed gives the same weights bit for bit on cpu; bad env modules and specs that do not
 * fit the env fail with errors naming the mismatch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../../src/backend/tf';
import { cli } from './run_cli';

const ROOT = join(__dirname, '..', '..', '..');
const SLM = join(ROOT, 'test', 'spec', 'fixtures', 'slm_specs');
const dir = mkdtempSync(join(tmpdir(), 'pixelpilot-train-'));

const SLM_CARTPOLE = [
  ['ppo_cartpole.json', 'ppo_cartpole', 3000],
  ['a2c_gae_cartpole.json', 'a2c_gae_cartpole', 3000],
  ['reinforce_cartpole.json', 'reinforce_cartpole', 3000],
  // SLM Lab's DQN trains 4 gradient steps per 4-env step: fewer frames keep the test short.
  ['dqn_cartpole.json', 'dqn_boltzmann_cartpole', 800],
] as const;

for (const [file, name, frames] of SLM_CARTPOLE) {
  test(`SLM Lab's ${name} trains through the CLI unchanged apart from its steps`, async () => {
    const before = tf.memory().numTensors;
    const r = await cli('train', join(SLM, file), '--name', name, '--steps', String(frames), '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(Object.keys(r.json).sort(), ['backend', 'episodes', 'return_mean_100', 'seconds', 'steps']);
    assert.equal(r.json.steps, frames);
    assert.equal(r.json.backend, 'wasm');
    assert.ok(r.json.episodes > 0 && r.json.return_mean_100 > 0);
    assert.equal(tf.memory().numTensors, before, 'train frees everything it made');
  });
}

test('a policy saved by train plays in eval: DoubleDQN on catch pixels catches >= 90%', async () => {
  const policy = join(dir, 'catch.ppol');
  const metrics = join(dir, 'catch.jsonl');
  const spec = join(ROOT, 'demos', 'specs', 'dqn_catch.json');
  // --frames, the old name of --steps, still works.
  const t = await cli('train', spec, '--frames', '6000', '--save', policy, '--metrics', metrics, '--json');
  assert.equal(t.code, 0, t.stderr);
  assert.equal(t.json.steps, 6000);
  const lines = readFileSync(metrics, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  // The spec logs every 2,000 steps; a run of 6,000 gets a line every 120 (at least 50 lines).
  assert.deepEqual(lines.map((l) => l.step), Array.from({ length: 50 }, (_, i) => 120 * (i + 1)));
  assert.ok(lines.every((l) => Number.isFinite(l.steps_per_s) && l.steps_per_s > 0));
  assert.ok(lines.slice(-10).every((l) => l.episodes > 0));
  assert.equal((await cli('train', spec, '--frames', '10', '--steps', '10')).code, 2, '--steps and its old name together');
  const e = await cli('eval', policy, '--env', 'catch', '--episodes', '100', '--json');
  assert.equal(e.code, 0, e.stderr);
  assert.equal(e.json.episodes, 100);
  // Catch returns are +1 or -1: a mean of 0.8 is 90% caught.
  assert.ok(e.json.return_mean >= 0.8, `eval return ${e.json.return_mean}`);
  assert.ok(e.json.return_std >= 0);

  const mismatch = await cli('eval', policy, '--env', 'CartPole-v1', '--json');
  assert.equal(mismatch.code, 1);
  assert.match(mismatch.stderr, /ShapeError: .*catch\.ppol: the policy observes \[10,10,1\] uint8, env "CartPole-v1" gives \[4\] float32/);
});

test('the same seed gives the same weights bit for bit on cpu', async () => {
  const spec = join(SLM, 'ppo_cartpole.json');
  const run = async (seed: string, out: string) => {
    const r = await cli('train', spec, '--steps', '1200', '--seed', seed, '--backend', 'cpu', '--save', out, '--json');
    assert.equal(r.code, 0, r.stderr);
    return { result: r.json, bytes: readFileSync(out) };
  };
  const a = await run('7', join(dir, 'a.ppol'));
  const b = await run('7', join(dir, 'b.ppol'));
  const c = await run('8', join(dir, 'c.ppol'));
  assert.equal(a.result.backend, 'cpu');
  assert.deepEqual({ ...a.result, seconds: 0 }, { ...b.result, seconds: 0 });
  // Bytes past the header (which holds the save time) are the weights.
  const weights = (x: Buffer) => x.subarray(12 + x.readUInt32LE(8));
  assert.ok(weights(a.bytes).equals(weights(b.bytes)), 'same seed, same weights');
  assert.ok(!weights(a.bytes).equals(weights(c.bytes)), 'another seed, other weights');
});

test('specs that do not fit the env, and broken env modules, fail naming the mismatch', async () => {
  const conv = join(dir, 'conv_on_cartpole.json');
  writeFileSync(
    conv,
    JSON.stringify({
      agent: {
        name: 'x',
        algorithm: { name: 'DQN', action_policy: 'epsilon_greedy', explore_var_spec: { name: 'no_decay', start_val: 0.1, end_val: 0.1, start_step: 0, end_step: 0 }, gamma: 0.9, training_frequency: 1, training_iter: 1, training_batch_iter: 1, training_start_step: 10 },
        memory: { name: 'Replay', batch_size: 8, max_size: 100 },
        net: { type: 'ConvNet', conv_hid_layers: [[8, 3, 1, 0, 1]], fc_hid_layers: [8] },
      },
      env: { name: 'CartPole-v1' },
    }),
  );
  const r = await cli('train', conv, '--steps', '10');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /does not fit env "CartPole-v1" \(observations \[4\] float32/);

  const fixtures = join(ROOT, 'test', 'env', 'fixtures');
  const spec = join(SLM, 'ppo_cartpole.json');
  const noDefault = await cli('train', spec, '--env', join(fixtures, 'no_default_env.mjs'), '--steps', '10');
  assert.equal(noDefault.code, 1);
  assert.match(noDefault.stderr, /EnvError: .*no_default_env\.mjs.* has no default export/);
  const throwing = await cli('train', spec, '--env', join(fixtures, 'throwing_step_env.mjs'), '--steps', '50');
  assert.equal(throwing.code, 1);
  assert.match(throwing.stderr, /EnvError: .*throwing_step_env.*step/);

  const template = await cli('train', join(SLM, 'ppo_atari.json'), '--name', 'ppo_atari', '--steps', '10');
  assert.equal(template.code, 1);
  assert.match(template.stderr, /env name is the template \$\{env\}: give the env with --env/);
  assert.equal((await cli('train', spec, '--steps', '0')).code, 2);
  // A missing policy file is a StorageError like every failed load (exit 1), not a usage error.
  assert.equal((await cli('eval', join(dir, 'missing.ppol'), '--env', 'catch')).code, 1);
});
