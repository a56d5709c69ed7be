/**
 * How our weights map onto a PyTorch state_dict. Our tensors are tfjs-friendly (Linear and RNN
 * weights [in, out], Conv2d [kh, kw, in, out], images NHWC); PyTorch's are [out, in],
 * [out, in, kh, kw] and NCHW. Each NamedParam carries the axis permutation, and the first
 * Linear after a conv encoder also the [h, w, c] map whose flatten order differs
 * (ours (h, w, c), PyTorch's (c, h, w)). A checkpoint import must apply both.
 */
import { tf } from '../backend/tf';
import { ShapeError } from '../util/errors';
import type { Net } from './net';
import type { NamedParam } from './param';

/** One tensor of a net, described for PyTorch interchange. */
export interface PytorchParamLayout {
  /** state_dict key. */
  name: string;
  kind: 'parameter' | 'buffer';
  /** Our (tfjs) shape. */
  shape: number[];
  pytorchShape: number[];
  /** `tf.transpose(ours, perm)` has pytorchShape (before the flatten reorder below). */
  perm: number[];
  /** First Linear after a conv: its input axis is our (h, w, c) flatten of this map. */
  flattenedInput?: [number, number, number];
}

/** Every parameter then every buffer of `net`, in state_dict order, with both layouts. */
export function describePytorchLayout(net: Net): PytorchParamLayout[] {
  const describe = (p: NamedParam, kind: PytorchParamLayout['kind']): PytorchParamLayout => {
    const row: PytorchParamLayout = { name: p.name, kind, shape: [...p.variable.shape], pytorchShape: p.pytorchShape, perm: p.perm };
    return p.flattenedInput ? { ...row, flattenedInput: p.flattenedInput } : row;
  };
  return [...net.parameters.map((p) => describe(p, 'parameter')), ...net.buffers.map((p) => describe(p, 'buffer'))];
}

/** A PyTorch-layout tensor (row-major data of `param.pytorchShape`) in our layout. */
export function pytorchToOurs(param: NamedParam, data: Float32Array): tf.Tensor {
  const size = param.pytorchShape.reduce((a, b) => a * b, 1);
  if (data.length !== size) throw new ShapeError(`${param.name}: expected ${size} values for [${param.pytorchShape}] (got ${data.length})`);
  return tf.tidy(() => {
    let t = tf.tensor(data, param.pytorchShape, 'float32');
    if (param.flattenedInput) {
      // PyTorch's input index runs over (c, h, w); ours over (h, w, c).
      const [h, w, c] = param.flattenedInput;
      const out = param.pytorchShape[0]!;
      t = tf.reshape(tf.transpose(tf.reshape(t, [out, c, h, w]), [0, 2, 3, 1]), [out, h * w * c]);
    }
    const inverse = new Array<number>(param.perm.length);
    param.perm.forEach((p, i) => (inverse[p] = i));
    return tf.transpose(t, inverse);
  });
}

/** Our tensor of `param` in PyTorch's layout (inverse of pytorchToOurs). */
export function oursToPytorch(param: NamedParam): tf.Tensor {
  return tf.tidy(() => {
    let t: tf.Tensor = tf.transpose(param.variable, param.perm);
    if (param.flattenedInput) {
      const [h, w, c] = param.flattenedInput;
      const out = param.pytorchShape[0]!;
      t = tf.reshape(tf.transpose(tf.reshape(t, [out, h, w, c]), [0, 3, 1, 2]), [out, c * h * w]);
    }
    return t;
  });
}
