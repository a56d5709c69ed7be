/** torch.optim.SGD: optional L2 weight decay, momentum (with dampening) and Nesterov momentum. */
import { tf } from '../../backend/tf';
import { BaseOptimizer, type Assignments, type StepContext } from './optimizer';

/** SGD's hyper-parameters, PyTorch names and defaults. */
export interface SgdOptions {
  lr: number;
  /** Default 0 (plain SGD, no slot is used). */
  momentum?: number;
  /** Scales the new gradient in the momentum buffer by (1 - dampening); default 0. */
  dampening?: number;
  /** L2 penalty added to the gradient; default 0. */
  weight_decay?: number;
  /** Default false; needs momentum > 0 and dampening 0. */
  nesterov?: boolean;
}

/**
 * PyTorch's update:
 *   g = grad + wd * p;  b = g on the first step, else momentum * b + (1 - dampening) * g;
 *   g = nesterov ? g + momentum * b : b;  p = p - lr * g
 * "First step" is the optimizer's first step (stepCount 1), also for a masked-out one.
 */
export class SGD extends BaseOptimizer {
  readonly name = 'SGD' as const;
  private readonly momentum: number;
  private readonly dampening: number;
  private readonly weightDecay: number;
  private readonly nesterov: boolean;

  constructor(params: readonly tf.Variable[], options: SgdOptions) {
    const momentum = options.momentum ?? 0;
    super(params, options.lr, momentum !== 0 ? ['momentum_buffer'] : []);
    this.momentum = momentum;
    this.dampening = options.dampening ?? 0;
    this.weightDecay = options.weight_decay ?? 0;
    this.nesterov = options.nesterov ?? false;
  }

  protected update(i: number, grad: tf.Tensor, ctx: StepContext): Assignments {
    const p = this.params[i]!;
    let g = this.weightDecay !== 0 ? tf.add(grad, tf.mul(p, this.weightDecay)) : grad;
    const out: Assignments = [];
    if (this.momentum !== 0) {
      const buf = this.slot('momentum_buffer', i);
      // The buffer starts at 0, so with dampening 0 the first step needs no special case.
      const first = ctx.t === 1 && this.dampening !== 0;
      const fresh = this.dampening === 0 ? g : tf.mul(g, 1 - this.dampening);
      const b = first ? g : tf.add(tf.mul(buf, this.momentum), fresh);
      out.push([buf, b]);
      g = this.nesterov ? tf.add(g, tf.mul(b, this.momentum)) : b;
    }
    out.push([p, tf.sub(p, tf.mul(g, ctx.lr))]);
    return out;
  }
}
