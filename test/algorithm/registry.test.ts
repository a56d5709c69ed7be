import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlgorithmContext } from '../../src/algorithm/algorithm';
import { ALGORITHMS, createAlgorithm } from '../../src/algorithm/registry';
import { selectBackend } from '../../src/backend/select_backend';
import { resolveSpec } from '../../src/spec';
import type { AlgorithmName, ResolvedAgentSpec } from '../../src/spec/types';
import { SpecError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { noLeak } from '../train/backends';

const net = { type: 'MLPNet', hid_layers: [8] };
const dqnAlgorithm = {
  explore_var_spec: { name: 'linear_decay', start_val: 1, end_val: 0.1, start_step: 0, end_step: 100 },
  gamma: 0.99,
  training_batch_iter: 1,
  training_iter: 1,
  training_frequency: 1,
  training_start_step: 8,
};
const replay = { name: 'Replay', batch_size: 4, max_size: 100 };
const onPolicy = { name: 'OnPolicyBatchReplay' };

/** A minimal agent section for each algorithm. */
const AGENTS: Record<AlgorithmName, Record<string, unknown>> = {
  VanillaDQN: { algorithm: { name: 'VanillaDQN', ...dqnAlgorithm }, memory: replay, net },
  DQN: { algorithm: { name: 'DQN', ...dqnAlgorithm }, memory: replay, net },
  DoubleDQN: { algorithm: { name: 'DoubleDQN', ...dqnAlgorithm }, memory: replay, net },
  Reinforce: { algorithm: { name: 'Reinforce', gamma: 0.99, training_frequency: 1 }, memory: { name: 'OnPolicyReplay' }, net },
  ActorCritic: { algorithm: { name: 'ActorCritic', gamma: 0.99, lam: 0.95, training_frequency: 8 }, memory: onPolicy, net },
  PPO: {
    algorithm: { name: 'PPO', gamma: 0.99, lam: 0.95, clip_eps_spec: { name: 'no_decay', start_val: 0.2 }, time_horizon: 8, training_epoch: 2, minibatch_size: 4 },
    memory: onPolicy,
    net,
  },
};

const agentOf = (name: AlgorithmName): ResolvedAgentSpec => resolveSpec({ agent: { name, ...AGENTS[name] }, env: { name: 'CartPole-v1' } }).spec.agent;

const context = (agent: ResolvedAgentSpec, actionSpace: AlgorithmContext['actionSpace'] = { type: 'discrete', n: 2 }): AlgorithmContext => ({
  agent,
  obsShape: [4],
  obsDtype: 'float32',
  actionSpace,
  numEnvs: 2,
  frameStack: 1,
  rng: new Rng(0),
});

test('ALGORITHMS holds exactly the six SLM Lab algorithms', () => {
  assert.deepEqual(Object.keys(ALGORITHMS).sort(), ['ActorCritic', 'DQN', 'DoubleDQN', 'PPO', 'Reinforce', 'VanillaDQN']);
});

test('createAlgorithm builds the class a spec names, which acts and frees its tensors', async () => {
  await selectBackend({ gpu: 'cpu' });
  for (const name of Object.keys(ALGORITHMS) as AlgorithmName[]) {
    await noLeak(async () => {
      const algorithm = createAlgorithm(context(agentOf(name)));
      assert.ok(algorithm instanceof ALGORITHMS[name], `${name} built as ${algorithm.constructor.name}`);
      assert.ok(algorithm.nets.has('net'), `${name} has a 'net'`);
      assert.equal(algorithm.nets.has('target_net'), name === 'DQN' || name === 'DoubleDQN', `${name} target_net`);
      const actions = await algorithm.act(new Float32Array(8), { explore: true });
      assert.equal(actions.length, 2, `${name}: one action per env`);
      algorithm.dispose();
    });
  }
});

test('an unknown name or a spec the action space cannot serve is a SpecError', async () => {
  await selectBackend({ gpu: 'cpu' });
  const agent = agentOf('DQN');
  const unknown = { ...agent, algorithm: { ...agent.algorithm, name: 'SARSA' } } as unknown as ResolvedAgentSpec;
  assert.throws(() => createAlgorithm(context(unknown)), (e: unknown) => e instanceof SpecError && /unknown algorithm "SARSA"/.test(e.message));
  await noLeak(() => {
    assert.throws(() => createAlgorithm(context(agent, { type: 'continuous', shape: [1], low: -1, high: 1 })), SpecError);
  });
});
