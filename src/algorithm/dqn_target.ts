/**
 * The tensor maths of Q-learning: Q(s, a) of the taken actions and the TD target
 * r + gamma * (1 - terminated) * Q_eval(s', a*), with a* = argmax of Q_select(s') over the allowed
 * actions (plain/vanilla DQN: Q_select = Q_eval, so this is the max; DoubleDQN: Q_select is the
 * online net, Q_eval the target net).
 *
 * wasm traps avoided: the action one-hot is an int32 oneHot cast to float (a float oneHot returns
 * wrong numbers on wasm), and no gather is used.
 */
import { tf } from '../backend/tf';
import { ShapeError } from '../util/errors';

/**
 * Added to the Q-values of disallowed actions before a max/argmax: large enough to never win,
 * finite so no NaN or Inf reaches a loss or a gradient.
 */
export const MASKED_Q = -1e9;

/** Q(s, a): the entry of each row of `q` [B, n] at `actions` [B] (int32), as a [B] tensor. */
export function actionValues(q: tf.Tensor, actions: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    if (q.rank !== 2 || actions.rank !== 1 || actions.shape[0] !== q.shape[0]) {
      throw new ShapeError(`actionValues: q must be [B, n] and actions [B] (got [${q.shape}] and [${actions.shape}])`);
    }
    const indices = actions.dtype === 'int32' ? actions : tf.cast(actions, 'int32');
    const oneHot = tf.cast(tf.oneHot(indices as tf.Tensor1D, q.shape[1]!, 1, 0, 'int32'), 'float32');
    return tf.sum(tf.mul(q, oneHot), 1) as tf.Tensor1D;
  });
}

/** `q` [B, n] with MASKED_Q added where `mask` [B, n] (float 0/1) is 0; `q` itself without a mask. */
export function maskQ(q: tf.Tensor, mask: tf.Tensor | null): tf.Tensor {
  if (mask === null) return tf.clone(q);
  return tf.tidy(() => tf.add(q, tf.mul(tf.sub(1, mask), MASKED_Q)));
}

/** What `tdTargets` needs (all tensors are read, not disposed). */
export interface TdTargetInputs {
  /** [B] rewards. */
  rewards: tf.Tensor;
  /** [B] 1 where the episode terminated (no bootstrap); truncation is not termination. */
  terminated: tf.Tensor;
  /** Q-values of s' that evaluate the chosen next action: [B, n]. */
  nextQEval: tf.Tensor;
  /** Q-values of s' that choose the next action (DoubleDQN's online net); default nextQEval. */
  nextQSelect?: tf.Tensor;
  /** [B, n] float 0/1 masks of s' (1 = allowed), or null. */
  nextMask?: tf.Tensor | null;
  gamma: number;
}

/** r + gamma * (1 - terminated) * Q_eval(s', argmax_a Q_select(s', a)), shape [B]. */
export function tdTargets(x: TdTargetInputs): tf.Tensor1D {
  return tf.tidy(() => {
    const b = x.nextQEval.shape[0]!;
    for (const [name, t] of [['rewards', x.rewards], ['terminated', x.terminated]] as const) {
      if (t.rank !== 1 || t.shape[0] !== b) throw new ShapeError(`tdTargets: ${name} must be [${b}] (got [${t.shape}])`);
    }
    const next = bootstrapValues('tdTargets', x.nextQEval, x.nextQSelect, x.nextMask ?? null);
    const bootstrap = tf.mul(tf.sub(1, x.terminated), next);
    return tf.add(x.rewards, tf.mul(bootstrap, x.gamma)) as tf.Tensor1D;
  });
}

/** What `nStepTargets` needs (all tensors are read, not disposed). */
export interface NStepTargetInputs {
  /** [B] sum_{j<k} gamma^j r_{t+j}. */
  returns: tf.Tensor;
  /** [B] gamma^k, 0 where the episode terminated within the n steps. */
  discounts: tf.Tensor;
  /** Q-values of the bootstrap observations s_{t+k}: [B, n]. */
  nextQEval: tf.Tensor;
  nextQSelect?: tf.Tensor;
  nextMask?: tf.Tensor | null;
}

/** DQfD's n-step target: R + gamma^k * Q_eval(s_{t+k}, argmax_a Q_select(s_{t+k}, a)), shape [B]. */
export function nStepTargets(x: NStepTargetInputs): tf.Tensor1D {
  return tf.tidy(() => {
    const b = x.nextQEval.shape[0]!;
    for (const [name, t] of [['returns', x.returns], ['discounts', x.discounts]] as const) {
      if (t.rank !== 1 || t.shape[0] !== b) throw new ShapeError(`nStepTargets: ${name} must be [${b}] (got [${t.shape}])`);
    }
    const next = bootstrapValues('nStepTargets', x.nextQEval, x.nextQSelect, x.nextMask ?? null);
    return tf.add(x.returns, tf.mul(x.discounts, next)) as tf.Tensor1D;
  });
}

/** Q_eval(s', argmax_a Q_select(s', a)) over the allowed actions (max of Q_eval without Q_select): [B]. */
function bootstrapValues(op: string, qEval: tf.Tensor, qSelect: tf.Tensor | undefined, mask: tf.Tensor | null): tf.Tensor {
  const [b, n] = qEval.shape as [number, number];
  if (qSelect === undefined) return tf.max(maskQ(qEval, mask), 1);
  if (!tf.util.arraysEqual(qSelect.shape, [b, n])) {
    throw new ShapeError(`${op}: nextQSelect must be [${b}, ${n}] (got [${qSelect.shape}])`);
  }
  const best = tf.argMax(maskQ(qSelect, mask), 1);
  return actionValues(qEval, best);
}
