/**
 * Losses with torch.nn semantics (MSELoss, SmoothL1Loss, HuberLoss, CrossEntropyLoss), plus
 * optional per-sample weights (prioritized replay's importance weights). Every loss is written
 * from ops whose gradients exist on every backend; comparisons only pick values, never carry
 * gradient.
 */
import { tf } from '../backend/tf';
import type { LossName, LossSpec } from '../spec/types';
import { ShapeError, SpecError } from '../util/errors';

/** How per-element losses become one number: PyTorch's `reduction` ('none' is not offered). */
export type Reduction = 'mean' | 'sum';

/**
 * A loss: `pred` and `target` of the same shape (CrossEntropyLoss: logits [B, C] and class
 * indices [B], or class probabilities [B, C]); `weights` [B] scales each sample's loss
 * before the reduction, so 'mean' is mean(w * l) over all elements, not a weighted average.
 */
export type LossFn = (pred: tf.Tensor, target: tf.Tensor, weights?: tf.Tensor) => tf.Scalar;

/** Options of MSELoss and CrossEntropyLoss. */
export interface ReductionOptions {
  /** Default 'mean'. */
  reduction?: Reduction;
}

/** SmoothL1Loss options. */
export interface SmoothL1Options extends ReductionOptions {
  /** Where the loss turns from quadratic to linear; default 1. 0 gives the L1 loss. */
  beta?: number;
}

/** HuberLoss options. */
export interface HuberOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear; default 1. Must be > 0. */
  delta?: number;
}

/** torch.nn.MSELoss: (pred - target)^2. */
export function MSELoss(options: ReductionOptions = {}): LossFn {
  const reduction = options.reduction ?? 'mean';
  return (pred, target, weights) =>
    tf.tidy(() => {
      checkSameShape('MSELoss', pred, target);
      return reduce(tf.squaredDifference(pred, target), weights, reduction);
    });
}

/**
 * torch.nn.HuberLoss: 0.5 d^2 where |d| <= delta, else delta (|d| - 0.5 delta), d = pred - target.
 * Written as q (d - 0.5 q) with q = clip(d, -delta, delta): equal on both pieces, and its
 * gradient (clip(d, -delta, delta)) flows through clipByValue, which has one on every backend.
 */
export function HuberLoss(options: HuberOptions = {}): LossFn {
  const delta = options.delta ?? 1;
  const reduction = options.reduction ?? 'mean';
  if (!(delta > 0) || !Number.isFinite(delta)) {
    throw new SpecError([{ path: 'loss_spec.beta', message: `HuberLoss delta must be a finite number > 0 (got ${delta})` }]);
  }
  return (pred, target, weights) =>
    tf.tidy(() => {
      checkSameShape('HuberLoss', pred, target);
      return reduce(huber(tf.sub(pred, target), delta), weights, reduction);
    });
}

/**
 * torch.nn.SmoothL1Loss: 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta; beta = 0 is the L1
 * loss (gradient sign(d), 0 at d = 0, as PyTorch). Equals HuberLoss(delta = beta) / beta.
 */
export function SmoothL1Loss(options: SmoothL1Options = {}): LossFn {
  const beta = options.beta ?? 1;
  const reduction = options.reduction ?? 'mean';
  if (!(beta >= 0) || !Number.isFinite(beta)) {
    throw new SpecError([{ path: 'loss_spec.beta', message: `SmoothL1Loss beta must be a finite number >= 0 (got ${beta})` }]);
  }
  return (pred, target, weights) =>
    tf.tidy(() => {
      checkSameShape('SmoothL1Loss', pred, target);
      const d = tf.sub(pred, target);
      // sign() has a zero gradient, so d * sign(d) differentiates to sign(d): PyTorch's L1 grad.
      // beta = 1 (the default) skips the division: x / 1 is exact, and it saves two kernels.
      const elementwise =
        beta === 0 ? tf.mul(d, tf.sign(d)) : beta === 1 ? huber(d, beta) : tf.div(huber(d, beta), beta);
      return reduce(elementwise, weights, reduction);
    });
}

