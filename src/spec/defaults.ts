/**
 * Every default the spec loader fills in, written once. They follow SLM Lab (slm_lab/agent/net,
 * algorithm, memory), PyTorch (optimizers, losses, schedulers, Conv2d) and AMAGO (nets/cnn.py);
 * where pixelpilot differs or SLM Lab has none, the comment says so. Keys SLM Lab requires
 * without a default (e.g. gamma, memory.batch_size, rnn_hidden_size, seq_len) are required here.
 */
import type { Activation, AmagoCnnName, LossSpec, OptimName, OptimSpec } from './types';

/** Net keys every net type shares. */
export const NET_DEFAULTS = {
  /** Actor-critic: separate actor and critic nets. */
  shared: false,
  hid_layers_activation: 'relu' as Activation,
  /** No activation after the heads. */
  out_layer_activation: null,
  /** PyTorch's default initialisation. */
  init_fn: null,
  /** The policy heads initialised as init_fn says (SLM Lab). */
  policy_head_init_scale: null,
  /** No input scaling. */
  normalize: false,
  /** No gradient clipping. */
  clip_grad_val: null,
  /** Constant learning rate. */
  lr_scheduler_spec: null,
  update_type: 'replace' as const,
  update_frequency: 1,
  polyak_coef: 0,
  /** SLM Lab defaults to false (CPU); here the backend is chosen at run time. */
  gpu: 'auto' as const,
  use_same_optim: false,
  /** ConvNet and the RecurrentNet conv encoder: BatchNorm2d after every conv layer but the first. */
  batch_norm: true,
  /** Dense layers after the encoder (ConvNet, RecurrentNet, AMAGO types). */
  fc_hid_layers: [] as readonly number[],
  /** No image augmentation. */
  aug: null,
};

/** RecurrentNet keys (rnn_hidden_size and seq_len are required, as in SLM Lab). */
export const RNN_DEFAULTS = {
  /** Written in any case; resolved upper-case. */
  cell_type: 'GRU' as const,
  rnn_num_layers: 1,
  bidirectional: false,
};

/** PyTorch Conv2d's defaults for trailing `conv_hid_layers` entries. */
export const CONV_ROW_DEFAULTS = { stride: 1, padding: 0, dilation: 1 } as const;

/** Loss: SLM Lab's MSELoss; PyTorch's SmoothL1 beta / Huber delta 1 and mean reduction. */
export const LOSS_DEFAULTS: Readonly<LossSpec> = { name: 'MSELoss', beta: 1, reduction: 'mean' };

/** SLM Lab's default optimizer. */
export const OPTIM_DEFAULT_NAME: OptimName = 'Adam';

/**
 * PyTorch's optimizer defaults. Fields an optimizer does not have are filled with neutral values
 * (so a resolved OptimSpec is always complete); SGD's lr has no default and is required.
 */
export const OPTIM_DEFAULTS: Readonly<Record<OptimName, Readonly<Omit<OptimSpec, 'name' | 'betas'> & { betas: readonly [number, number] }>>> = {
  Adam: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, alpha: 0.99, momentum: 0, dampening: 0, centered: false, nesterov: false, amsgrad: false },
  AdamW: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.01, alpha: 0.99, momentum: 0, dampening: 0, centered: false, nesterov: false, amsgrad: false },
  RMSprop: { lr: 1e-2, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, alpha: 0.99, momentum: 0, dampening: 0, centered: false, nesterov: false, amsgrad: false },
  SGD: { lr: 0, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, alpha: 0.99, momentum: 0, dampening: 0, centered: false, nesterov: false, amsgrad: false },
};

/** The PyTorch arguments each optimizer takes (others are errors). */
export const OPTIM_KEYS: Readonly<Record<OptimName, readonly string[]>> = {
  Adam: ['lr', 'betas', 'eps', 'weight_decay', 'amsgrad'],
  AdamW: ['lr', 'betas', 'eps', 'weight_decay', 'amsgrad'],
  RMSprop: ['lr', 'alpha', 'eps', 'weight_decay', 'momentum', 'centered'],
  SGD: ['lr', 'momentum', 'dampening', 'weight_decay', 'nesterov'],
};

/** PyTorch's scheduler defaults (StepLR / MultiStepLR gamma 0.1; ConstantLR factor 1/3 for 5 steps). */
export const LR_SCHEDULER_DEFAULTS = {
  gamma: 0.1,
  constant_factor: 1 / 3,
  constant_total_iters: 5,
};

