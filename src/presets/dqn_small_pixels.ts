import type { SpecInput } from './spec_input';

/**
 * DoubleDQN with a small ConvNet, for small pixel games with a few discrete actions where one
 * frame shows the whole state (catch, snake, grid puzzles): observe 8x8 to 24x24 gray pixels.
 * Learns the catch demo from 10x10 pixels in about 4,000 decisions. Off-policy: it reuses old
 * steps from a replay memory of 10,000.
 */
export const dqnSmallPixels = {
  agent: {
    name: 'DoubleDQN',
    algorithm: {
      name: 'DoubleDQN',
      action_pdtype: 'Argmax',
      action_policy: 'epsilon_greedy',
      explore_var_spec: { name: 'linear_decay', start_val: 1.0, end_val: 0.05, start_step: 0, end_step: 2500 },
      gamma: 0.95,
      training_batch_iter: 1,
      training_iter: 1,
      training_frequency: 4,
      training_start_step: 300,
    },
    memory: { name: 'Replay', batch_size: 32, max_size: 10000, use_cer: false },
    net: {
      type: 'ConvNet',
      // [out_channels, kernel, stride, padding, dilation]
      conv_hid_layers: [[16, 3, 1, 1, 1], [16, 3, 2, 1, 1]],
      fc_hid_layers: [64],
      hid_layers_activation: 'relu',
      batch_norm: false,
      normalize: true,
      clip_grad_val: 10,
      loss_spec: { name: 'SmoothL1Loss' },
      optim_spec: { name: 'Adam', lr: 0.001 },
      update_type: 'replace',
      update_frequency: 200,
    },
  },
  env: { name: 'game', num_envs: 1, frame_op: 'concat', frame_op_len: 1 },
  meta: { random_seed: 1 },
} satisfies SpecInput;
