/** The nets: building nets from resolved specs, heads, init, and PyTorch layout helpers. */
export { buildNet, isStatefulNet } from './net';
export type { BuildNetOptions, ForwardOptions, LayerSummary, NamedParam, Net, RnnState, StatefulNet } from './net';
export { inferOutDims } from './heads';
export type { HeadRole, NetPlan, OutDimsPlan } from './heads';
export { describePytorchLayout, oursToPytorch, pytorchToOurs } from './pytorch_layout';
export type { PytorchParamLayout } from './pytorch_layout';
export { formatSummary } from './summary';
export { calculateGain } from './init';
export { DrQv2Aug } from './drqv2_aug';
