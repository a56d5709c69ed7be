/** nn.MaxPool2d(kernel, stride) without padding, on NHWC input. */
import { tf } from '../backend/tf';
import type { ApplyContext, Layer } from './layer';
import { maxPoolOutShape } from './layer_geometry';
import type { NamedParam } from './param';

export { maxPoolOutShape } from './layer_geometry';

/** MaxPool2d(kernel, stride), no padding (AMAGO's IMPALA blocks use 3, 2). */
export class MaxPool2d implements Layer {
  readonly type = 'MaxPool2d';
  readonly outShape: number[];
  readonly params: NamedParam[] = [];
  readonly buffers: NamedParam[] = [];

  constructor(
    readonly name: string,
    inShape: readonly number[],
    readonly kernel = 3,
    readonly stride = 2,
  ) {
    this.outShape = maxPoolOutShape(name, inShape, kernel, stride);
  }

  apply(x: tf.Tensor, _ctx?: ApplyContext): tf.Tensor {
    return tf.maxPool(x as tf.Tensor4D, this.kernel, this.stride, 'valid');
  }

  dispose(): void {}
}
