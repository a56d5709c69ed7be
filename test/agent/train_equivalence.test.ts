/**
 * One core, several drivers: for every algorithm family (VanillaDQN / DQN / DoubleDQN, MLP and
 * recurrent, Reinforce, ActorCritic, PPO, MLP and recurrent) with 1 and 3 players, training
 * through the Agent (its decision loop, a real Trainer behind comlink, so every array crosses a
 * structured clone) gives bit-identical weights to the Node run loop on the same envs with the
 * same seed, on cpu; so does the decision loop driving a Trainer directly (the same arrays, no
 * copies), and the run loop itself when every array it hands the algorithm is a copy (nothing may
 * depend on object identity). Frames count env steps over all
 * envs in both (SLM Lab's clock), so schedules and training cadences agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveAttachOptions } from '../../src/attach/attach_options';
import { createAgent } from '../../src/agent/create_agent';
import { DecisionLoop } from '../../src/attach/decision_loop';
import { vectorSource } from '../../src/attach/observation_source';
import type { ActionBatch, Algorithm, StepBatch } from '../../src/algorithm/algorithm';
import { createAlgorithm } from '../../src/algorithm/registry';
import { runLoop } from '../../src/algorithm/run_loop';
import { selectBackend } from '../../src/backend/select_backend';
import { tf } from '../../src/backend/tf';
import { EpisodeLog } from '../../src/env/wrappers/episode_stats';
import { makeVectorEnv, readEnvWrapperSpec } from '../../src/env/wrappers/from_spec';
import { resolveSpec } from '../../src/spec';
import { readPolicyArtifacts } from '../../src/store/policy_artifact';
import { decodePolicyFile } from '../../src/store/policy_file';
import { Rng } from '../../src/util/rng';
import { Trainer } from '../../src/worker/trainer';
import { FakeWorker } from '../worker/fake_worker';
import { FakeScene } from '../attach/fakes';
import { WALK_ACTIONS, WalkGame, walkEnv } from './walk_game';

const SEED = 11;
/** Episodes are cut after this many steps (env.max_t in the run loop, maxStep in attach). */
const MAX_T = 9;
/** Env steps per player in every run. */
const STEPS = 30;

const mlp = { type: 'MLPNet', hid_layers: [8], hid_layers_activation: 'tanh', loss_spec: { name: 'MSELoss' } };
const rnn = { type: 'RecurrentNet', fc_hid_layers: [6], hid_layers_activation: 'tanh', cell_type: 'GRU', rnn_hidden_size: 6, seq_len: 3, loss_spec: { name: 'MSELoss' } };
const decay = (start: number, end: number) => ({ name: 'linear_decay', start_val: start, end_val: end, start_step: 0, end_step: 60 });

function dqn(name: string, net: object) {
  return {
    algorithm: { name, action_policy: 'epsilon_greedy', explore_var_spec: decay(1, 0.1), gamma: 0.9, training_frequency: 4, training_iter: 1, training_batch_iter: 2, training_start_step: 10 },
    memory: { name: 'Replay', batch_size: 6, max_size: 200 },
    net: { ...net, optim_spec: { name: 'Adam', lr: 0.02 }, update_frequency: 7, update_type: 'replace' },
  };
}
const policyNet = (net: object) => ({ ...net, shared: false, use_same_optim: false, actor_optim_spec: { name: 'Adam', lr: 0.02 }, critic_optim_spec: { name: 'Adam', lr: 0.02 } });
const common = { action_pdtype: 'default', action_policy: 'default', explore_var_spec: null, gamma: 0.9 };

