/**
 * Zero gradients for comparison and logical ops. tfjs-core registers none, so
 * `tf.where(tf.greater(x, 0), a, b)` with x on the tape fails ("gradient function not found for
 * Greater"). These ops are piecewise constant: their gradient is zero almost everywhere, which is
 * what TensorFlow and PyTorch use.
 */
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { tf } from './tf_core';

const BINARY = ['Greater', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr'];

/** Zero-gradient configs for the comparison/logical kernels tfjs-core leaves without one. */
export const comparisonGradConfigs: readonly GradConfig[] = [
  ...BINARY.map((kernelName) => ({
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (_dy: Tensor | Tensor[], saved: Tensor[]) => {
      const [a, b] = saved;
      return { a: () => tf.zeros(a.shape), b: () => tf.zeros(b.shape) };
    },
  })),
  {
    kernelName: 'LogicalNot',
    inputsToSave: ['x'],
    gradFunc: (_dy: Tensor | Tensor[], saved: Tensor[]) => ({ x: () => tf.zeros(saved[0].shape) }),
  },
];
