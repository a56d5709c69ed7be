/**
 * Weight initialisation with PyTorch's semantics, computed in plain JS on PyTorch-layout arrays
 * (row-major, PyTorch's shape) from the seeded Rng passed in. Layers permute the result into
 * their tfjs layout.
 *
 * - `init_fn: null` gives PyTorch's default init: Linear/Conv2d weight kaiming_uniform_(a=sqrt(5))
 *   (= U(-1/sqrt(fan_in), 1/sqrt(fan_in))) and bias U(-1/sqrt(fan_in), 1/sqrt(fan_in));
 *   GRU/LSTM/RNN every tensor U(-1/sqrt(hidden), 1/sqrt(hidden)); norms weight 1, bias 0.
 * - A named `init_fn` follows SLM Lab's net_util.init_layers: the gain (orthogonal_, xavier_*)
 *   is calculate_gain(hid_layers_activation); kaiming_* takes nonlinearity = the activation
 *   (relu or leaky_relu only); other functions take no argument; biases become 0.
 */
import type { Activation, InitFn } from '../spec/types';
import { SpecError } from '../util/errors';
import type { Rng } from '../util/rng';

/** Product of a shape's dimensions. */
export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** PyTorch's _calculate_fan_in_and_fan_out for a weight of PyTorch shape [out, in, ...kernel]. */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) throw new Error(`pixelpilot internal error: fan of a ${shape.length}-d tensor`);
  const receptive = numel(shape.slice(2));
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

/**
 * torch.nn.init.calculate_gain. `param` is leaky_relu's negative slope (default 0.01).
 * Returns null for the nonlinearities PyTorch rejects (elu, gelu, softplus).
 */
export function calculateGain(nonlinearity: Activation, param?: number): number | null {
  switch (nonlinearity) {
    case 'linear':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      return null;
  }
}

/** n samples of U(lo, hi). */
export function uniformArray(n: number, lo: number, hi: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rng.uniform();
  return out;
}

/** n samples of N(mean, std^2). */
export function normalArray(n: number, mean: number, std: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + std * rng.normal();
  return out;
}

/**
 * torch.nn.init.orthogonal_: the tensor viewed as [rows = shape[0], cols = rest] gets orthonormal
 * rows (rows <= cols) or columns (rows > cols), times `gain`. Q of the QR decomposition of a
 * normal matrix with R's diagonal made positive, computed by modified Gram-Schmidt (applied
 * twice for accuracy), which is that same unique Q.
 */
export function orthogonalArray(shape: readonly number[], gain: number, rng: Rng): Float32Array {
  const rows = shape[0]!;
  const cols = numel(shape) / rows;
  const normal = normalArray(rows * cols, 0, 1, rng);
  // Work on the tall orientation m x n (m >= n), column-major vectors.
  const transpose = rows < cols;
  const m = transpose ? cols : rows;
  const n = transpose ? rows : cols;
  const columns: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const v = new Float64Array(m);
    for (let i = 0; i < m; i++) v[i] = transpose ? normal[j * cols + i]! : normal[i * cols + j]!;
    for (let pass = 0; pass < 2; pass++) {
      for (const q of columns) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[i]! * v[i]!;
        for (let i = 0; i < m; i++) v[i] = v[i]! - dot * q[i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) v[i] = v[i]! / norm;
    columns.push(v);
  }
  const out = new Float32Array(rows * cols);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      const value = gain * columns[j]![i]!;
      if (transpose) out[j * cols + i] = value;
      else out[i * cols + j] = value;
    }
  }
  return out;
}

/** What a layer needs to initialise its parameters. */
export interface InitOptions {
  rng: Rng;
  /** SLM Lab's init_fn; null = PyTorch's default init. */
  initFn: InitFn | null;
  /** hid_layers_activation: picks the gain / nonlinearity of a named init_fn. */
  activation: Activation;
}

/** PyTorch's default Linear/Conv2d weight: kaiming_uniform_(a=sqrt(5)) = U(+-1/sqrt(fan_in)). */
export function defaultWeight(shape: readonly number[], rng: Rng): Float32Array {
  const bound = 1 / Math.sqrt(fans(shape).fanIn);
  return uniformArray(numel(shape), -bound, bound, rng);
}

