/**
 * Activations by SLM Lab's names (lower-case torch.nn class names), with PyTorch's constants.
 * Only ops that have gradients on every backend are used (no fused activations).
 */
import { tf } from '../backend/tf';
import type { Activation } from '../spec/types';

/** PyTorch's nn.LeakyReLU default negative slope (tfjs defaults to 0.2). */
export const LEAKY_RELU_SLOPE = 0.01;

/** torch.nn class names, used in summaries and PyTorch module descriptions. */
export const ACTIVATION_TYPES: Readonly<Record<Activation, string>> = {
  relu: 'ReLU',
  leaky_relu: 'LeakyReLU',
  elu: 'ELU',
  selu: 'SELU',
  gelu: 'GELU',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  softplus: 'Softplus',
  linear: 'Identity',
};

/** Applies an activation by SLM name; 'linear' (and null) is the identity. */
export function activate(x: tf.Tensor, name: Activation | null): tf.Tensor {
  switch (name) {
    case null:
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'leaky_relu':
      return tf.leakyRelu(x, LEAKY_RELU_SLOPE);
    case 'elu':
      return tf.elu(x);
    case 'selu':
      return tf.selu(x);
    case 'gelu':
      // PyTorch's default GELU is the exact erf form, not the tanh approximation.
      return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)));
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'softplus':
      return tf.softplus(x);
  }
}
