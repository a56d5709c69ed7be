/**
 * Action distributions over a policy net's heads, as tf ops with gradients on every backend:
 * Categorical (logits, optional action mask), MultiCategorical (one Categorical per sub-action)
 * and Normal (mean and log-std heads, diagonal). They hold the head tensors without owning them;
 * every method returns a new tensor the caller disposes (run them inside tf.tidy).
 *
 * wasm traps avoided: one-hots are int32 then cast (a float oneHot is wrong on wasm) and no
 * gather with batchDims is used.
 */
import { tf } from '../backend/tf';
import type { ActionSpace } from '../env/env';
import { ShapeError } from '../util/errors';
import { LOG_STD_RANGE } from './log_std_range';

/**
 * Added to the logits of masked (disallowed) actions: exp() of it underflows to exactly 0, so a
 * masked action has probability 0 and contributes 0 to the entropy, yet stays finite.
 */
export const MASKED_LOGIT = -1e9;

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export { LOG_STD_RANGE };

/** What the policy-gradient algorithms need of a distribution over a batch of B states. */
export interface ActionDistribution {
  /** log pi(a|s) of `actions` ([B] int32, [B, k] int32 or [B, d] float32): [B]. */
  logProb(actions: tf.Tensor): tf.Tensor1D;
  /** Entropy of each state's distribution: [B]. */
  entropy(): tf.Tensor1D;
}

/**
 * Logits with masked actions pushed to MASKED_LOGIT. `mask` [B, n] (1 = allowed, any dtype).
 * The mask enters by addition, so the logits' gradient passes through unchanged where allowed.
 */
export function maskLogits(logits: tf.Tensor2D, mask: tf.Tensor | null | undefined): tf.Tensor2D {
  if (mask == null) return tf.clone(logits);
  if (!tf.util.arraysEqual(mask.shape, logits.shape)) {
    throw new ShapeError(`action mask has shape [${mask.shape}], logits [${logits.shape}]`);
  }
  return tf.tidy(() => tf.add(logits, tf.mul(tf.sub(1, tf.cast(mask, 'float32')), MASKED_LOGIT)) as tf.Tensor2D);
}

/** A categorical distribution per row of logits [B, n], optionally masked. */
export class Categorical implements ActionDistribution {
  readonly n: number;
  private readonly logits: tf.Tensor2D;
  private readonly mask: tf.Tensor | null;

  /** `mask` [B, n], 1 = allowed (default: every action allowed). */
  constructor(logits: tf.Tensor, mask: tf.Tensor | null = null) {
    if (logits.rank !== 2) throw new ShapeError(`Categorical: logits must be [batch, n] (got [${logits.shape}])`);
    this.logits = logits as tf.Tensor2D;
    this.n = logits.shape[1]!;
    this.mask = mask;
  }

  /** log_softmax of the (masked) logits: [B, n]. */
  logProbs(): tf.Tensor2D {
    return tf.tidy(() => tf.logSoftmax(maskLogits(this.logits, this.mask)));
  }

  logProb(actions: tf.Tensor): tf.Tensor1D {
    return tf.tidy(() => {
      if (actions.rank !== 1 || actions.shape[0] !== this.logits.shape[0]) {
        throw new ShapeError(`Categorical.logProb: actions must be [${this.logits.shape[0]}] (got [${actions.shape}])`);
      }
      const idx = actions.dtype === 'int32' ? actions : tf.cast(actions, 'int32');
      const onehot = tf.cast(tf.oneHot(idx as tf.Tensor1D, this.n, 1, 0, 'int32'), 'float32');
      return tf.sum(tf.mul(onehot, this.logProbs()), 1) as tf.Tensor1D;
    });
  }

  entropy(): tf.Tensor1D {
    return tf.tidy(() => {
      const logp = this.logProbs();
      return tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)) as tf.Tensor1D;
    });
  }
}

/** Independent categoricals, one per sub-action (multi-discrete spaces): sums of their terms. */
export class MultiCategorical implements ActionDistribution {
  private readonly logits: readonly tf.Tensor[];
  private readonly sizes: number[];
  private readonly mask: tf.Tensor | null;

