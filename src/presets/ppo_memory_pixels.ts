import type { SpecInput } from './spec_input';

/**
 * PPO with a GRU RecurrentNet over a small conv encoder, for games where what matters was seen
 * earlier and is gone now (a cue, a door, a hidden card): observe 16x16 to 32x32 gray pixels, one
 * frame at a time; the GRU remembers across 8 decisions (seq_len). The memory demo's agent.
 */
export const ppoMemoryPixels = {
  agent: {
    name: 'PPO',
    algorithm: {
      name: 'PPO',
      gamma: 0.99,
      lam: 0.95,
      clip_eps_spec: { name: 'no_decay', start_val: 0.2 },
      entropy_coef_spec: { name: 'no_decay', start_val: 0.01 },
      val_loss_coef: 0.5,
      time_horizon: 192,
      minibatch_size: 64,
      training_epoch: 4,
    },
    memory: { name: 'OnPolicyBatchReplay' },
    net: {
      type: 'RecurrentNet',
      shared: true,
      conv_hid_layers: [[8, 4, 4, 0, 1]],
      batch_norm: false,
      normalize: true,
      cell_type: 'GRU',
      fc_hid_layers: [32],
      hid_layers_activation: 'tanh',
      rnn_hidden_size: 32,
      seq_len: 8,
      clip_grad_val: 0.5,
      loss_spec: { name: 'MSELoss' },
      optim_spec: { name: 'Adam', lr: 0.003 },
    },
  },
  env: { name: 'game', num_envs: 1, frame_op: 'concat', frame_op_len: 1 },
  meta: { random_seed: 3 },
} satisfies SpecInput;