/** PyTorch's default Linear/Conv2d bias: U(+-1/sqrt(fan_in)) of the layer's weight. */
export function defaultBias(n: number, fanIn: number, rng: Rng): Float32Array {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return uniformArray(n, -bound, bound, rng);
}

function initProblem(message: string): SpecError {
  return new SpecError([{ path: 'net.init_fn', message }]);
}

/** Throws SpecError where SLM Lab / PyTorch would reject this init_fn with this activation. */
export function checkInitFn(initFn: InitFn | null, activation: Activation): void {
  if (initFn === null) return;
  if (initFn.startsWith('kaiming') && activation !== 'relu' && activation !== 'leaky_relu') {
    throw initProblem(`${initFn} needs hid_layers_activation relu or leaky_relu (got ${activation})`);
  }
  if ((initFn === 'orthogonal_' || initFn.startsWith('xavier')) && calculateGain(activation) === null) {
    throw initProblem(`PyTorch's calculate_gain does not support ${activation} (needed by ${initFn})`);
  }
}

/** A weight of PyTorch shape `shape` initialised by SLM Lab's named init_fn. */
export function namedInitWeight(
  initFn: InitFn,
  shape: readonly number[],
  activation: Activation,
  rng: Rng,
): Float32Array {
  checkInitFn(initFn, activation);
  const n = numel(shape);
  const gain = calculateGain(activation) ?? 1;
  switch (initFn) {
    case 'orthogonal_':
      return orthogonalArray(shape, gain, rng);
    case 'xavier_uniform_': {
      const { fanIn, fanOut } = fans(shape);
      const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
      return uniformArray(n, -bound, bound, rng);
    }
    case 'xavier_normal_': {
      const { fanIn, fanOut } = fans(shape);
      return normalArray(n, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), rng);
    }
    case 'kaiming_uniform_': {
      // a = 0, mode fan_in: calculate_gain(nonlinearity, 0) = sqrt(2) for relu and leaky_relu.
      const bound = Math.SQRT2 * Math.sqrt(3 / fans(shape).fanIn);
      return uniformArray(n, -bound, bound, rng);
    }
    case 'kaiming_normal_':
      return normalArray(n, 0, Math.SQRT2 / Math.sqrt(fans(shape).fanIn), rng);
    case 'uniform_':
      return uniformArray(n, 0, 1, rng);
    case 'normal_':
      return normalArray(n, 0, 1, rng);
    case 'zeros_':
      return new Float32Array(n);
    case 'ones_':
      return new Float32Array(n).fill(1);
  }
}

/** Weight and bias of a Linear/Conv2d (PyTorch shapes), default or by init_fn. */
export function initWeightAndBias(
  weightShape: readonly number[],
  init: InitOptions,
): { weight: Float32Array; bias: Float32Array } {
  const outFeatures = weightShape[0]!;
  if (init.initFn === null) {
    const weight = defaultWeight(weightShape, init.rng);
    return { weight, bias: defaultBias(outFeatures, fans(weightShape).fanIn, init.rng) };
  }
  const weight = namedInitWeight(init.initFn, weightShape, init.activation, init.rng);
  return { weight, bias: new Float32Array(outFeatures) };
}

/**
 * AMAGO's cnn.weight_init (NatureishCNN, DrQCNN): conv weight zero except the centre tap,
 * which is orthogonal_ with gain calculate_gain('leaky_relu'); bias 0. Shape [out, in, k, k].
 */
export function amagoConvWeight(shape: readonly number[], rng: Rng): Float32Array {
  const [out, inC, kh, kw] = shape as [number, number, number, number];
  const weight = new Float32Array(numel(shape));
  const centre = orthogonalArray([out, inC], calculateGain('leaky_relu')!, rng);
  const mh = Math.floor(kh / 2);
  const mw = Math.floor(kw / 2);
  for (let o = 0; o < out; o++) {
    for (let i = 0; i < inC; i++) weight[((o * inC + i) * kh + mh) * kw + mw] = centre[o * inC + i]!;
  }
  return weight;
}
