import type { SpecInput } from './spec_input';

/**
 * PPO with AMAGO's NatureishCNN, for arcade games where motion matters (paddles, balls, shooters):
 * observe 48x48 to 84x84 gray pixels with two or more frames stacked (frame_op_len). The pong
 * demo's agent. On-policy: it learns from rollouts of 256 decisions, four epochs each.
 */
export const ppoArcadePixels = {
  agent: {
    name: 'PPO',
    algorithm: {
      name: 'PPO',
      gamma: 0.99,
      lam: 0.95,
      clip_eps_spec: { name: 'no_decay', start_val: 0.2 },
      entropy_coef_spec: { name: 'no_decay', start_val: 0.01 },
      val_loss_coef: 0.5,
      time_horizon: 256,
      minibatch_size: 64,
      training_epoch: 4,
    },
    memory: { name: 'OnPolicyBatchReplay' },
    net: {
      type: 'NatureishCNN',
      channels: [16, 32, 32],
      kernels: [8, 4, 3],
      strides: [4, 2, 1],
      shared: true,
      fc_hid_layers: [128],
      hid_layers_activation: 'relu',
      // Orthogonal weights over whole kernels, zero biases (SLM Lab's init_layers). AMAGO's default
      // for this CNN sets only each kernel's centre tap: with stride 4 the first layer then sees one
      // pixel in 16 at first, and a 2-pixel ball mostly not (docs/measured.md, sixth session).
      init_fn: 'orthogonal_',
      clip_grad_val: 0.5,
      loss_spec: { name: 'MSELoss' },
      optim_spec: { name: 'Adam', lr: 0.001 },
    },
  },
  env: { name: 'game', num_envs: 1, frame_op: 'concat', frame_op_len: 2 },
  meta: { random_seed: 3 },
} satisfies SpecInput;
