/**
 * Learning from demonstrations end to end on the built-in `catch` env: 300 decisions recorded from
 * the catch heuristic, then pre-training alone (no RL step) gives >= 80% greedy catches, for the
 * DQN family (DQfD's losses) and for PPO (behaviour cloning). The policy-gradient family reports
 * its cloning loss and decaying strength while training; nothing leaks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Algorithm } from '../../src/algorithm/algorithm';
import { createAlgorithm } from '../../src/algorithm/registry';
import { runLoop } from '../../src/algorithm/run_loop';
import { selectBackend } from '../../src/backend/select_backend';
import { tf } from '../../src/backend/tf';
import { catchEnv } from '../../src/env/catch';
import { catchHeuristic } from '../../src/env/catch_heuristic';
import { EpisodeLog } from '../../src/env/wrappers/episode_stats';
import { makeVectorEnv, readEnvWrapperSpec } from '../../src/env/wrappers/from_spec';
import type { Demonstrations } from '../../src/memory/demonstrations';
import { resolveSpec } from '../../src/spec';
import { decodeDemoFile } from '../../src/store/demo_file';
import { recordEnvDemos } from '../../src/store/record_env_demos';
import { specInput } from '../../src/store/saved_spec';
import { ShapeError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';

const SHAPE = [10, 10, 1];

async function recorded(seed: number, decisions = 300): Promise<Demonstrations> {
  const bytes = await recordEnvDemos(catchEnv(), (o) => catchHeuristic(o as Uint8Array, SHAPE), { decisions, seed });
  return (await decodeDemoFile(bytes, 'recorded')).demonstrations;
}

function agent(spec: unknown, seed: number, numEnvs = 4): Algorithm {
  const { spec: s } = resolveSpec(spec);
  return createAlgorithm({ agent: s.agent, obsShape: SHAPE, obsDtype: 'uint8', actionSpace: { type: 'discrete', n: 3 }, numEnvs, frameStack: 1, rng: new Rng(seed) });
}

/** Greedy catch rate over `episodes` fresh episodes. */
async function catchRate(algorithm: Algorithm, episodes: number, seed: number): Promise<number> {
  const log = new EpisodeLog();
  const env = makeVectorEnv(() => catchEnv(), readEnvWrapperSpec({ num_envs: 4 }), log);
  await runLoop({ algorithm, env, log, episodes, explore: false, train: false, seed });
  return log.episodes.slice(0, episodes).filter((e) => e.return > 0).length / episodes;
}

const dqnSpec = (): Record<string, any> => specInput(resolveSpec(readFileSync(join(process.cwd(), 'demos/specs/dqn_catch.json'), 'utf8')).spec, 'dqn_catch.json');

/** PPO with the catch demo's ConvNet. */
const ppoSpec = (algorithm: Record<string, unknown> = {}): unknown => ({
  agent: {
    name: 'PPO',
    algorithm: { name: 'PPO', gamma: 0.95, lam: 0.95, time_horizon: 32, minibatch_size: 64, training_epoch: 2, clip_eps_spec: { name: 'no_decay', start_val: 0.2, end_val: 0.2, start_step: 0, end_step: 0 }, ...algorithm },
    memory: { name: 'OnPolicyBatchReplay' },
    net: { type: 'ConvNet', shared: true, conv_hid_layers: [[16, 3, 1, 1, 1], [16, 3, 2, 1, 1]], fc_hid_layers: [64], batch_norm: false, normalize: true, optim_spec: { name: 'Adam', lr: 0.001 } },
  },
  env: { name: 'catch', num_envs: 4 },
});

