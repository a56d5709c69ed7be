/**
 * Resolves `agent.net` into a complete ResolvedNetSpec: the net type's keys, layer sizes, conv
 * rows, AMAGO encoder kwargs, recurrent settings, heads, loss, optimizers and target updates.
 */
import { bool, nonNegInt, nullable, num, oneOf, posInt } from './checks';
import type { Check, Checked } from './checks';
import { AMAGO_CNN_NAMES, resolveAmagoCnn } from './amago_cnn';
import { resolveConvRows } from './conv_rows';
import { AMAGO_DEFAULTS, AMAGO_KWARGS, AUG_DEFAULTS, LIMITS, NET_DEFAULTS, OPTIM_DEFAULT_NAME, OPTIM_DEFAULTS, RNN_DEFAULTS } from './defaults';
import { ALL_NET_KEYS, netKeyRules, netKeys } from './net_keys';
import { ACTIVATIONS, AMAGO_NET_TYPES, CELL_TYPES, INIT_FNS, NET_TYPES, UNSUPPORTED_NET_TYPES } from './net_names';
import { resolveLoss, resolveLrScheduler, resolveOptim } from './optim_spec';
import { Section } from './section';
import { describe } from './spec_context';
import type { Activation, AmagoCnnName, AmagoCnnSpec, AugSpec, ConvRow, InitFn, NetType, OptimSpec, ResolvedNetSpec } from './types';

const activation = oneOf(ACTIVATIONS, 'activation', { caseInsensitive: true });

/** null, one activation for every head, or a list with one (or null) per head. */
const outActivation: Check<ResolvedNetSpec['out_layer_activation']> = (v) => {
  if (v === null) return { ok: true, value: null };
  if (!Array.isArray(v)) return activation(v);
  if (v.length === 0 || v.length > 16) return { ok: false, error: `must list one activation (or null) per head (got ${describe(v)})` };
  const out: (Activation | null)[] = [];
  for (let i = 0; i < v.length; i++) {
    const r = nullable(activation)(v[i]);
    if (!r.ok) return { ok: false, error: `[${i}] ${r.error}` };
    out.push(r.value);
  }
  return { ok: true, value: out };
};

/** init_fn by torch.nn.init's name; the deprecated names without '_' are accepted as aliases. */
function initFn(sec: Section): InitFn | null {
  const v = sec.get('init_fn');
  if (typeof v === 'string' && !v.endsWith('_') && (INIT_FNS as readonly string[]).includes(`${v}_`)) {
    sec.warn('init_fn', `'${v}' is torch's deprecated alias of '${v}_'; using '${v}_'`);
    return `${v}_` as InitFn;
  }
  return sec.opt('init_fn', nullable(oneOf(INIT_FNS, 'init_fn')), NET_DEFAULTS.init_fn);
}

const gpu: Check<boolean | 'auto'> = (v): Checked<boolean | 'auto'> =>
  v === 'auto' || typeof v === 'boolean' ? { ok: true, value: v } : { ok: false, error: `must be true, false or "auto" (got ${describe(v)})` };

const units = posInt(LIMITS.units);
const layerList = { maxLen: LIMITS.layers };