  /**
   * `logits`: one [B, nvec[i]] tensor per sub-action. `mask`, when given, is [B, sum(nvec)]:
   * the sub-actions' masks side by side.
   */
  constructor(logits: readonly tf.Tensor[], mask: tf.Tensor | null = null) {
    if (logits.length === 0) throw new ShapeError('MultiCategorical needs at least one logits head');
    this.sizes = logits.map((l) => l.shape[1] ?? 0);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    if (mask && (mask.rank !== 2 || mask.shape[1] !== total)) {
      throw new ShapeError(`MultiCategorical: mask must be [batch, ${total}] (got [${mask.shape}])`);
    }
    this.logits = logits;
    this.mask = mask;
  }

  /** One Categorical per sub-action; mask slices are made here, so call inside tf.tidy. */
  private parts(): Categorical[] {
    let offset = 0;
    return this.logits.map((l, i) => {
      const part = this.mask ? tf.slice(this.mask, [0, offset], [-1, this.sizes[i]!]) : null;
      offset += this.sizes[i]!;
      return new Categorical(l, part);
    });
  }

  logProb(actions: tf.Tensor): tf.Tensor1D {
    return tf.tidy(() => {
      if (actions.rank !== 2 || actions.shape[1] !== this.logits.length) {
        throw new ShapeError(`MultiCategorical.logProb: actions must be [batch, ${this.logits.length}] (got [${actions.shape}])`);
      }
      const cols = tf.unstack(actions, 1);
      return tf.addN(this.parts().map((p, i) => p.logProb(cols[i]!))) as tf.Tensor1D;
    });
  }

  entropy(): tf.Tensor1D {
    return tf.tidy(() => tf.addN(this.parts().map((p) => p.entropy())) as tf.Tensor1D);
  }
}

/** A diagonal Normal from mean [B, d] and log-std [B, d] heads (log-std clamped to LOG_STD_RANGE). */
export class Normal implements ActionDistribution {
  private readonly mean: tf.Tensor2D;
  private readonly logStdRaw: tf.Tensor2D;

  constructor(mean: tf.Tensor, logStd: tf.Tensor) {
    if (mean.rank !== 2 || !tf.util.arraysEqual(mean.shape, logStd.shape)) {
      throw new ShapeError(`Normal: mean [${mean.shape}] and log_std [${logStd.shape}] must both be [batch, d]`);
    }
    this.mean = mean as tf.Tensor2D;
    this.logStdRaw = logStd as tf.Tensor2D;
  }

  /** The clamped log-std [B, d]. */
  logStd(): tf.Tensor2D {
    return tf.clipByValue(this.logStdRaw, LOG_STD_RANGE[0], LOG_STD_RANGE[1]);
  }

  logProb(actions: tf.Tensor): tf.Tensor1D {
    return tf.tidy(() => {
      if (!tf.util.arraysEqual(actions.shape, this.mean.shape)) {
        throw new ShapeError(`Normal.logProb: actions must be [${this.mean.shape}] (got [${actions.shape}])`);
      }
      const logStd = this.logStd();
      const z = tf.mul(tf.sub(tf.cast(actions, 'float32'), this.mean), tf.exp(tf.neg(logStd)));
      const perDim = tf.sub(tf.sub(tf.mul(tf.square(z), -0.5), logStd), HALF_LOG_2PI);
      return tf.sum(perDim, 1) as tf.Tensor1D;
    });
  }

  entropy(): tf.Tensor1D {
    return tf.tidy(() => tf.sum(tf.add(this.logStd(), 0.5 + HALF_LOG_2PI), 1) as tf.Tensor1D);
  }
}

/**
 * The distribution an action space implies over a net's policy heads (in inferOutDims' order):
 * discrete -> Categorical, multi_discrete -> MultiCategorical, continuous -> Normal.
 */
export function distributionFor(space: ActionSpace, heads: readonly tf.Tensor[], mask: tf.Tensor | null = null): ActionDistribution {
  switch (space.type) {
    case 'discrete':
      return new Categorical(heads[0]!, mask);
    case 'multi_discrete':
      return new MultiCategorical(heads.slice(0, space.nvec.length), mask);
    case 'continuous':
      if (mask) throw new ShapeError('action masks need a discrete action space');
      return new Normal(heads[0]!, heads[1]!);
  }
}