/** AMAGO's encoder defaults (amago/nets/cnn.py). */
export const AMAGO_DEFAULTS = {
  /** Used when the spec gives no hid_layers_activation. */
  activation: 'leaky_relu' as Activation,
  NatureishCNN: { channels: [32, 64, 64], kernels: [8, 4, 3], strides: [4, 2, 1] },
  GridworldCNN: { channels: [16, 32, 48], kernels: [2, 2, 2], strides: [1, 1, 1] },
  IMPALAishCNN: { cnn_block_depths: [16, 32, 32], post_group_norm: true },
} as const;

/** The keyword arguments each AMAGO encoder takes, besides `activation`. */
export const AMAGO_KWARGS: Readonly<Record<AmagoCnnName, readonly string[]>> = {
  NatureishCNN: ['channels', 'kernels', 'strides'],
  GridworldCNN: ['channels', 'kernels', 'strides'],
  IMPALAishCNN: ['cnn_block_depths', 'post_group_norm'],
  DrQCNN: [],
};

/** DrQ-v2 random-shift augmentation: pad 4 pixels, then crop back (DrQ-v2's default). */
export const AUG_DEFAULTS = { pad: 4 } as const;

/** Algorithm defaults (SLM Lab's init_algorithm_params). */
export const ALGORITHM_DEFAULTS = {
  dqn: { action_pdtype: 'Argmax' as const, action_policy: 'epsilon_greedy' as const },
  policy: { action_pdtype: 'default' as const, action_policy: 'default' as const },
  explore_var_spec: null,
  entropy_coef_spec: null,
  center_return: false,
  lam: null,
  num_step_returns: null,
  policy_loss_coef: 1,
  val_loss_coef: 1,
  /** SLM Lab's PPO default. */
  minibatch_size: 4,
  clip_vloss: false,
  /** Standardise PPO advantages over each rollout (SLM Lab always does). */
  normalize_advantages: true,
};

/**
 * Learning from demonstrations (used only when demonstrations are given). DQfD's values (Hester
 * et al. 2018: n = 10, lambda1 = lambda2 = 1, margin 0.8, lambda3 = 1e-5, epsilon_d = 1) for the
 * DQN family; for policy nets, ML-Agents' behavioral_cloning with the strength of its imitation
 * recipes (0.5) decaying over 100k agent steps (ML-Agents' own default keeps it for the whole run,
 * steps 0; a decay lets the agent outgrow imperfect demonstrations).
 */
export const DEMO_DEFAULTS = {
  /** Gradient steps on demonstrations alone before the first agent step. */
  demo_pretrain_steps: 1000,
  demo_nstep: 10,
  demo_nstep_coef: 1,
  demo_margin: 0.8,
  demo_margin_coef: 1,
  demo_l2_coef: 1e-5,
  demo_priority_bonus: 1,
  bc_strength: 0.5,
  bc_steps: 100_000,
  bc_batch_size: 64,
} as const;

/** Schedule defaults: start_step 0; no_decay keeps start_val. */
export const SCHEDULE_DEFAULTS = { start_step: 0, end_step: 0 } as const;

/** Memory defaults (SLM Lab's Replay). */
export const MEMORY_DEFAULTS = {
  use_cer: false,
  /** PrioritizedReplay importance-sampling exponent at the start (Schaul et al.); it rises linearly to 1. */
  beta_start: 0.4,
  /** Transitions added over which beta reaches 1. */
  beta_anneal_steps: 1_000_000,
} as const;

/** Env defaults. SLM Lab requires max_frame; here null means "until stopped". */
export const ENV_DEFAULTS = {
  num_envs: 1,
  max_t: null,
  max_frame: null,
  frame_op: null,
  frame_op_len: null,
  reward_scale: null,
} as const;

/** Meta defaults (SLM Lab requires eval_frequency; pixelpilot defaults it). */
export const META_DEFAULTS = { eval_frequency: 10000, random_seed: null } as const;

/**
 * Upper bounds on sizes, so that a typo such as 5120000 units is an error at load time rather
 * than an out-of-memory failure later.
 */
export const LIMITS = {
  /** Units of a dense / recurrent layer, channels of a conv layer. */
  units: 65536,
  /** Hidden layers in one list. */
  layers: 256,
  /** Conv kernel, stride, padding and dilation. */
  kernel: 256,
  rnn_layers: 64,
  seq_len: 65536,
  /** Replay capacity in transitions. */
  max_size: 10_000_000,
  batch_size: 65536,
  num_envs: 4096,
  /** Step counts (frames, schedule steps, frequencies). */
  steps: 1e15,
  aug_pad: 64,
  /** Gradient steps of pre-training on demonstrations. */
  pretrain_steps: 10_000_000,
  /** n of DQfD's n-step return. */
  demo_nstep: 1000,
} as const;
