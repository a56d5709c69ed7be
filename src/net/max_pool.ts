/** nn.MaxPool2d(kernel, stride) without padding, on NHWC input. */
import { tf } from '../backend/tf';
import { ShapeError } from '../util/errors';
import type { ApplyContext, Layer } from './layer';
import type { NamedParam } from './param';

/** The per-sample output [h, w, c] of MaxPool2d(kernel, stride) on [h, w, c]; ShapeError when the input is smaller than the window. */
export function maxPoolOutShape(name: string, inShape: readonly number[], kernel = 3, stride = 2): number[] {
  const [h, w, c] = inShape as [number, number, number];
  const out = (n: number): number => Math.floor((n - kernel) / stride) + 1;
  if (h < kernel || w < kernel) throw new ShapeError(`${name}: input ${h}x${w} is smaller than the pool window ${kernel}`);
  return [out(h), out(w), c];
}

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
