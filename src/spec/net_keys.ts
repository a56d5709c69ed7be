/**
 * Which keys each net type takes, and what to tell a user who writes a key of another net type,
 * an SLM Lab key with no meaning here, or an old SLM Lab key that was replaced.
 */
import { AMAGO_KWARGS } from './defaults';
import type { KeyRules } from './section';
import type { AmagoCnnName, NetType } from './types';

const COMMON = [
  'type',
  'shared',
  'hid_layers_activation',
  'out_layer_activation',
  'init_fn',
  'policy_head_init_scale',
  'clip_grad_val',
  'loss_spec',
  'optim_spec',
  'actor_optim_spec',
  'critic_optim_spec',
  'use_same_optim',
  'lr_scheduler_spec',
  'update_type',
  'update_frequency',
  'polyak_coef',
  'gpu',
  'normalize',
];

const RNN_KEYS = ['cell_type', 'rnn_hidden_size', 'rnn_num_layers', 'bidirectional', 'seq_len'];
const AMAGO_KEYS = ['channels', 'kernels', 'strides', 'cnn_block_depths', 'post_group_norm', 'activation'];

/** Every key any net type takes. */
export const ALL_NET_KEYS: readonly string[] = [
  ...COMMON,
  'hid_layers',
  'fc_hid_layers',
  'conv_hid_layers',
  'batch_norm',
  'aug',
  'cnn',
  ...RNN_KEYS,
  ...AMAGO_KEYS,
];

const isAmago = (t: NetType): t is AmagoCnnName => t in AMAGO_KWARGS;

/** The keys a net type takes. */
export function netKeys(type: NetType): string[] {
  switch (type) {
    case 'MLPNet':
      return [...COMMON, 'hid_layers'];
    case 'ConvNet':
      return [...COMMON, 'conv_hid_layers', 'fc_hid_layers', 'batch_norm', 'aug'];
    case 'RecurrentNet':
      return [...COMMON, 'fc_hid_layers', ...RNN_KEYS, 'conv_hid_layers', 'cnn', 'batch_norm', 'aug'];
    default:
      return [...COMMON, 'fc_hid_layers', 'aug', 'activation', ...AMAGO_KWARGS[type]];
  }
}

const LR_DECAY =
  'old SLM Lab learning-rate decay key; use lr_scheduler_spec, e.g. {"name": "StepLR", "step_size": 1000, "gamma": 0.9}';

/** Warnings and precise errors for keys a net type does not take. */
export function netKeyRules(type: NetType): KeyRules {
  const misplaced: Record<string, string> = {
    lr_decay: LR_DECAY,
    lr_decay_frequency: LR_DECAY,
    lr_decay_min_timestep: LR_DECAY,
    lr_anneal_timestep: LR_DECAY,
  };
  const ignored: Record<string, string> = {
    clip_grad: 'old SLM Lab key, ignored: clip_grad_val alone sets clipping (null = none)',
  };
  const own = netKeys(type);
  for (const key of ALL_NET_KEYS) {
    if (own.includes(key)) continue;
    misplaced[key] = `${key} is not a key of ${type}`;
  }
  if (type !== 'MLPNet') misplaced.hid_layers = `${type} uses 'fc_hid_layers' (hid_layers is MLPNet's)`;
  if (type === 'MLPNet') {
    misplaced.fc_hid_layers = "MLPNet uses 'hid_layers' (fc_hid_layers is for ConvNet, RecurrentNet and AMAGO encoders)";
    misplaced.conv_hid_layers = 'MLPNet has no conv layers; use ConvNet (or RecurrentNet) for image input';
    misplaced.aug = 'aug augments images; MLPNet takes vector input';
    // SLM Lab's MLPNet ignores batch_norm; several of its spec files set it anyway.
    ignored.batch_norm = 'MLPNet has no conv layers to normalise; ignored';
  }
  if (type !== 'RecurrentNet') {
    for (const k of RNN_KEYS) misplaced[k] = `${k} is a RecurrentNet key, not one of ${type}`;
    misplaced.cnn = `cnn (a per-step image encoder) is a RecurrentNet key; ${type} is not recurrent`;
  }
  if (isAmago(type)) {
    const own = AMAGO_KWARGS[type];
    const how = own.length > 0 ? own.join(' / ') : 'its fixed layers';
    misplaced.conv_hid_layers = `${type} builds its layers from ${how}, not conv_hid_layers`;
    ignored.normalize = `AMAGO encoders always scale pixels to x/128 - 1; ignored`;
    ignored.batch_norm = `${type} has no BatchNorm; ignored`;
  }
  for (const key of ['channels', 'kernels', 'strides', 'cnn_block_depths', 'post_group_norm']) {
    if (own.includes(key)) continue;
    const owners = (Object.keys(AMAGO_KWARGS) as AmagoCnnName[]).filter((n) => AMAGO_KWARGS[n].includes(key));
    misplaced[key] =
      type === 'RecurrentNet'
        ? `${key} belongs inside cnn: {"name": "${owners[0]}", ...}`
        : `${key} is an argument of ${owners.join(' / ')}, not of ${type}`;
  }
  if (type === 'RecurrentNet') misplaced.activation = 'activation of the encoder belongs inside cnn: {...}';
  return { misplaced, ignored };
}
