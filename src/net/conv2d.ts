/**
 * nn.Conv2d on NHWC input. Kernel, stride, padding and dilation are [h, w] pairs; padding may
 * be explicit numbers (zeros on both sides, like PyTorch), 'valid' or 'same' (stride 1, extra
 * padding at the bottom/right as PyTorch does). Weight stored [kh, kw, in, out] for tfjs,
 * named and shaped [out, in, kh, kw] for PyTorch.
 */
import { tf } from '../backend/tf';
import { conv2dGeometry, type Conv2dConfig, type Pads } from './layer_geometry';
import { amagoConvWeight, initWeightAndBias, type InitOptions } from './init';
import { disposeParams, type ApplyContext, type Layer } from './layer';
import { createParam, type NamedParam } from './param';

export { conv2dGeometry, type Conv2dConfig, type Conv2dGeometry } from './layer_geometry';

/** A Conv2d layer with PyTorch's names (`${name}.weight` [out,in,kh,kw], `${name}.bias`). */
export class Conv2d implements Layer {
  readonly type = 'Conv2d';
  readonly outShape: number[];
  readonly params: NamedParam[];
  readonly buffers: NamedParam[] = [];
  private readonly weight: tf.Variable;
  private readonly bias: tf.Variable;
  private readonly stride: [number, number];
  private readonly dilation: [number, number];
  private readonly pads: Pads;
  /** Output size of the stride-1 conv used when stride and dilation are both > 1. */
  private readonly denseSize: [number, number];

  constructor(
    readonly name: string,
    inShape: readonly number[],
    config: Conv2dConfig,
    init: InitOptions,
  ) {
    const [, , c] = inShape as [number, number, number];
    const kernel = config.kernel;
    const geometry = conv2dGeometry(name, inShape, config);
    this.stride = geometry.stride;
    this.dilation = geometry.dilation;
    this.pads = geometry.pads;
    this.denseSize = geometry.denseSize;
    this.outShape = geometry.outShape;

    const shape = [config.outChannels, c, kernel[0], kernel[1]];
    let { weight, bias } = initWeightAndBias(shape, init);
    if (init.initFn === null && config.defaultInit === 'amago') {
      weight = amagoConvWeight(shape, init.rng);
      bias = new Float32Array(config.outChannels);
    }
    const wp = createParam(`${name}.weight`, shape, [3, 2, 0, 1], weight);
    const bp = createParam(`${name}.bias`, [config.outChannels], [0], bias);
    this.params = [wp, bp];
    this.weight = wp.variable;
    this.bias = bp.variable;
  }

  apply(x: tf.Tensor, _ctx?: ApplyContext): tf.Tensor {
    return tf.tidy(() => {
      const x4 = x as tf.Tensor4D;
      const w4 = this.weight as tf.Tensor4D;
      const pad = this.pads.every(([a, b]) => a === 0 && b === 0)
        ? 'valid'
        : ([[0, 0], this.pads[0], this.pads[1], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]]);
      const strided = this.stride[0] > 1 || this.stride[1] > 1;
      const dilated = this.dilation[0] > 1 || this.dilation[1] > 1;
      let y: tf.Tensor4D;
      if (strided && dilated) {
        // tfjs refuses stride and dilation both > 1: convolve densely, then keep every
        // stride-th row/column (pad + reshape + slice, all of which have gradients).
        const dense = tf.conv2d(x4, w4, 1, pad, 'NHWC', this.dilation);
        y = this.subsample(dense);
      } else {
        y = tf.conv2d(x4, w4, this.stride, pad, 'NHWC', this.dilation);
      }
      return tf.add(y, this.bias);
    });
  }

  private subsample(dense: tf.Tensor4D): tf.Tensor4D {
    const [oh, ow, oc] = this.outShape as [number, number, number];
    const [sh, sw] = this.stride;
    const b = dense.shape[0];
    const padded = tf.pad(dense, [[0, 0], [0, oh * sh - this.denseSize[0]], [0, ow * sw - this.denseSize[1]], [0, 0]]);
    const grid = tf.reshape(padded, [b, oh, sh, ow, sw, oc]);
    return tf.reshape(tf.slice(grid, [0, 0, 0, 0, 0, 0], [b, oh, 1, ow, 1, oc]), [b, oh, ow, oc]);
  }

  dispose(): void {
    disposeParams(this.params);
  }
}
