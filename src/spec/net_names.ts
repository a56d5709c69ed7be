/**
 * The names a net spec may use: net types, activations and init functions, as SLM Lab writes them.
 */
import type { Activation, InitFn, NetType } from './types';

export const NET_TYPES: readonly NetType[] = [
  'ConvNet',
  'MLPNet',
  'RecurrentNet',
  'NatureishCNN',
  'IMPALAishCNN',
  'DrQCNN',
  'GridworldCNN',
];

/** SLM Lab net types pixelpilot does not build, with what to use instead. */
export const UNSUPPORTED_NET_TYPES: Readonly<Record<string, string>> = {
  HydraMLPNet: 'multi-head multi-body nets (Hydra) are not supported; use MLPNet',
  DuelingMLPNet: 'dueling heads are not supported; use MLPNet',
  DuelingConvNet: 'dueling heads are not supported; use ConvNet',
  TorchArcNet: 'torcharc graphs are not supported; use ConvNet, MLPNet or RecurrentNet',
};

export const ACTIVATIONS: readonly Activation[] = [
  'relu',
  'leaky_relu',
  'elu',
  'selu',
  'gelu',
  'sigmoid',
  'tanh',
  'softplus',
  'linear',
];

export const INIT_FNS: readonly InitFn[] = [
  'orthogonal_',
  'xavier_uniform_',
  'xavier_normal_',
  'kaiming_uniform_',
  'kaiming_normal_',
  'uniform_',
  'normal_',
  'zeros_',
  'ones_',
];

/** The AMAGO encoder types used as whole nets. */
export const AMAGO_NET_TYPES: readonly NetType[] = ['NatureishCNN', 'IMPALAishCNN', 'DrQCNN', 'GridworldCNN'];

export const CELL_TYPES = ['GRU', 'LSTM', 'RNN'] as const;