/** Resolves the net section (`agent.net`). */
export function resolveNet(sec: Section): ResolvedNetSpec {
  const typeCheck = oneOf(NET_TYPES, 'net type', { unsupported: UNSUPPORTED_NET_TYPES });
  const type = sec.req('type', typeCheck, 'MLPNet');
  const typeOk = typeCheck(sec.get('type')).ok;
  // With an unusable type, only keys no net type takes are flagged (the type is reported).
  if (typeOk) sec.keys(netKeys(type), netKeyRules(type));
  else sec.keys(ALL_NET_KEYS, netKeyRules('MLPNet'));

  const userActivation = sec.has('hid_layers_activation');
  const hidAct = sec.opt('hid_layers_activation', activation, NET_DEFAULTS.hid_layers_activation);
  const isRnn = type === 'RecurrentNet';
  const isAmago = (AMAGO_NET_TYPES as readonly string[]).includes(type);

  const spec: ResolvedNetSpec = {
    type,
    shared: sec.opt('shared', bool, NET_DEFAULTS.shared),
    hid_layers: type === 'MLPNet' ? sec.list('hid_layers', units, layerList) : [],
    fc_hid_layers: type === 'MLPNet' ? [] : sec.list('fc_hid_layers', units, layerList, [...NET_DEFAULTS.fc_hid_layers]),
    conv_hid_layers: convRows(sec, type),
    cnn: null,
    hid_layers_activation: hidAct,
    out_layer_activation: sec.opt('out_layer_activation', outActivation, NET_DEFAULTS.out_layer_activation),
    init_fn: initFn(sec),
    policy_head_init_scale: sec.opt('policy_head_init_scale', nullable(num({ gt: 0 })), NET_DEFAULTS.policy_head_init_scale),
    batch_norm: false,
    normalize: isAmago ? NET_DEFAULTS.normalize : sec.opt('normalize', bool, NET_DEFAULTS.normalize),
    clip_grad_val: sec.opt('clip_grad_val', nullable(num({ gt: 0 })), NET_DEFAULTS.clip_grad_val),
    loss_spec: resolveLoss(sec.sub('loss_spec')),
    optim_spec: defaultOptim(),
    actor_optim_spec: optim(sec, 'actor_optim_spec'),
    critic_optim_spec: optim(sec, 'critic_optim_spec'),
    use_same_optim: sec.opt('use_same_optim', bool, NET_DEFAULTS.use_same_optim),
    lr_scheduler_spec: lrScheduler(sec),
    update_type: sec.opt('update_type', oneOf(['replace', 'polyak'] as const, 'update_type'), NET_DEFAULTS.update_type),
    update_frequency: sec.opt('update_frequency', posInt(LIMITS.steps), NET_DEFAULTS.update_frequency),
    polyak_coef: sec.opt('polyak_coef', num({ min: 0, max: 1 }), NET_DEFAULTS.polyak_coef),
    gpu: sec.opt('gpu', gpu, NET_DEFAULTS.gpu),
    // Not recurrent: rnn_hidden_size 0 and seq_len 1 (unused).
    cell_type: isRnn ? sec.opt('cell_type', oneOf(CELL_TYPES, 'cell_type', { caseInsensitive: true }), RNN_DEFAULTS.cell_type) : RNN_DEFAULTS.cell_type,
    rnn_hidden_size: isRnn ? sec.req('rnn_hidden_size', units, 1) : 0,
    rnn_num_layers: isRnn ? sec.opt('rnn_num_layers', posInt(LIMITS.rnn_layers), RNN_DEFAULTS.rnn_num_layers) : RNN_DEFAULTS.rnn_num_layers,
    bidirectional: isRnn ? sec.opt('bidirectional', bool, RNN_DEFAULTS.bidirectional) : RNN_DEFAULTS.bidirectional,
    seq_len: isRnn ? sec.req('seq_len', posInt(LIMITS.seq_len), 1) : 1,
    aug: null,
  };
  // optim_spec: the user's, else the actor's (SLM Lab's shared actor-critic nets use it), else Adam.
  const given = optim(sec, 'optim_spec');
  spec.optim_spec = given ?? (spec.actor_optim_spec ? { ...spec.actor_optim_spec } : spec.optim_spec);

  if (spec.update_type === 'polyak' && spec.polyak_coef === 0) {
    // SLM Lab's polyak update is target = coef * net + (1 - coef) * target.
    sec.warn('polyak_coef', 'is 0 with update_type polyak: the target net never moves (target = coef * net + (1 - coef) * target)');
  }
  if (spec.gpu !== 'auto') {
    sec.warn('gpu', `kept as ${String(spec.gpu)}, but the backend (webgpu, wasm or cpu) is chosen at run time`);
  }
  const encoderActivation = userActivation ? hidAct : AMAGO_DEFAULTS.activation;
  if (isAmago) spec.cnn = resolveAmagoCnn(sec, type as AmagoCnnName, encoderActivation);
  if (isRnn) spec.cnn = recurrentCnn(sec, encoderActivation);
  const hasConv = type === 'ConvNet' || (isRnn && spec.conv_hid_layers.length > 0);
  if (hasConv) spec.batch_norm = sec.opt('batch_norm', bool, NET_DEFAULTS.batch_norm);
  else if (isRnn && sec.has('batch_norm')) sec.warn('batch_norm', 'applies to a conv_hid_layers encoder only; ignored');
  spec.aug = aug(sec, type, hasConv || spec.cnn !== null);
  return spec;
}

