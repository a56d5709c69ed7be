/** Layers without parameters: activations, flatten, and input rescaling. */
import { tf } from '../backend/tf';
import type { Activation } from '../spec/types';
import { ACTIVATION_TYPES, activate } from './activation';
import type { ApplyContext, Layer } from './layer';
import type { NamedParam } from './param';

const NONE: NamedParam[] = [];

/** An activation module (nn.ReLU, ...). */
export class ActivationLayer implements Layer {
  readonly type: string;
  readonly outShape: number[];
  readonly params = NONE;
  readonly buffers = NONE;
  constructor(
    readonly name: string,
    inShape: readonly number[],
    readonly activation: Activation,
  ) {
    this.type = ACTIVATION_TYPES[activation];
    this.outShape = [...inShape];
  }
  apply(x: tf.Tensor, _ctx?: ApplyContext): tf.Tensor {
    return activate(x, this.activation);
  }
  dispose(): void {}
}

/**
 * Flattens each sample. Our maps are NHWC, so the order is (h, w, c) where PyTorch's is
 * (c, h, w): the count is equal, the next Linear's input axis is permuted (see
 * NamedParam.flattenedInput).
 */
export class Flatten implements Layer {
  readonly type = 'Flatten';
  readonly outShape: number[];
  readonly params = NONE;
  readonly buffers = NONE;
  constructor(
    readonly name: string,
    inShape: readonly number[],
  ) {
    this.outShape = [inShape.reduce((a, b) => a * b, 1)];
  }
  apply(x: tf.Tensor, _ctx?: ApplyContext): tf.Tensor {
    return tf.reshape(x, [x.shape[0]!, this.outShape[0]!]);
  }
  dispose(): void {}
}

/** y = x * scale + shift on float32 input: SLM's normalize (1/255, 0) or AMAGO's (1/128, -1). */
export class Rescale implements Layer {
  readonly type = 'Rescale';
  readonly outShape: number[];
  readonly params = NONE;
  readonly buffers = NONE;
  constructor(
    readonly name: string,
    inShape: readonly number[],
    readonly scale: number,
    readonly shift: number,
  ) {
    this.outShape = [...inShape];
  }
  apply(x: tf.Tensor, _ctx?: ApplyContext): tf.Tensor {
    return tf.tidy(() => {
      const scaled = tf.mul(x, this.scale);
      return this.shift === 0 ? scaled : tf.add(scaled, this.shift);
    });
  }
  dispose(): void {}
}
