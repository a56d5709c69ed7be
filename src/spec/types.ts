/**
 * The resolved spec: what `resolveSpec` returns after reading, validating and filling defaults.
 * Keys stay snake_case as SLM Lab writes them. Every field is present (defaults written in
 * src/spec/defaults.ts), and the object is deeply frozen. It is saved with the weights.
 */

/** Net types: SLM Lab's three plus AMAGO's image encoders used as whole nets. */
export type NetType =
  | 'ConvNet'
  | 'MLPNet'
  | 'RecurrentNet'
  | 'NatureishCNN'
  | 'IMPALAishCNN'
  | 'DrQCNN'
  | 'GridworldCNN';

/** AMAGO's CNN encoders. */
export type AmagoCnnName = 'NatureishCNN' | 'IMPALAishCNN' | 'DrQCNN' | 'GridworldCNN';

/** Activations by SLM Lab's names (lower-case torch.nn class names). */
export type Activation =
  | 'relu'
  | 'leaky_relu'
  | 'elu'
  | 'selu'
  | 'gelu'
  | 'sigmoid'
  | 'tanh'
  | 'softplus'
  | 'linear';

/** torch.nn.init names as SLM Lab writes them in `init_fn`. */
export type InitFn =
  | 'orthogonal_'
  | 'xavier_uniform_'
  | 'xavier_normal_'
  | 'kaiming_uniform_'
  | 'kaiming_normal_'
  | 'uniform_'
  | 'normal_'
  | 'zeros_'
  | 'ones_';

/** A size given as one number or as a PyTorch `(h, w)` pair. */
export type Pair = number | [number, number];

/**
 * One `conv_hid_layers` row, PyTorch Conv2d's positional arguments after in_channels:
 * `[out_channels, kernel, stride, padding, dilation]`. Trailing entries may be omitted in the
 * input (PyTorch defaults stride 1, padding 0, dilation 1); the resolved row always has all five.
 * Padding may also be `'same'` or `'valid'` (stride 1 only for 'same', as in PyTorch).
 */
export type ConvRow = [number, Pair, Pair, Pair | 'same' | 'valid', Pair];

/** AMAGO encoder keyword arguments with AMAGO's defaults filled in. */
export interface AmagoCnnSpec {
  name: AmagoCnnName;
  /** Activation inside the encoder; AMAGO's default is leaky_relu. */
  activation: Activation;
  /** NatureishCNN / GridworldCNN only. */
  channels: number[];
  kernels: number[];
  strides: number[];
  /** IMPALAishCNN only. */
  cnn_block_depths: number[];
  post_group_norm: boolean;
}

export type LossName = 'MSELoss' | 'SmoothL1Loss' | 'HuberLoss' | 'CrossEntropyLoss';

export interface LossSpec {
  name: LossName;
  /** SmoothL1Loss's beta / HuberLoss's delta (PyTorch default 1). */
  beta: number;
  reduction: 'mean' | 'sum';
}

export type OptimName = 'Adam' | 'AdamW' | 'RMSprop' | 'SGD';

/** An optimizer with PyTorch's argument names and defaults. */
export interface OptimSpec {
  name: OptimName;
  lr: number;
  /** Adam/AdamW: [beta1, beta2]. */
  betas: [number, number];
  eps: number;
  /** L2 penalty (Adam, RMSprop, SGD) or decoupled decay (AdamW; PyTorch default 0.01). */
  weight_decay: number;
  /** RMSprop smoothing constant. */
  alpha: number;
  /** SGD / RMSprop momentum. */
  momentum: number;
  /** SGD dampening for momentum. */
  dampening: number;
  /** RMSprop centered. */
  centered: boolean;
  /** SGD Nesterov momentum. */
  nesterov: boolean;
  /** Adam/AdamW amsgrad. */
  amsgrad: boolean;
}

export type LrSchedulerSpec =
  | { name: 'LinearToZero'; frame: number }
  | { name: 'StepLR'; step_size: number; gamma: number }
  | { name: 'MultiStepLR'; milestones: number[]; gamma: number }
  | { name: 'ExponentialLR'; gamma: number }
  | { name: 'ConstantLR'; factor: number; total_iters: number };

export interface AugSpec {
  name: 'DrQv2Aug';
  pad: number;
}