// Measured on wasm (200 episodes each): DoubleDQN 0.94 / 0.88, PPO 0.955 / 0.89 (seeds 1, 2).
test('pre-training alone on 300 recorded decisions gives >= 80% greedy catches: DoubleDQN (DQfD) and PPO (cloning), 2 seeds (wasm)', async (t) => {
  await selectBackend({ gpu: 'wasm' });
  const before = tf.memory().numTensors;
  for (const seed of [1, 2]) {
    const demos = await recorded(100 + seed);
    for (const [name, spec, steps] of [['DoubleDQN', dqnSpec(), 500], ['PPO', ppoSpec({ bc_batch_size: 64 }), 300]] as const) {
      const started = performance.now();
      const a = agent(spec, seed);
      try {
        a.useDemonstrations!(demos);
        const report = await a.pretrainOnDemonstrations!(steps);
        assert.equal(report.updates, name === 'PPO' ? steps : steps);
        const rate = await catchRate(a, 200, 9000 + seed);
        t.diagnostic(`${name} seed ${seed}: ${steps} pre-training steps, demo_loss ${report.extra['demo_loss']!.toFixed(3)}, greedy catch rate ${rate.toFixed(3)} over 200 episodes, ${((performance.now() - started) / 1000).toFixed(1)} s`);
        assert.ok(rate >= 0.8, `${name} seed ${seed}: greedy catch rate ${rate} after pre-training alone`);
      } finally {
        a.dispose();
      }
    }
  }
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
});

test('with demonstrations, training rounds report the imitation loss (and the cloning strength, decaying over bc_steps); without, they report neither', async () => {
  await selectBackend({ gpu: 'cpu' });
  const before = tf.memory().numTensors;
  const demos = await recorded(7, 60);
  const log = new EpisodeLog();
  const env = makeVectorEnv(() => catchEnv(), readEnvWrapperSpec({ num_envs: 4 }), log);
  for (const [spec, withDemos] of [[ppoSpec({ bc_steps: 256, bc_strength: 0.5, bc_batch_size: 16, training_epoch: 1, minibatch_size: 128 }), true], [ppoSpec({ training_epoch: 1, minibatch_size: 128 }), false]] as const) {
    const a = agent(spec, 3);
    const reports: { frame: number; extra: Record<string, number> }[] = [];
    try {
      if (withDemos) a.useDemonstrations!(demos);
      await runLoop({ algorithm: a, env, log, frames: 384, onTrain: (r, frame) => reports.push({ frame, extra: r.extra }) });
    } finally {
      a.dispose();
    }
    assert.equal(reports.length, 3);
    for (const r of reports) {
      // The round's strength is the one at its frame; a round at strength 0 adds no cloning term.
      const strength = 0.5 * Math.max(0, 1 - r.frame / 256);
      assert.equal('demo_loss' in r.extra, withDemos && strength > 0, `frame ${r.frame}`);
      if (withDemos) {
        assert.equal(r.extra['bc_strength'], strength);
      } else assert.equal('bc_strength' in r.extra, false);
    }
  }
  // DQfD's rounds report its parts and the share of demonstration rows.
  const d = agent({ ...dqnSpec(), agent: { ...dqnSpec().agent, algorithm: { ...dqnSpec().agent.algorithm, training_start_step: 32 } } }, 4);
  const extras: Record<string, number>[] = [];
  try {
    d.useDemonstrations!(demos);
    await runLoop({ algorithm: d, env, log, frames: 64, onTrain: (r) => extras.push(r.extra) });
  } finally {
    d.dispose();
  }
  assert.ok(extras.length > 0 && extras.every((x) => ['demo_loss', 'demo_nstep_loss', 'demo_td_loss', 'demo_share'].every((k) => Number.isFinite(x[k]))));
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
});

