/**
 * Helpers of the play tests: algorithms built as training builds them, their weights moved away
 * from the seeded init, and saved as policy files. Not a test file itself (no `.test.ts`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Algorithm, AlgorithmContext } from '../../src/algorithm/algorithm';
import { createAlgorithm } from '../../src/algorithm/registry';
import { tf } from '../../src/backend/tf';
import type { ActionSpace } from '../../src/env/env';
import { resolveSpec } from '../../src/spec';
import type { ResolvedSpec } from '../../src/spec/types';
import { policyArtifacts } from '../../src/store/policy_artifact';
import { encodePolicyFile } from '../../src/store/policy_file';
import { Rng } from '../../src/util/rng';

/** A spec file (relative to the repo root), resolved. */
export function specFile(path: string, name?: string): ResolvedSpec {
  return resolveSpec(readFileSync(join(process.cwd(), path), 'utf8'), name === undefined ? {} : { name }).spec;
}

/** A raw agent section resolved (env name is irrelevant to the nets). */
export function specOf(agent: Record<string, unknown>): ResolvedSpec {
  return resolveSpec({ agent, env: { name: 'CartPole-v1' } }).spec;
}

/** One test case: a spec and the spaces it acts in. */
export interface PolicyCase {
  title: string;
  spec: ResolvedSpec;
  obsShape: number[];
  obsDtype: 'uint8' | 'float32';
  frameStack?: number;
  actionSpace: ActionSpace;
}

/** The algorithm a training run would build for the case (one env), seeded. */
export function algorithmFor(c: PolicyCase, seed = 7): { algorithm: Algorithm; context: AlgorithmContext } {
  const context: AlgorithmContext = {
    agent: c.spec.agent,
    obsShape: [...c.obsShape],
    obsDtype: c.obsDtype,
    actionSpace: c.actionSpace,
    numEnvs: 1,
    frameStack: c.frameStack ?? 1,
    rng: new Rng(seed),
  };
  return { algorithm: createAlgorithm(context), context };
}

/**
 * Moves every weight and buffer of the algorithm's nets to random values (BatchNorm running
 * variances stay positive), so a bot that failed to load a weight would act differently.
 */
export function scramble(algorithm: Algorithm, seed: number): void {
  const rng = new Rng(seed);
  for (const net of algorithm.nets.values()) {
    for (const p of [...net.parameters, ...net.buffers]) {
      const values = Float32Array.from({ length: p.variable.size }, () => 0.3 * rng.normal());
      if (p.name.endsWith('running_var')) for (let i = 0; i < values.length; i++) values[i] = 0.5 + Math.abs(values[i]!);
      tf.tidy(() => p.variable.assign(tf.tensor(values, p.variable.shape, 'float32')));
    }
  }
}

/** The algorithm's acting nets saved as a policy file (a target net is training state, not saved here). */
export async function policyFile(c: PolicyCase, algorithm: Algorithm, actionNames?: readonly string[]): Promise<Uint8Array> {
  const nets = new Map([...algorithm.nets].filter(([name]) => name !== 'target_net'));
  const artifacts = await policyArtifacts({
    spec: c.spec,
    observation: { shape: [...c.obsShape], dtype: c.obsDtype, frameStack: c.frameStack ?? 1 },
    actionSpace: c.actionSpace,
    ...(actionNames ? { actionNames } : {}),
    frames: 0,
    nets,
  });
  return encodePolicyFile(artifacts);
}

/** A random observation of the case's kind. */
export function randomObservation(c: Pick<PolicyCase, 'obsShape' | 'obsDtype'>, rng: Rng): Uint8Array | Float32Array {
  const size = c.obsShape.reduce((a, b) => a * b, 1);
  return c.obsDtype === 'uint8' ? Uint8Array.from({ length: size }, () => rng.int(256)) : Float32Array.from({ length: size }, () => rng.normal());
}

/** The small DQN ConvNet with BatchNorm (buffers in the file) of the store tests, on 7x7x2 pixels (2 frames). */
export const BATCH_NORM_DQN: PolicyCase = {
  title: 'DQN ConvNet with BatchNorm, 2 stacked frames',
  spec: specOf({
    name: 'DQN',
    algorithm: { name: 'DQN', action_policy: 'epsilon_greedy', explore_var_spec: { name: 'no_decay', start_val: 0.1 }, gamma: 0.9, training_frequency: 1, training_iter: 1, training_batch_iter: 1, training_start_step: 1 },
    memory: { name: 'Replay', batch_size: 2, max_size: 10 },
    net: { type: 'ConvNet', conv_hid_layers: [[4, 3, 1, 0, 1]], fc_hid_layers: [8], batch_norm: true },
  }),
  obsShape: [7, 7, 2],
  obsDtype: 'uint8',
  frameStack: 2,
  actionSpace: { type: 'discrete', n: 3 },
};

/** Every algorithm family and action space a bot must act in exactly as training acts greedily. */
export function parityCases(): PolicyCase[] {
  const onPolicy = (name: string, net: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name,
    algorithm: { name, gamma: 0.99, ...(name === 'Reinforce' ? {} : { lam: 0.95 }), ...extra },
    memory: { name: 'OnPolicyBatchReplay' },
    net: { loss_spec: { name: 'MSELoss' }, optim_spec: { name: 'Adam', lr: 0.001 }, ...net },
  });
  return [
    {
      title: 'DoubleDQN ConvNet (demos/specs/dqn_catch.json) on catch pixels',
      spec: specFile('demos/specs/dqn_catch.json'),
      obsShape: [10, 10, 1],
      obsDtype: 'uint8',
      actionSpace: { type: 'discrete', n: 3 },
    },
    BATCH_NORM_DQN,
    {
      title: 'ActorCritic, separate MLP actor and critic (a2c_cartpole)',
      spec: specFile('test/algorithm/specs/a2c_cartpole.json'),
      obsShape: [4],
      obsDtype: 'float32',
      actionSpace: { type: 'discrete', n: 2 },
    },
    {
      title: 'PPO, shared GRU RecurrentNet (seq_len 8) on the memory env',
      spec: specFile('test/algorithm/specs/ppo_memory.json', 'ppo_gru_memory'),
      obsShape: [3],
      obsDtype: 'float32',
      actionSpace: { type: 'discrete', n: 2 },
    },
    {
      title: 'Reinforce MLP, multi-discrete [3, 2]',
      spec: specOf(onPolicy('Reinforce', { type: 'MLPNet', hid_layers: [16], hid_layers_activation: 'relu' }, { training_frequency: 4 })),
      obsShape: [5],
      obsDtype: 'float32',
      actionSpace: { type: 'multi_discrete', nvec: [3, 2] },
    },
    {
      title: 'PPO shared MLP, continuous [2] in [-0.5, 0.5]',
      spec: specOf(onPolicy('PPO', { type: 'MLPNet', shared: true, hid_layers: [16], hid_layers_activation: 'tanh' }, { time_horizon: 8, minibatch_size: 8, training_epoch: 1, clip_eps_spec: { name: 'no_decay', start_val: 0.2 } })),
      obsShape: [5],
      obsDtype: 'float32',
      actionSpace: { type: 'continuous', shape: [2], low: -0.5, high: 0.5 },
    },
  ];
}
