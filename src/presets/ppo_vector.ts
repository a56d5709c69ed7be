import type { SpecInput } from './spec_input';

/**
 * PPO with an MLPNet, for games that hand the agent numbers instead of pixels (positions,
 * velocities, distances: `observation: { vector: n }` and attach's `observe()`). SLM Lab's tuned
 * CartPole spec (separate actor and critic nets), which reaches 475+ on CartPole-v1 here.
 */
export const ppoVector = {
  agent: {
    name: 'PPO',
    algorithm: {
      name: 'PPO',
      gamma: 0.9769,
      lam: 0.9112,
      clip_eps_spec: { name: 'no_decay', start_val: 0.1312 },
      entropy_coef_spec: { name: 'no_decay', start_val: 0.0074 },
      val_loss_coef: 0.6049,
      clip_val_loss: false,
      time_horizon: 256,
      minibatch_size: 128,
      training_epoch: 15,
    },
    memory: { name: 'OnPolicyBatchReplay' },
    net: {
      type: 'MLPNet',
      shared: false,
      hid_layers: [64, 64],
      hid_layers_activation: 'tanh',
      clip_grad_val: 0.5,
      use_same_optim: false,
      loss_spec: { name: 'MSELoss' },
      actor_optim_spec: { name: 'Adam', lr: 0.0005909 },
      critic_optim_spec: { name: 'Adam', lr: 0.0006352 },
    },
  },
  env: { name: 'game', num_envs: 1 },
  meta: { random_seed: 1 },
} satisfies SpecInput;