export interface ResolvedNetSpec {
  type: NetType;
  /** Actor-critic: one net with two heads (true) or two nets (false). */
  shared: boolean;
  /** MLPNet hidden sizes (required for MLPNet); [] for other types. */
  hid_layers: number[];
  /** Dense layers after the encoder (ConvNet, RecurrentNet, AMAGO types); default []. */
  fc_hid_layers: number[];
  /** ConvNet (required) and RecurrentNet image encoder rows, always 5 entries; [] otherwise. */
  conv_hid_layers: ConvRow[];
  /** AMAGO encoder for AMAGO net types, or RecurrentNet's `cnn`; null otherwise. */
  cnn: AmagoCnnSpec | null;
  hid_layers_activation: Activation;
  /** Activation after each head: one for all heads, or one per head; null = none. */
  out_layer_activation: Activation | null | (Activation | null)[];
  /** null: PyTorch's default initialisation. */
  init_fn: InitFn | null;
  /**
   * Policy algorithms: the policy heads' initial weights and biases are this times what init_fn
   * gives, so the first policy is near uniform (CleanRL's actor head, orthogonal with gain 0.01;
   * Andrychowicz et al. 2021: a last policy layer 100x smaller). null: init_fn's alone (SLM Lab).
   * Not a DQN-family key (no policy head).
   */
  policy_head_init_scale: number | null;
  /**
   * BatchNorm2d after the activation of every conv layer but the first (SLM Lab ConvNet).
   * Default true for ConvNet and a RecurrentNet conv_hid_layers encoder; false for other types.
   */
  batch_norm: boolean;
  /** Scale uint8 image input by 1/255 (SLM Lab). AMAGO types always scale x/128 - 1. */
  normalize: boolean;
  /** Global-norm gradient clip (PyTorch clip_grad_norm_); null = no clip. */
  clip_grad_val: number | null;
  /** Default MSELoss. */
  loss_spec: LossSpec;
  /** The net's optimizer: the user's optim_spec, else actor_optim_spec, else Adam (defaults). */
  optim_spec: OptimSpec;
  /** Actor-critic nets' actor optimizer as given (filled), or null. */
  actor_optim_spec: OptimSpec | null;
  /** Actor-critic nets' critic optimizer as given (filled), or null. */
  critic_optim_spec: OptimSpec | null;
  use_same_optim: boolean;
  lr_scheduler_spec: LrSchedulerSpec | null;
  update_type: 'replace' | 'polyak';
  update_frequency: number;
  polyak_coef: number;
  /** Kept as written (default 'auto'); the backend itself is chosen at run time. */
  gpu: boolean | 'auto';
  /** RecurrentNet; default GRU. */
  cell_type: 'GRU' | 'LSTM' | 'RNN';
  /** RecurrentNet, required; 0 for other types. */
  rnn_hidden_size: number;
  /** Default 1. */
  rnn_num_layers: number;
  /** Default false. */
  bidirectional: boolean;
  /** RecurrentNet steps per sample, required; 1 for other types. */
  seq_len: number;
  /** Image augmentation during training only; null (default) = none. */
  aug: AugSpec | null;
}

export type AlgorithmName = 'VanillaDQN' | 'DQN' | 'DoubleDQN' | 'Reinforce' | 'ActorCritic' | 'PPO';

/**
 * Action distribution. 'default' means Categorical for discrete action spaces and Normal for
 * continuous ones (decided once the env's action space is known).
 */
export type ActionPdtype = 'default' | 'Argmax' | 'Categorical' | 'MultiCategorical' | 'Normal';

/** How an action is drawn from the net's output. 'default' samples from action_pdtype. */
export type ActionPolicy = 'default' | 'random' | 'epsilon_greedy' | 'boltzmann';

/** SLM Lab's variable schedules (slm_lab/lib/math_util.py). */
export type ScheduleName = 'no_decay' | 'linear_decay' | 'rate_decay' | 'periodic_decay';

/**
 * A value scheduled over env steps (epsilon, Boltzmann tau, entropy coefficient, PPO clip).
 * `no_decay` keeps start_val; the others move from start_val at start_step towards end_val at
 * end_step (SLM Lab's rate_decay uses rate 0.9 every 20 steps, periodic_decay period 60).
 */
