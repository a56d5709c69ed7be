/**
 * Shared pieces of the worker tests: a small DQN spec over a fake 10x10x1 uint8 image space with
 * 3 actions, and random frames / steps for it; a small PPO MLP spec. Not a test file itself.
 */
import type { StepBatch } from '../../src/algorithm/algorithm';
import { Rng } from '../../src/util/rng';
import type { TrainerInitOptions } from '../../src/worker/trainer_types';

/** A DoubleDQN ConvNet spec small enough to train a few hundred steps quickly; text with comments. */
export const DQN_SPEC_TEXT = `{
  // trains from step 32, every 4 frames
  "tiny_dqn": {
    "agent": {
      "name": "DoubleDQN",
      "algorithm": {
        "name": "DoubleDQN", "action_pdtype": "Argmax", "action_policy": "epsilon_greedy",
        "explore_var_spec": {"name": "linear_decay", "start_val": 1.0, "end_val": 0.1, "start_step": 0, "end_step": 200},
        "gamma": 0.9, "training_batch_iter": 1, "training_iter": 1, "training_frequency": 4, "training_start_step": 32,
      },
      "memory": {"name": "Replay", "batch_size": 16, "max_size": 500},
      "net": {
        "type": "ConvNet", "conv_hid_layers": [[4, 3, 2, 1, 1]], "fc_hid_layers": [16],
        "hid_layers_activation": "relu", "normalize": true,
        "loss_spec": {"name": "SmoothL1Loss"}, "optim_spec": {"name": "Adam", "lr": 0.001},
        "update_type": "replace", "update_frequency": 50,
      },
    },
    "env": {"name": "catch", "num_envs": 2},
    "meta": {"random_seed": 3},
  },
}`;

/** The space the tests use: 10x10 gray frames, 3 actions, 2 envs. */
export const OBS_SHAPE = [10, 10, 1];
export const NUM_ENVS = 2;
export const N_ACTIONS = 3;

/** Init options of the tiny DQN on `backend`. */
export function tinyInit(backend: 'cpu' | 'wasm' | 'auto', seed = 1): TrainerInitOptions {
  return {
    spec: DQN_SPEC_TEXT,
    obsShape: OBS_SHAPE,
    obsDtype: 'uint8',
    actionSpace: { type: 'discrete', n: N_ACTIONS },
    numEnvs: NUM_ENVS,
    frameStack: 1,
    seed,
    backend,
  };
}

/** Random frames of all envs. */
export function frames(rng: Rng, numEnvs = NUM_ENVS, size = 100): Uint8Array {
  return Uint8Array.from({ length: numEnvs * size }, () => rng.nextUint32() & 255);
}

/** A step of all envs with random next frames and rewards; episodes end now and then. */
export function randomStep(rng: Rng, observations: Uint8Array, actions: Int32Array): StepBatch {
  return {
    observations,
    actions,
    rewards: Float32Array.from({ length: NUM_ENVS }, () => (rng.nextUint32() % 3) - 1),
    nextObservations: frames(rng),
    terminated: Uint8Array.from({ length: NUM_ENVS }, () => (rng.nextUint32() % 20 === 0 ? 1 : 0)),
    truncated: new Uint8Array(NUM_ENVS),
  };
}

/** PPO with a shared 16-unit tanh MLP over 2 envs: a round every 8 steps, 2 epochs of one minibatch. */
export const PPO_MLP_SPEC = {
  agent: {
    name: 'PPO',
    algorithm: { name: 'PPO', gamma: 0.9, lam: 0.9, time_horizon: 8, minibatch_size: 8, training_epoch: 2,
      clip_eps_spec: { name: 'no_decay', start_val: 0.2 }, entropy_coef_spec: { name: 'no_decay', start_val: 0.01 }, val_loss_coef: 0.5 },
    memory: { name: 'OnPolicyBatchReplay' },
    net: { type: 'MLPNet', shared: true, hid_layers: [16], hid_layers_activation: 'tanh', loss_spec: { name: 'MSELoss' }, optim_spec: { name: 'Adam', lr: 0.01 } },
  },
  env: { name: 'game', num_envs: 2 },
  meta: { random_seed: 5 },
};
