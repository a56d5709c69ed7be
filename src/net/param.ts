/**
 * A named parameter: a tf.Variable in tfjs layout that remembers its PyTorch state_dict name
 * and shape. tf.Variables get tfjs's auto-generated (globally unique) names; the PyTorch name
 * lives only in `name`, since two nets share PyTorch names and tfjs rejects duplicates.
 */
import { tf } from '../backend/tf';

/** One parameter or buffer of a net. */
export interface NamedParam {
  /** PyTorch state_dict name, e.g. 'conv_model.0.weight'. */
  readonly name: string;
  readonly variable: tf.Variable;
  /** Shape of the same tensor in PyTorch (e.g. Conv2d [out, in, kh, kw]). */
  readonly pytorchShape: number[];
  /**
   * Axis permutation from our layout to PyTorch's: `tf.transpose(variable, perm)` has
   * `pytorchShape`. Identity for vectors; [1, 0] for Linear and RNN weights (ours [in, out]);
   * [3, 2, 0, 1] for Conv2d (ours [kh, kw, in, out]).
   */
  readonly perm: number[];
  /**
   * Set on the first Linear (or RNN weight_ih_l0) after a conv encoder: its input is our NHWC flatten of an
   * [h, w, c] map, while PyTorch flattens (c, h, w). Importing a PyTorch checkpoint must also
   * reorder this weight's input axis (PyTorch index c*h*w + y*w + x, ours (y*w + x)*c + c').
   */
  readonly flattenedInput?: [number, number, number];
}

function inversePerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/**
 * Creates a NamedParam from data in PyTorch layout (row-major `pytorchShape`), permuted into
 * our layout. `trainable` false makes a buffer (e.g. BatchNorm running statistics).
 */
export function createParam(
  name: string,
  pytorchShape: number[],
  perm: number[],
  pytorchData: Float32Array,
  trainable = true,
  flattenedInput?: [number, number, number],
): NamedParam {
  const value = tf.tidy(() => tf.transpose(tf.tensor(pytorchData, pytorchShape, 'float32'), inversePerm(perm)));
  const variable = tf.variable(value, trainable);
  value.dispose();
  const param: NamedParam = { name, variable, pytorchShape, perm };
  return flattenedInput ? { ...param, flattenedInput } : param;
}

/** Our layout of a parameter given in PyTorch's shape and its permutation. */
export function ourShape(pytorchShape: readonly number[], perm: readonly number[]): number[] {
  const inv = inversePerm(perm);
  return inv.map((p) => pytorchShape[p]!);
}