export interface ScheduleSpec {
  name: ScheduleName;
  start_val: number;
  /** Default for no_decay: start_val. */
  end_val: number;
  /** Default 0. */
  start_step: number;
  /** Default for no_decay: 0. */
  end_step: number;
}

/** Keys every algorithm has. */
export interface AlgorithmSpecBase {
  name: AlgorithmName;
  /** Default 'Argmax' for the DQN family, else 'default'. */
  action_pdtype: ActionPdtype;
  /** Default 'epsilon_greedy' for the DQN family, else 'default'. */
  action_policy: ActionPolicy;
  /** Epsilon (epsilon_greedy) or tau (boltzmann); required by those policies, else null. */
  explore_var_spec: ScheduleSpec | null;
  /** Discount in [0, 1]; required. */
  gamma: number;
  /** Train every this many env steps (PPO: equals time_horizon). */
  training_frequency: number;
}

/**
 * Learning from demonstrations, keys every algorithm has (used only when demonstrations are
 * given: `Trainer.useDemonstrations`, `pixelpilot train --demos`; see docs/demonstrations.md).
 */
export interface DemoSpecBase {
  /**
   * Gradient steps on the demonstrations alone before the first agent step: DQfD's pre-training
   * (DQN family) or behaviour cloning (policy nets). 0 = none. Default 1000.
   */
  demo_pretrain_steps: number;
}

/**
 * DQfD's keys (Hester et al. 2018), DQN family: the loss on a batch is
 * 1-step TD + demo_nstep_coef * n-step TD + demo_margin_coef * large margin + demo_l2_coef * L2.
 */
export interface DqfdSpec extends DemoSpecBase {
  /** n of the n-step return loss (DQfD: 10). */
  demo_nstep: number;
  /** lambda1, weight of the n-step TD loss (DQfD: 1). */
  demo_nstep_coef: number;
  /** l(a_E, a) of the large-margin loss for a != a_E (DQfD: 0.8). */
  demo_margin: number;
  /** lambda2, weight of the large-margin loss on demonstration rows (DQfD: 1). */
  demo_margin_coef: number;
  /** lambda3, weight of the L2 penalty on the net's weights, sum of squares (DQfD: 1e-5). */
  demo_l2_coef: number;
  /** epsilon_d, added to the priority of a demonstration (PrioritizedReplay; DQfD: 1). */
  demo_priority_bonus: number;
}

/**
 * Behaviour cloning beside the RL loss, policy nets (Unity ML-Agents' `behavioral_cloning`):
 * bc_strength * -mean log pi(a_E | s_E) over a minibatch of demonstrations, in every optimizer step.
 */
export interface BcSpec extends DemoSpecBase {
  /** Weight of the cloning loss at the start (ML-Agents' strength). Default 0.5. */
  bc_strength: number;
  /** Agent steps over which the weight decays linearly to 0; 0 = constant for the whole run. Default 100000. */
  bc_steps: number;
  /** Demonstration rows per cloning minibatch (pre-training and beside the RL loss). Default 64. */
  bc_batch_size: number;
}

/** VanillaDQN, DQN (target net) and DoubleDQN. */
export interface DqnAlgorithmSpec extends AlgorithmSpecBase, DqfdSpec {
  name: 'VanillaDQN' | 'DQN' | 'DoubleDQN';
  /** Gradient steps per sampled batch; required. */
  training_batch_iter: number;
  /** Batches sampled per training; required. */
  training_iter: number;
  /** Env steps before the first training; required. */
  training_start_step: number;
}

/** REINFORCE (Monte Carlo policy gradient). */
export interface ReinforceAlgorithmSpec extends AlgorithmSpecBase, BcSpec {
  name: 'Reinforce';
  /** Subtract the mean return (a baseline); default false. */
  center_return: boolean;
  /** Entropy bonus weight; null = none. */
  entropy_coef_spec: ScheduleSpec | null;
}

/** Advantage actor-critic (A2C). lam set: GAE; else num_step_returns set: n-step; else returns. */
export interface ActorCriticAlgorithmSpec extends AlgorithmSpecBase, BcSpec {
  name: 'ActorCritic';
  /** GAE lambda in [0, 1], or null. */
  lam: number | null;
  /** n of n-step returns (used only when lam is null), or null. */
  num_step_returns: number | null;
  entropy_coef_spec: ScheduleSpec | null;
  /** Default 1. */
  policy_loss_coef: number;
  /** Default 1. */
  val_loss_coef: number;
}