const FAMILIES: Record<string, object> = {
  VanillaDQN: dqn('VanillaDQN', mlp),
  DQN: dqn('DQN', mlp),
  DoubleDQN: dqn('DoubleDQN', mlp),
  'DQN recurrent': dqn('DQN', rnn),
  'DoubleDQN recurrent': dqn('DoubleDQN', rnn),
  Reinforce: {
    algorithm: { name: 'Reinforce', ...common, center_return: true, entropy_coef_spec: decay(0.02, 0.001), training_frequency: 1 },
    memory: { name: 'OnPolicyReplay' },
    net: { ...mlp, optim_spec: { name: 'Adam', lr: 0.02 } },
  },
  ActorCritic: {
    algorithm: { name: 'ActorCritic', ...common, lam: 0.9, num_step_returns: null, entropy_coef_spec: decay(0.02, 0.001), policy_loss_coef: 1, val_loss_coef: 0.5, training_frequency: 5 },
    memory: { name: 'OnPolicyBatchReplay' },
    net: policyNet(mlp),
  },
  PPO: {
    algorithm: { name: 'PPO', ...common, lam: 0.9, clip_eps_spec: decay(0.3, 0.1), entropy_coef_spec: decay(0.02, 0.001), val_loss_coef: 0.5, time_horizon: 5, minibatch_size: 4, training_epoch: 2 },
    memory: { name: 'OnPolicyBatchReplay' },
    net: policyNet(mlp),
  },
  'PPO recurrent': {
    algorithm: { name: 'PPO', ...common, lam: 0.9, clip_eps_spec: decay(0.3, 0.1), entropy_coef_spec: decay(0.02, 0.001), val_loss_coef: 0.5, time_horizon: 5, minibatch_size: 4, training_epoch: 2 },
    memory: { name: 'OnPolicyBatchReplay' },
    net: policyNet(rnn),
  },
};

const specOf = (family: string, players: number) => ({
  agent: { name: family.replace(' ', '_'), ...FAMILIES[family] },
  env: { name: 'walk', num_envs: players, max_t: MAX_T },
  meta: { random_seed: SEED },
});

type Weights = Map<string, Float32Array>;

/** Every net's parameters and buffers by `net/param` name. */
function algorithmWeights(algorithm: Algorithm): Weights {
  const out: Weights = new Map();
  for (const [name, net] of algorithm.nets) {
    for (const p of [...net.parameters, ...net.buffers]) out.set(`${name}/${p.name}`, p.variable.dataSync() as Float32Array);
  }
  return out;
}

/** An algorithm that hands the wrapped one a copy of every array it gets. */
function copying(inner: Algorithm): Algorithm {
  const copy = <T extends { slice(): T } | null | undefined>(a: T): T => (a == null ? a : a.slice());
  return {
    nets: inner.nets,
    act: (obs, options) => inner.act(obs.slice(), { ...options, actionMasks: copy(options.actionMasks) }),
    update: (s: StepBatch, frame) =>
      inner.update(
        {
          observations: s.observations.slice(),
          actions: s.actions.slice() as ActionBatch,
          rewards: s.rewards.slice(),
          nextObservations: s.nextObservations.slice(),
          terminated: s.terminated.slice(),
          truncated: s.truncated.slice(),
          actionMasks: copy(s.actionMasks),
          nextActionMasks: copy(s.nextActionMasks),
        },
        frame,
      ),
    resetEnv: (i) => inner.resetEnv(i),
    dispose: () => inner.dispose(),
  };
}

/** The Node run loop: `players` walker envs in a VectorEnv, STEPS steps each. */
async function runLoopWeights(family: string, players: number, copies: boolean): Promise<Weights> {
  const { spec } = resolveSpec(specOf(family, players));
  const log = new EpisodeLog();
  const env = makeVectorEnv(() => walkEnv(), readEnvWrapperSpec({ ...spec.env }), log);
  const algorithm = createAlgorithm({
    agent: spec.agent,
    obsShape: [3],
    obsDtype: 'float32',
    actionSpace: { type: 'discrete', n: 3 },
    numEnvs: players,
    frameStack: 1,
    rng: new Rng(SEED),
  });
  try {
    await runLoop({ algorithm: copies ? copying(algorithm) : algorithm, env, log, frames: STEPS * players });
    return algorithmWeights(algorithm);
  } finally {
    algorithm.dispose();
  }
}

/** Weights (no optimizer slots) of a policy file's bytes. */
async function policyWeights(bytes: Uint8Array): Promise<Weights> {
  const contents = await readPolicyArtifacts(decodePolicyFile(bytes, 'test'), 'test');
  const weights: Weights = new Map();
  for (const w of contents.manifest.weights) if (w.kind !== 'optimizer') weights.set(w.name, contents.weights.get(w.name)!);
  return weights;
}