function defaultOptim(): OptimSpec {
  const d = OPTIM_DEFAULTS[OPTIM_DEFAULT_NAME];
  return { name: OPTIM_DEFAULT_NAME, ...d, betas: [d.betas[0], d.betas[1]] };
}

function optim(sec: Section, key: string): OptimSpec | null {
  const s = sec.sub(key, { nullable: true });
  return s ? resolveOptim(s) : null;
}

function lrScheduler(sec: Section): ResolvedNetSpec['lr_scheduler_spec'] {
  const s = sec.sub('lr_scheduler_spec', { nullable: true });
  return s ? resolveLrScheduler(s) : NET_DEFAULTS.lr_scheduler_spec;
}

function convRows(sec: Section, type: NetType): ConvRow[] {
  if (type === 'ConvNet' && !sec.has('conv_hid_layers')) {
    sec.error('conv_hid_layers', 'is required for ConvNet');
    return [];
  }
  if (type !== 'ConvNet' && type !== 'RecurrentNet') return [];
  if (!sec.has('conv_hid_layers')) return [];
  return resolveConvRows(sec.ctx, sec.get('conv_hid_layers'), sec.at('conv_hid_layers')) ?? [];
}

/** RecurrentNet's optional AMAGO per-step encoder, `cnn: {name, ...kwargs}`. */
function recurrentCnn(sec: Section, encoderActivation: Activation): AmagoCnnSpec | null {
  const c = sec.sub('cnn', { nullable: true });
  if (c === null) return null;
  if (sec.has('conv_hid_layers')) {
    sec.error('cnn', 'give either conv_hid_layers or cnn as the per-step encoder, not both');
  }
  const nameCheck = oneOf(AMAGO_CNN_NAMES, 'cnn');
  const name = c.req('name', nameCheck, 'NatureishCNN');
  const all = ['channels', 'kernels', 'strides', 'cnn_block_depths', 'post_group_norm'];
  if (nameCheck(c.get('name')).ok) {
    const own = AMAGO_KWARGS[name];
    const misplaced: Record<string, string> = {};
    for (const k of all) if (!own.includes(k)) misplaced[k] = `${k} is not an argument of ${name}`;
    c.keys(['name', 'activation', ...own], { misplaced });
  } else {
    c.keys(['name', 'activation', ...all]);
  }
  return resolveAmagoCnn(c, name, encoderActivation);
}

function aug(sec: Section, type: NetType, hasImageEncoder: boolean): AugSpec | null {
  const a = sec.sub('aug', { nullable: true });
  if (a === null) return null;
  a.keys(['name', 'pad']);
  const spec: AugSpec = {
    name: a.req('name', oneOf(['DrQv2Aug'] as const, 'augmentation'), 'DrQv2Aug'),
    pad: a.opt('pad', nonNegInt(LIMITS.aug_pad), AUG_DEFAULTS.pad),
  };
  if (!hasImageEncoder && type === 'RecurrentNet') {
    sec.error('aug', 'augments images: give the RecurrentNet an image encoder (conv_hid_layers or cnn)');
  }
  return spec;
}