/** PPO with the clipped objective. training_frequency is time_horizon. */
export interface PpoAlgorithmSpec extends Omit<ActorCriticAlgorithmSpec, 'name'> {
  name: 'PPO';
  /** Clip range schedule; required. */
  clip_eps_spec: ScheduleSpec;
  /** Steps per env per rollout; required. */
  time_horizon: number;
  /** Default 4 (SLM Lab's). */
  minibatch_size: number;
  /** Passes over each rollout; required. */
  training_epoch: number;
  /** Clip the value loss like the policy (SLM Lab's older name: clip_val_loss); default false. */
  clip_vloss: boolean;
  /** Standardise advantages over each rollout; default true. */
  normalize_advantages: boolean;
}

export type ResolvedAlgorithmSpec =
  | DqnAlgorithmSpec
  | ReinforceAlgorithmSpec
  | ActorCriticAlgorithmSpec
  | PpoAlgorithmSpec;

export type MemoryName = 'Replay' | 'PrioritizedReplay' | 'OnPolicyReplay' | 'OnPolicyBatchReplay';

/** Uniform experience replay (off-policy: the DQN family). */
export interface ReplayMemorySpec {
  name: 'Replay';
  /** Required; <= max_size. */
  batch_size: number;
  /** Required. */
  max_size: number;
  /** Combined experience replay: always include the newest transition; default false. */
  use_cer: boolean;
}

/** Proportional prioritized replay (Schaul et al.). */
export interface PrioritizedReplayMemorySpec extends Omit<ReplayMemorySpec, 'name'> {
  name: 'PrioritizedReplay';
  /** Priority exponent in [0, 1]; required. */
  alpha: number;
  /** Added to |TD error| so no priority is 0; required, > 0. */
  epsilon: number;
  /** Importance-sampling exponent at the start, in [0, 1]; default 0.4. */
  beta_start: number;
  /** Transitions added over which beta rises linearly to 1; default 1e6. */
  beta_anneal_steps: number;
}

/** On-policy storage: whole episodes (OnPolicyReplay) or fixed-size batches (OnPolicyBatchReplay). */
export interface OnPolicyMemorySpec {
  name: 'OnPolicyReplay' | 'OnPolicyBatchReplay';
}

export type ResolvedMemorySpec = ReplayMemorySpec | PrioritizedReplayMemorySpec | OnPolicyMemorySpec;

export interface ResolvedAgentSpec {
  /** Default: the algorithm's name. */
  name: string;
  algorithm: ResolvedAlgorithmSpec;
  memory: ResolvedMemorySpec;
  net: ResolvedNetSpec;
}

export interface ResolvedEnvSpec {
  /**
   * The env to run; free text here (checked when the env is made). May be an SLM Lab template
   * such as "${env}", which the CLI's --env fills.
   */
  name: string;
  /** Parallel envs; default 1. */
  num_envs: number;
  /** Step limit per episode; null (default) = the env's own. */
  max_t: number | null;
  /** Total env frames to train for; null (default) = until stopped (or the CLI's --frames). */
  max_frame: number | null;
  /** Frame stacking: 'concat' (along channels) or 'stack' (new axis); null (default) = none. */
  frame_op: 'concat' | 'stack' | null;
  /** Frames stacked; required with frame_op, else null. */
  frame_op_len: number | null;
  /** Reward scaling: a factor, 'sign' (clip to -1/0/1), or null (default) = none. */
  reward_scale: number | 'sign' | null;
}

export interface ResolvedMetaSpec {
  /** Env steps between evaluations; default 10000. */
  eval_frequency: number;
  /** Env steps between log lines; default eval_frequency. */
  log_frequency: number;
  /** Seed; null (default) = chosen at run time (e.g. the CLI's --seed). */
  random_seed: number | null;
}

export interface ResolvedSpec {
  /** The spec's name (its key in a file of named specs, or the agent name). */
  name: string;
  agent: ResolvedAgentSpec;
  env: ResolvedEnvSpec;
  meta: ResolvedMetaSpec;
}

/** Something the loader noticed that is not an error (e.g. an SLM Lab key with no meaning here). */
export interface SpecWarning {
  path: string;
  message: string;
}
