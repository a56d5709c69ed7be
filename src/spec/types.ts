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
  /** MLPNet hidden sizes. */
  hid_layers: number[];
  /** Dense layers after the encoder (ConvNet, RecurrentNet, AMAGO types). */
  fc_hid_layers: number[];
  /** ConvNet (and RecurrentNet image encoder) rows. */
  conv_hid_layers: ConvRow[];
  /** AMAGO encoder for AMAGO net types, or RecurrentNet's `cnn`; null otherwise. */
  cnn: AmagoCnnSpec | null;
  hid_layers_activation: Activation;
  /** Activation after each head: one for all heads, or one per head; null = none. */
  out_layer_activation: Activation | null | (Activation | null)[];
  /** null: PyTorch's default initialisation. */
  init_fn: InitFn | null;
  /** BatchNorm2d after the activation of every conv layer but the first (SLM Lab ConvNet). */
  batch_norm: boolean;
  /** Scale uint8 image input by 1/255 (SLM Lab). AMAGO types always scale x/128 - 1. */
  normalize: boolean;
  /** Global-norm gradient clip (PyTorch clip_grad_norm_); null = no clip. */
  clip_grad_val: number | null;
  loss_spec: LossSpec;
  optim_spec: OptimSpec;
  actor_optim_spec: OptimSpec | null;
  critic_optim_spec: OptimSpec | null;
  use_same_optim: boolean;
  lr_scheduler_spec: LrSchedulerSpec | null;
  update_type: 'replace' | 'polyak';
  update_frequency: number;
  polyak_coef: number;
  gpu: boolean | 'auto';
  cell_type: 'GRU' | 'LSTM' | 'RNN';
  rnn_hidden_size: number;
  rnn_num_layers: number;
  bidirectional: boolean;
  seq_len: number;
  aug: AugSpec | null;
}

/**
 * Algorithm, memory, env and meta sections. The spec module validates every key SLM Lab's
 * files use (see ../shared/reference/slm_specs) and may narrow these to precise interfaces;
 * code outside src/spec reads them through those interfaces.
 */
export type SpecRecord = { readonly [key: string]: unknown };

export interface ResolvedAgentSpec {
  name: string;
  algorithm: SpecRecord;
  memory: SpecRecord;
  net: ResolvedNetSpec;
}

export interface ResolvedSpec {
  /** The spec's name (its key in a file of named specs, or the agent name). */
  name: string;
  agent: ResolvedAgentSpec;
  env: SpecRecord;
  meta: SpecRecord;
}

/** Something the loader noticed that is not an error (e.g. an SLM Lab key with no meaning here). */
export interface SpecWarning {
  path: string;
  message: string;
}
