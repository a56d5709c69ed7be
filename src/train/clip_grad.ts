/**
 * Global-norm gradient clipping, as torch.nn.utils.clip_grad_norm_ (what SLM Lab's
 * `clip_grad_val` means): one 2-norm over every gradient, all scaled by the same factor.
 */
import { tf } from '../backend/tf';

/**
 * The 2-norm of all gradients together. Like PyTorch it is the norm of the per-tensor norms,
 * which overflows later than one sum of every square. NaN or Inf if any gradient holds one.
 */
export function globalNorm(grads: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    if (grads.length === 0) return tf.scalar(0);
    const norms = grads.map((g) => tf.sqrt(tf.sum(tf.square(g))));
    return tf.sqrt(tf.sum(tf.square(tf.stack(norms)))) as tf.Scalar;
  });
}

/** Clipped gradients and the norm before clipping (what clip_grad_norm_ returns). */
export interface ClippedGrads {
  grads: tf.Tensor[];
  norm: tf.Scalar;
}

/**
 * Scales every gradient by min(1, maxNorm / (norm + 1e-6)), PyTorch's clip_grad_norm_ with the
 * 2-norm. `norm` may be given when it was already computed (e.g. for a finite check).
 * Returns new tensors; the inputs are not disposed.
 */
export function clipGradNorm(
  grads: readonly tf.Tensor[],
  maxNorm: number,
  norm?: tf.Scalar,
): ClippedGrads {
  return tf.tidy(() => {
    const total = norm ?? globalNorm(grads);
    const coef = tf.minimum(tf.div(maxNorm, tf.add(total, 1e-6)), 1);
    return { grads: grads.map((g) => tf.mul(g, coef)), norm: norm === undefined ? total : tf.clone(total) };
  });
}
