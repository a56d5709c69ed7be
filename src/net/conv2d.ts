/**
 * nn.Conv2d on NHWC input. Kernel, stride, padding and dilation are [h, w] pairs; padding may
 * be explicit numbers (zeros on both sides, like PyTorch), 'valid' or 'same' (stride 1, extra
 * padding at the bottom/right as PyTorch does). Weight stored [kh, kw, in, out] for tfjs,
 * named and shaped [out, in, kh, kw] for PyTorch.
 */
import { tf } from '../backend/tf';
import { ShapeError, SpecError } from '../util/errors';
import { amagoConvWeight, initWeightAndBias, type InitOptions } from './init';
import { disposeParams, type ApplyContext, type Layer } from './layer';
import { createParam, type NamedParam } from './param';

/** Conv2d arguments after in_channels, every size as an [h, w] pair. */
export interface Conv2dConfig {
  outChannels: number;
  kernel: [number, number];
  /** Default [1, 1]. */
  stride?: [number, number];
  /** Default [0, 0]. */
  padding?: [number, number] | 'same' | 'valid';
  /** Default [1, 1]. */
  dilation?: [number, number];
  /** 'amago': AMAGO's centre-tap orthogonal init when init_fn is null. Default 'pytorch'. */
  defaultInit?: 'pytorch' | 'amago';
}

type Pads = [[number, number], [number, number]];

/** Explicit [top, bottom], [left, right] padding of a conv, PyTorch's rule for 'same'. */
function resolvePads(config: Conv2dConfig, kernel: [number, number], dilation: [number, number]): Pads {
  const padding = config.padding ?? [0, 0];
  if (padding === 'valid') return [[0, 0], [0, 0]];
  if (padding === 'same') {
    const total = [0, 1].map((a) => dilation[a]! * (kernel[a]! - 1));
    return [
      [Math.floor(total[0]! / 2), total[0]! - Math.floor(total[0]! / 2)],
      [Math.floor(total[1]! / 2), total[1]! - Math.floor(total[1]! / 2)],
    ];
  }
  return [[padding[0], padding[0]], [padding[1], padding[1]]];
}

/** Where a Conv2d's kernel goes on its input: padding, sizes, and its per-sample output [h, w, out]. */
export interface Conv2dGeometry {
  stride: [number, number];
  dilation: [number, number];
  pads: Pads;
  /** Output size of the stride-1 conv. */
  denseSize: [number, number];
  outShape: number[];
}

/**
 * The geometry of a Conv2d on per-sample input [h, w, c], computed without building anything
 * (the weight planner uses it too). SpecError for 'same' with a stride; ShapeError for an input
 * smaller than the dilated kernel.
 */
export function conv2dGeometry(name: string, inShape: readonly number[], config: Conv2dConfig): Conv2dGeometry {
  const [h, w, c] = inShape as [number, number, number];
  const kernel = config.kernel;
  const stride = config.stride ?? [1, 1];
  const dilation = config.dilation ?? [1, 1];
  if (config.padding === 'same' && (stride[0] !== 1 || stride[1] !== 1)) {
    throw new SpecError([{ path: name, message: "padding 'same' needs stride 1 (as in PyTorch)" }]);
  }
  const pads = resolvePads(config, kernel, dilation);
  const size = [h, w].map((n, a) => {
    const span = dilation[a]! * (kernel[a]! - 1) + 1;
    const padded = n + pads[a]![0] + pads[a]![1];
    return { dense: padded - span + 1, out: Math.floor((padded - span) / stride[a]!) + 1 };
  });
  if (size[0]!.dense < 1 || size[1]!.dense < 1) {
    throw new ShapeError(`${name}: input ${h}x${w}x${c} is smaller than the (dilated) kernel ${kernel.join('x')}`);
  }
  return { stride, dilation, pads, denseSize: [size[0]!.dense, size[1]!.dense], outShape: [size[0]!.out, size[1]!.out, config.outChannels] };
}

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
