/**
 * The Net contract other code relies on, and `buildNet`, which builds the net a resolved spec
 * describes. Nets hold their weights in tf.Variables (dispose() frees them); parameters are
 * listed in PyTorch state_dict order with PyTorch's names and shapes.
 */
import { tf } from '../backend/tf';
import type { ResolvedNetSpec } from '../spec/types';
import { ShapeError } from '../util/errors';
import type { Rng } from '../util/rng';
import { FeedForwardNet } from './feedforward_net';
import type { NamedParam } from './param';
import type { RnnState } from './recurrent_layer';
import { RecurrentNet } from './recurrent_net';
import type { LayerSummary } from './summary';

export type { NamedParam } from './param';
export type { LayerSummary } from './summary';
export type { RnnState } from './recurrent_layer';

/** Options of one forward pass. */
export interface ForwardOptions {
  /** PyTorch's train() mode: BatchNorm batch statistics (and running-stat updates), augmentation. Default false. */
  training?: boolean;
  /** Rng for the training augmentation; default the net's own stream (forked from the build Rng). */
  rng?: Rng;
  /** RecurrentNet only: state to start the sequence from (default zeros); not disposed. */
  initialState?: RnnState;
}

/** A built net. */
export interface Net {
  readonly spec: ResolvedNetSpec;
  /** Per-sample (RecurrentNet: per-step) observation shape: [h, w, c] or [d]. */
  readonly inShape: number[];
  /** One output size per head. */
  readonly outDims: number[];
  /** Trainable parameters in PyTorch state_dict order. */
  readonly parameters: NamedParam[];
  /** Non-trainable buffers (BatchNorm running_mean/running_var; num_batches_tracked omitted). */
  readonly buffers: NamedParam[];
  readonly recurrent: boolean;
  /**
   * x: [B, ...inShape] (RecurrentNet: [B, T, ...inShape]), uint8-valued int32 or float32.
   * Returns one [B, outDim] tensor per head (RecurrentNet: from the last step). Caller disposes.
   */
  forward(x: tf.Tensor, options?: ForwardOptions): tf.Tensor[];
  /** Trainable parameter count (equals PyTorch's sum of numel over parameters()). */
  paramCount(): number;
  /** One row per module. */
  summary(): LayerSummary[];
  /** Frees every variable of the net. */
  dispose(): void;
}

/** A RecurrentNet: acts one step at a time with a carried hidden state. */
export interface StatefulNet extends Net {
  /** Zero state for a batch (caller disposes). */
  initialState(batch: number): RnnState;
  /**
   * One step: x [B, ...inShape] from `state` (not disposed). Returns the heads and the new
   * state (caller disposes both). Unidirectional RNNs only.
   */
  step(x: tf.Tensor, state: RnnState): { outputs: tf.Tensor[]; state: RnnState };
}

/** Options of buildNet. */
export interface BuildNetOptions {
  /** Per-sample (per-step) observation shape: [h, w, c] for images, [d] for vectors. */
  inShape: number[];
  /** One output size per head (see inferOutDims). */
  outDims: number[];
  /** Seeded stream for weight init (and, forked, for augmentation). */
  rng: Rng;
}

/** Builds the net `spec` describes. Throws SpecError / ShapeError for impossible specs. */
export function buildNet(spec: ResolvedNetSpec, options: BuildNetOptions): Net {
  if (options.inShape.length === 0 || options.inShape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ShapeError(`inShape must be positive integers (got [${options.inShape}])`);
  }
  if (options.outDims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ShapeError(`outDims must be positive integers (got [${options.outDims}])`);
  }
  const existing = new Set(Object.keys(tf.engine().registeredVariables));
  try {
    return spec.type === 'RecurrentNet' ? new RecurrentNet(spec, options) : new FeedForwardNet(spec, options);
  } catch (error) {
    // A spec found impossible half-way must not leak the variables already made.
    for (const [name, variable] of Object.entries(tf.engine().registeredVariables)) {
      if (!existing.has(name)) variable.dispose();
    }
    throw error;
  }
}

/** True for nets with initialState/step (RecurrentNet). */
export function isStatefulNet(net: Net): net is StatefulNet {
  return net.recurrent;
}