/**
 * torch.nn.CrossEntropyLoss over logits [B, C]: -log_softmax(logits)[target]. Targets are class
 * indices [B] (int32; float indices are cast) or class probabilities [B, C]. Indices become an
 * int32 one-hot cast to float: a float oneHot returns wrong numbers on the wasm backend.
 */
export function CrossEntropyLoss(options: ReductionOptions = {}): LossFn {
  const reduction = options.reduction ?? 'mean';
  return (logits, target, weights) =>
    tf.tidy(() => {
      if (logits.rank !== 2) {
        throw new ShapeError(`CrossEntropyLoss: logits must be [batch, classes] (got [${logits.shape}])`);
      }
      const [batch, classes] = logits.shape as [number, number];
      let probs: tf.Tensor;
      if (target.rank === 1) {
        if (target.shape[0] !== batch) {
          throw new ShapeError(
            `CrossEntropyLoss: ${target.shape[0]} targets for a batch of ${batch} logits`,
          );
        }
        const indices = target.dtype === 'int32' ? target : tf.cast(target, 'int32');
        probs = tf.cast(tf.oneHot(indices as tf.Tensor1D, classes, 1, 0, 'int32'), 'float32');
      } else {
        checkSameShape('CrossEntropyLoss', logits, target);
        probs = target;
      }
      const perSample = tf.neg(tf.sum(tf.mul(probs, tf.logSoftmax(logits)), 1));
      return reduce(perSample, weights, reduction);
    });
}

/** Every loss by its torch.nn name, built from a resolved `loss_spec`. */
export const LOSSES: Readonly<Record<LossName, (spec: LossSpec) => LossFn>> = {
  MSELoss: (s) => MSELoss({ reduction: s.reduction }),
  SmoothL1Loss: (s) => SmoothL1Loss({ beta: s.beta, reduction: s.reduction }),
  HuberLoss: (s) => HuberLoss({ delta: s.beta, reduction: s.reduction }),
  CrossEntropyLoss: (s) => CrossEntropyLoss({ reduction: s.reduction }),
};

/** The loss a resolved `loss_spec` names (`beta` is HuberLoss's delta). */
export function buildLoss(spec: LossSpec): LossFn {
  const make = LOSSES[spec.name];
  if (make === undefined) {
    const names = Object.keys(LOSSES).join(', ');
    throw new SpecError([{ path: 'loss_spec.name', message: `unknown loss "${spec.name}" (one of ${names})` }]);
  }
  return make(spec);
}

/**
 * Elementwise Huber of d: q (d - 0.5 q), q = clip(d, -delta, delta). Its gradient is given
 * directly as dy * q (PyTorch's formula): taping the four forward ops costs ~15 kernels more
 * (a visible share of a small net's step) and gives the same values up to rounding.
 */
function huber(d: tf.Tensor, delta: number): tf.Tensor {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const q = tf.clipByValue(x, -delta, delta);
    save([q]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => tf.mul(dy, saved[0]!);
    return { value: tf.mul(q, tf.sub(x, tf.mul(q, 0.5))), gradFunc };
  })(d);
}

function reduce(elementwise: tf.Tensor, weights: tf.Tensor | undefined, reduction: Reduction): tf.Scalar {
  let l = elementwise;
  if (weights !== undefined) {
    const batch = l.rank === 0 ? 1 : l.shape[0];
    if (weights.rank !== 1 || weights.shape[0] !== batch) {
      throw new ShapeError(`loss weights must be [${batch}] (one per sample), got [${weights.shape}]`);
    }
    // [B] -> [B, 1, ...] so each sample's weight scales all of its elements.
    const shape = [batch, ...new Array<number>(Math.max(0, l.rank - 1)).fill(1)];
    l = tf.mul(l, tf.reshape(weights, shape));
  }
  return reduction === 'sum' ? tf.sum(l) : tf.mean(l);
}

function checkSameShape(op: string, pred: tf.Tensor, target: tf.Tensor): void {
  if (!tf.util.arraysEqual(pred.shape, target.shape)) {
    // PyTorch only warns and broadcasts; a [B] vs [B, 1] mix-up silently ruins training.
    throw new ShapeError(`${op}: pred has shape [${pred.shape}], target [${target.shape}]`);
  }
}