test('Reinforce and ActorCritic pre-train by cloning too; demonstrations of other spaces are ShapeErrors naming both', async () => {
  await selectBackend({ gpu: 'cpu' });
  const before = tf.memory().numTensors;
  const demos = await recorded(8, 40);
  const net = { type: 'MLPNet', hid_layers: [32], optim_spec: { name: 'Adam', lr: 0.003 } };
  for (const algorithm of [{ name: 'Reinforce', gamma: 0.95, training_frequency: 1 }, { name: 'ActorCritic', gamma: 0.95, lam: 0.9, training_frequency: 8 }]) {
    const a = agent({ agent: { algorithm, memory: { name: algorithm.name === 'Reinforce' ? 'OnPolicyReplay' : 'OnPolicyBatchReplay' }, net }, env: { name: 'catch' } }, 5);
    try {
      a.useDemonstrations!(demos);
      const first = await a.pretrainOnDemonstrations!(5);
      const later = await a.pretrainOnDemonstrations!(60);
      assert.ok(later.extra['demo_loss']! < first.extra['demo_loss']!, `${algorithm.name}: cloning loss ${first.extra['demo_loss']} -> ${later.extra['demo_loss']}`);
      assert.throws(() => a.useDemonstrations!({ ...demos, obsShape: [8, 8, 1] }), (e) => e instanceof ShapeError && /observe \[8, 8, 1\] uint8, 1 frame stacked, the agent \[10, 10, 1\] uint8/.test(e.message));
      assert.throws(() => a.useDemonstrations!({ ...demos, actionSpace: { type: 'discrete', n: 4 } }), (e) => e instanceof ShapeError && /act in \{"type":"discrete","n":4\}, the agent in \{"type":"discrete","n":3\}/.test(e.message));
    } finally {
      a.dispose();
    }
  }
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
});

test('recurrent nets learn from windows of demonstrated episodes: a GRU DQN (DQfD, PrioritizedReplay) and a GRU PPO pre-train and train on CartPole', async () => {
  await selectBackend({ gpu: 'cpu' });
  const before = tf.memory().numTensors;
  const { cartPoleV1 } = await import('../../src/env/cartpole');
  const demos = (await decodeDemoFile(await recordEnvDemos(cartPoleV1(), (o) => ((o as Float32Array)[2]! + (o as Float32Array)[3]! > 0 ? 1 : 0), { decisions: 200, seed: 3 }), 'cartpole')).demonstrations;
  const gru = { type: 'RecurrentNet', fc_hid_layers: [16], cell_type: 'GRU', rnn_hidden_size: 16, seq_len: 4, optim_spec: { name: 'Adam', lr: 0.01 } };
  const specs = [
    { agent: { algorithm: { name: 'DoubleDQN', explore_var_spec: { name: 'no_decay', start_val: 0.1 }, gamma: 0.99, training_frequency: 4, training_iter: 1, training_batch_iter: 1, training_start_step: 32, demo_nstep: 5 }, memory: { name: 'PrioritizedReplay', batch_size: 16, max_size: 500, alpha: 0.6, epsilon: 1e-4 }, net: { ...gru, update_frequency: 32 } }, env: { name: 'CartPole-v1' } },
    { agent: { algorithm: { name: 'PPO', gamma: 0.99, lam: 0.95, time_horizon: 32, minibatch_size: 32, training_epoch: 1, clip_eps_spec: { name: 'no_decay', start_val: 0.2 }, bc_batch_size: 16 }, memory: { name: 'OnPolicyBatchReplay' }, net: { ...gru, shared: true } }, env: { name: 'CartPole-v1' } },
  ];
  for (const spec of specs) {
    const { spec: s } = resolveSpec(spec);
    const log = new EpisodeLog();
    const env = makeVectorEnv(() => cartPoleV1(), readEnvWrapperSpec({ num_envs: 2 }), log);
    const a = createAlgorithm({ agent: s.agent, obsShape: [4], obsDtype: 'float32', actionSpace: { type: 'discrete', n: 2 }, numEnvs: 2, frameStack: 1, rng: new Rng(1) });
    try {
      a.useDemonstrations!(demos);
      const first = await a.pretrainOnDemonstrations!(5);
      const later = await a.pretrainOnDemonstrations!(60);
      assert.ok(later.extra['demo_loss']! < first.extra['demo_loss']!, `${s.agent.algorithm.name}: ${first.extra['demo_loss']} -> ${later.extra['demo_loss']}`);
      let rounds = 0;
      await runLoop({ algorithm: a, env, log, frames: 128, onTrain: (r) => void (rounds += Number.isFinite(r.extra['demo_loss']) ? 1 : 0) });
      assert.ok(rounds > 0);
    } finally {
      a.dispose();
    }
  }
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
});
