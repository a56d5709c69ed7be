/**
 * The building block of every net: a module with PyTorch's state_dict name that maps a batch
 * (leading batch axis) to a batch. Per-sample shapes exclude the batch axis.
 */
import type { tf } from '../backend/tf';
import type { NamedParam } from './param';

/** Per-call state of a forward pass. */
export interface ApplyContext {
  /** PyTorch's train() mode: BatchNorm uses batch statistics and updates running ones. */
  training: boolean;
}

/** One module of a net. */
export interface Layer {
  /** PyTorch module path, e.g. 'conv_model.0' ('' for modules PyTorch has no name for). */
  readonly name: string;
  /** PyTorch class name, e.g. 'Conv2d', 'ReLU'. */
  readonly type: string;
  /** Per-sample output shape. */
  readonly outShape: number[];
  readonly params: NamedParam[];
  readonly buffers: NamedParam[];
  apply(x: tf.Tensor, ctx: ApplyContext): tf.Tensor;
  dispose(): void;
}

/** Disposes every variable of the given params. */
export function disposeParams(params: readonly NamedParam[]): void {
  for (const p of params) p.variable.dispose();
}