/** The decision loop driving a Trainer directly (no worker: the arrays the loop makes are the ones the Trainer gets). */
async function directLoopWeights(family: string, players: number): Promise<Weights> {
  const trainer = new Trainer();
  await trainer.init({ spec: specOf(family, players), obsShape: [3], obsDtype: 'float32', actionSpace: { type: 'discrete', n: 3 }, numEnvs: players, seed: SEED, backend: 'cpu' });
  try {
    const game = new WalkGame(players);
    let frame = 0;
    const loop = new DecisionLoop(
      trainer,
      Array.from({ length: players }, (_, p) => vectorSource(game.observe, 3, p)),
      resolveAttachOptions({ observe: game.observe, act: game.act, reward: game.reward, done: game.done, maxStep: MAX_T }, 3),
      WALK_ACTIONS,
      { countSteps: (n) => (frame += n), onTrain: () => undefined, onEpisode: game.episodeEnded, onError: (e) => assert.fail(String(e)) },
    );
    while (loop.counters.observed < STEPS) {
      game.update();
      loop.tick();
      await loop.settled();
    }
    return await policyWeights(await trainer.exportPolicy({ training: true }));
  } finally {
    await trainer.dispose();
  }
}

/** The Agent attached to a scene of the walker game, one decision per frame, until STEPS steps per player were observed. */
async function agentWeights(family: string, players: number): Promise<{ weights: Weights; frame: number; trainRounds: number }> {
  const agent = await createAgent(specOf(family, players), { actions: WALK_ACTIONS, observation: { vector: 3 }, backend: 'cpu', worker: new FakeWorker(), seed: SEED, players });
  try {
    const game = new WalkGame(players);
    const scene = new FakeScene();
    const errors: Error[] = [];
    agent.on('error', (e) => errors.push(e));
    agent.on('episode', game.episodeEnded);
    const attachment = agent.attach(scene, { observe: game.observe, act: game.act, reward: game.reward, done: game.done, maxStep: MAX_T });
    for (let f = 0; attachment.counters.observed < STEPS; f++) {
      assert.ok(f < 10 * STEPS, 'the agent stopped observing steps');
      game.update();
      scene.frame();
      await attachment.settled();
    }
    assert.deepEqual(errors, []);
    assert.equal(game.steps, STEPS * players, 'every env step the game took was observed');
    const stats = await agent.stats();
    const weights = await policyWeights(await agent.trainer.exportPolicy({ training: true }));
    return { weights, frame: stats.frame, trainRounds: stats.trainRounds };
  } finally {
    await agent.dispose();
  }
}

function assertSame(actual: Weights, expected: Weights, what: string): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${what}: the same weights`);
  for (const [name, want] of expected) {
    const got = actual.get(name)!;
    const at = got.findIndex((v, i) => !Object.is(v, want[i]));
    assert.ok(at < 0, `${what}: ${name}[${at}] = ${got[at]}, run loop ${want[at]}`);
  }
}

test('setup: cpu backend', async () => {
  await selectBackend({ gpu: 'cpu' });
});

for (const family of Object.keys(FAMILIES)) {
  for (const players of [1, 3]) {
    test(`${family}, ${players} player${players > 1 ? 's' : ''}: the Agent's decision loop trains bit for bit like the run loop (and the run loop like itself on copies)`, async () => {
      const before = tf.memory().numTensors;
      const reference = await runLoopWeights(family, players, false);
      assertSame(await runLoopWeights(family, players, true), reference, 'run loop on copied arrays');
      const agent = await agentWeights(family, players);
      assert.ok(agent.trainRounds >= 2, `training rounds ran (${agent.trainRounds})`);
      assertSame(agent.weights, reference, 'agent (every array structured-cloned to the worker)');
      assertSame(await directLoopWeights(family, players), reference, 'decision loop driving a Trainer directly (no copies)');
      assert.equal(agent.frame, STEPS * players, 'the Trainer was told frames = env steps over all players');
      assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
    });
  }
}
