/**
 * The supervised losses of learning from demonstrations, from ops with gradients on every backend:
 * - DQfD's large-margin loss (Hester et al. 2018, eq. 2):
 *     J_E = max_a [Q(s, a) + l(a_E, a)] - Q(s, a_E),  l(a_E, a) = margin for a != a_E, else 0,
 *   on demonstration rows only (agent rows count 0), averaged over the batch;
 * - its L2 penalty: the sum of squares of the weights.
 * The one-hot is an int32 oneHot cast to float (a float oneHot is wrong on wasm), and the max's
 * gradient goes to the arg max (tfjs' max gradient), as PyTorch's does.
 */
import { tf } from '../backend/tf';
import { ShapeError } from '../util/errors';

/**
 * mean_i isDemo_i * (max_a [q_ia + margin * (a != a_i)] - q_{i,a_i}) for q [B, n], actions [B]
 * (int32) and isDemo [B] (float 0/1).
 */
export function largeMarginLoss(q: tf.Tensor, actions: tf.Tensor, isDemo: tf.Tensor, margin: number): tf.Scalar {
  return tf.tidy(() => {
    if (q.rank !== 2 || actions.rank !== 1 || isDemo.rank !== 1 || actions.shape[0] !== q.shape[0] || isDemo.shape[0] !== q.shape[0]) {
      throw new ShapeError(`largeMarginLoss: q must be [B, n], actions and isDemo [B] (got [${q.shape}], [${actions.shape}], [${isDemo.shape}])`);
    }
    const idx = actions.dtype === 'int32' ? actions : tf.cast(actions, 'int32');
    const oneHot = tf.cast(tf.oneHot(idx as tf.Tensor1D, q.shape[1]!, 1, 0, 'int32'), 'float32');
    const withMargin = tf.add(q, tf.mul(tf.sub(1, oneHot), margin));
    const expert = tf.sum(tf.mul(q, oneHot), 1);
    return tf.mean(tf.mul(tf.sub(tf.max(withMargin, 1), expert), isDemo)) as tf.Scalar;
  });
}

/** sum over `weights` of sum(w^2): DQfD's L2 regularisation term (times its lambda3 by the caller). */
export function l2Penalty(weights: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => (weights.length === 0 ? tf.scalar(0) : (tf.addN(weights.map((w) => tf.sum(tf.square(w)))) as tf.Scalar)));
}
