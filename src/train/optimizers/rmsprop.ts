/** torch.optim.RMSprop: eps outside the sqrt, optional centering and momentum, no bias correction. */
import { tf } from '../../backend/tf';
import { BaseOptimizer, type Assignments, type StepContext } from './optimizer';

/** RMSprop's hyper-parameters, PyTorch names and defaults. */
export interface RmspropOptions {
  lr: number;
  /** Smoothing constant; default 0.99. */
  alpha?: number;
  /** Added after the sqrt (PyTorch; TensorFlow adds it inside); default 1e-8. */
  eps?: number;
  /** L2 penalty added to the gradient; default 0. */
  weight_decay?: number;
  /** Default 0. */
  momentum?: number;
  /** Normalise by an estimate of the variance instead of the second moment; default false. */
  centered?: boolean;
}

/**
 * PyTorch's update: g = grad + wd * p;  v = a v + (1 - a) g^2;
 * centered: gavg = a gavg + (1 - a) g, denom = sqrt(v - gavg^2) + eps, else sqrt(v) + eps;
 * momentum: b = mu b + g / denom, p = p - lr b;  else p = p - lr g / denom
 */
export class RMSprop extends BaseOptimizer {
  readonly name = 'RMSprop' as const;
  private readonly alpha: number;
  private readonly eps: number;
  private readonly weightDecay: number;
  private readonly momentum: number;
  private readonly centered: boolean;

  constructor(params: readonly tf.Variable[], options: RmspropOptions) {
    const momentum = options.momentum ?? 0;
    const centered = options.centered ?? false;
    const slots = ['square_avg'];
    if (momentum > 0) slots.push('momentum_buffer');
    if (centered) slots.push('grad_avg');
    super(params, options.lr, slots);
    this.alpha = options.alpha ?? 0.99;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weight_decay ?? 0;
    this.momentum = momentum;
    this.centered = centered;
  }

  protected update(i: number, grad: tf.Tensor, ctx: StepContext): Assignments {
    const p = this.params[i]!;
    const a = this.alpha;
    const g = this.weightDecay !== 0 ? tf.add(grad, tf.mul(p, this.weightDecay)) : grad;
    const vSlot = this.slot('square_avg', i);
    const v = tf.add(tf.mul(vSlot, a), tf.mul(tf.square(g), 1 - a));
    const out: Assignments = [[vSlot, v]];
    let variance = v;
    if (this.centered) {
      const gSlot = this.slot('grad_avg', i);
      const gAvg = tf.add(tf.mul(gSlot, a), tf.mul(g, 1 - a));
      out.push([gSlot, gAvg]);
      variance = tf.sub(v, tf.square(gAvg));
    }
    const denom = tf.add(tf.sqrt(variance), this.eps);
    let delta = tf.div(g, denom);
    if (this.momentum > 0) {
      const bSlot = this.slot('momentum_buffer', i);
      delta = tf.add(tf.mul(bSlot, this.momentum), delta);
      out.push([bSlot, delta]);
    }
    out.push([p, tf.sub(p, tf.mul(delta, ctx.lr))]);
    return out;
  }
}
