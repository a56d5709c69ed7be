/**
 * The training state in the policy artefact: optimizer slots of every optimizer kind round-trip
 * bit for bit through a policy file (and restore into a fresh optimizer), target nets are stored
 * as 'target' entries after the acting weights, the checksum covers every byte of every kind, and
 * a manifest without a training block reads as weights only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { buildNet, type Net } from '../../src/net/net';
import { resolveSpec } from '../../src/spec/index';
import { policyArtifacts, readPolicyArtifacts, savedOptimizerStates } from '../../src/store/policy_artifact';
import { decodePolicyFile, encodePolicyFile } from '../../src/store/policy_file';
import { POLICY_FORMAT_VERSION } from '../../src/store/policy_manifest';
import { loadPolicy } from '../../src/store/policy_store';
import { Adam } from '../../src/train/optimizers/adam';
import { AdamW } from '../../src/train/optimizers/adamw';
import type { Optimizer, OptimizerState } from '../../src/train/optimizers/optimizer';
import { RMSprop } from '../../src/train/optimizers/rmsprop';
import { SGD } from '../../src/train/optimizers/sgd';
import { StorageError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';

const { spec } = resolveSpec({
  agent: {
    name: 'a',
    algorithm: { name: 'DQN', action_policy: 'boltzmann', explore_var_spec: { name: 'no_decay', start_val: 1, end_val: 1, start_step: 0, end_step: 0 }, gamma: 0.9, training_frequency: 1, training_iter: 1, training_batch_iter: 1, training_start_step: 1 },
    memory: { name: 'Replay', batch_size: 2, max_size: 10 },
    net: { type: 'MLPNet', hid_layers: [6], batch_norm: false },
  },
  env: { name: 'cartpole' },
});

const KINDS: [string, (v: tf.Variable[]) => Optimizer][] = [
  ['Adam amsgrad', (v) => new Adam(v, { lr: 0.01, amsgrad: true })],
  ['AdamW', (v) => new AdamW(v, { lr: 0.01, weight_decay: 0.1 })],
  ['RMSprop centered momentum', (v) => new RMSprop(v, { lr: 0.01, momentum: 0.9, centered: true })],
  ['SGD momentum', (v) => new SGD(v, { lr: 0.05, momentum: 0.9 })],
  ['SGD plain (no slots)', (v) => new SGD(v, { lr: 0.05 })],
];

const net = (seed: number): Net => buildNet(spec.agent.net, { inShape: [4], outDims: [2], rng: new Rng(seed) });
const bitsOf = (s: OptimizerState): unknown => ({ ...s, slots: s.slots.map((x) => ({ ...x, data: Array.from(new Uint32Array(x.data.buffer, x.data.byteOffset, x.data.length)) })) });

for (const [kind, make] of KINDS) {
  test(`${kind}: optimizer state round-trips through a policy file and restores into a fresh optimizer`, async () => {
    const before = tf.memory().numTensors;
    const a = net(1);
    const target = net(2);
    const vars = a.parameters.map((p) => p.variable);
    const opt = make(vars);
    const rng = new Rng(3);
    for (let k = 0; k < 3; k++) {
      const grads = vars.map((v) => tf.tensor(Array.from({ length: v.size }, () => rng.normal()), v.shape));
      opt.step(grads);
      tf.dispose(grads);
    }
    const state = await opt.getState();
    const artifacts = await policyArtifacts({
      spec,
      observation: { shape: [4], dtype: 'float32', frameStack: 1 },
      actionSpace: { type: 'discrete', n: 2 },
      actionNames: ['a', 'b'],
      frames: 30,
      nets: new Map([['net', a]]),
      training: { algorithm: 'DQN', counters: { frame: 30 }, optimizers: [state], schedulers: [30], trainer: null, rng: rng.getState(), targetNets: new Map([['target_net', target]]) },
    });
    const contents = await readPolicyArtifacts(decodePolicyFile(encodePolicyFile(artifacts), 'p'), 'p');
    const m = contents.manifest;
    assert.equal(m.formatVersion, POLICY_FORMAT_VERSION);
    assert.equal(POLICY_FORMAT_VERSION, 3);
    assert.deepEqual(m.actionNames, ['a', 'b']);
    const order = m.weights.map((w) => w.kind);
    const nParams = a.parameters.length;
    assert.deepEqual(order, [...Array(nParams).fill('parameter'), ...Array(nParams).fill('target'), ...Array(state.slots.length).fill('optimizer')]);
    assert.deepEqual(m.training!.rng, rng.getState());
    const [saved] = savedOptimizerStates(contents);
    assert.deepEqual(bitsOf(saved!), bitsOf(state));

    const fresh = make(vars);
    fresh.setState(saved!);
    assert.deepEqual(bitsOf(await fresh.getState()), bitsOf(state));
    assert.equal(fresh.stepCount, 3);
    [opt, fresh].forEach((o) => o.dispose());
    a.dispose();
    target.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
}

test('the checksum covers the target and optimizer entries too', async () => {
  const a = net(1);
  const target = net(2);
  const opt = new Adam(a.parameters.map((p) => p.variable), { lr: 0.1 });
  const artifacts = await policyArtifacts({
    spec,
    observation: { shape: [4], dtype: 'float32', frameStack: 1 },
    actionSpace: { type: 'discrete', n: 2 },
    frames: 0,
    nets: new Map([['net', a]]),
    training: { algorithm: 'DQN', counters: { frame: 0 }, optimizers: [await opt.getState()], schedulers: [0], trainer: null, rng: null, targetNets: new Map([['target_net', target]]) },
  });
  const bytes = encodePolicyFile(artifacts);
  const weightBytes = (artifacts.weightData as ArrayBuffer).byteLength;
  const acting = a.paramCount() * 4;
  for (const at of [acting + 2, weightBytes - 1]) { // inside the target net; the last optimizer slot
    const bad = bytes.slice();
    bad[bytes.length - weightBytes + at]! ^= 1;
    await assert.rejects(readPolicyArtifacts(decodePolicyFile(bad, 'p'), 'p'), (e) => e instanceof StorageError && /checksum mismatch/.test(e.message));
  }
  opt.dispose();
  a.dispose();
  target.dispose();
});

test('a format-1 policy file (previous SDK) loads through the store as weights only', async () => {
  // Made by the format-1 SDK from fixtures/v1_tiny_dqn_catch.json: `pixelpilot train ... --frames 200 --seed 3 --backend cpu --save`.
  const contents = await loadPolicy('test/store/fixtures/v1_tiny_dqn_catch.ppol');
  const m = contents.manifest;
  assert.equal(m.formatVersion, 1);
  assert.equal(m.frames, 200);
  assert.equal(m.training, null);
  assert.equal(m.actionNames, null);
  assert.equal(m.observation.pipeline, null);
  assert.deepEqual([...new Set(m.weights.map((w) => w.kind))].sort(), ['parameter', 'target']);
  assert.deepEqual(savedOptimizerStates(contents), []);
  assert.equal(m.weights.filter((w) => w.kind === 'target').length, m.weights.filter((w) => w.kind === 'parameter').length);
});
