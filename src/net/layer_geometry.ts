/**
 * The shapes conv and pooling layers give, computed without tensors: the layers use them, and so
 * does the weight planner, which checks a policy file's spec before anything is built (on the
 * main thread too, where the SDK loads no tfjs).
 */
import { ShapeError, SpecError } from '../util/errors';

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

/** Explicit [[top, bottom], [left, right]] padding. */
export type Pads = [[number, number], [number, number]];

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

/** The per-sample output [h, w, c] of MaxPool2d(kernel, stride) on [h, w, c]; ShapeError when the input is smaller than the window. */
export function maxPoolOutShape(name: string, inShape: readonly number[], kernel = 3, stride = 2): number[] {
  const [h, w, c] = inShape as [number, number, number];
  const out = (n: number): number => Math.floor((n - kernel) / stride) + 1;
  if (h < kernel || w < kernel) throw new ShapeError(`${name}: input ${h}x${w} is smaller than the pool window ${kernel}`);
  return [out(h), out(w), c];
}
