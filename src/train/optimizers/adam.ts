/** torch.optim.Adam: bias-corrected moments, L2 weight decay in the gradient, optional AMSGrad. */
import { tf } from '../../backend/tf';
import { ADAM_UPDATE_KERNEL, type AdamUpdateAttrs } from '../../backend/wasm_adam_kernel';
import { BaseOptimizer, type Assignments, type StepContext } from './optimizer';

/**
 * Largest parameter that takes the fused wasm update: up to here 14 kernel launches (~10 us of
 * tfjs overhead each) cost more than the JS loop (~60 ns per element); above, SIMD ops win.
 */
const FUSED_MAX_SIZE = 8192;

/** Adam's (and AdamW's) hyper-parameters, PyTorch names and defaults. */
export interface AdamOptions {
  lr: number;
  /** Default [0.9, 0.999]. */
  betas?: [number, number];
  /** Added to the bias-corrected sqrt of the second moment; default 1e-8. */
  eps?: number;
  /** Adam: L2 penalty added to the gradient, default 0. AdamW: decoupled decay, default 0.01. */
  weight_decay?: number;
  /** Default false. */
  amsgrad?: boolean;
}

/** The Adam update shared by Adam and AdamW; `decoupled` picks how weight decay is applied. */
export abstract class AdamBase extends BaseOptimizer {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly weightDecay: number;
  private readonly amsgrad: boolean;
  private readonly decoupled: boolean;

  protected constructor(
    params: readonly tf.Variable[],
    options: AdamOptions,
    decoupled: boolean,
    defaultWeightDecay: number,
  ) {
    const amsgrad = options.amsgrad ?? false;
    super(params, options.lr, amsgrad ? ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'] : ['exp_avg', 'exp_avg_sq']);
    [this.beta1, this.beta2] = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weight_decay ?? defaultWeightDecay;
    this.amsgrad = amsgrad;
    this.decoupled = decoupled;
  }

  /**
   * PyTorch's order: (AdamW) p = p * (1 - lr * wd); (Adam) g = g + wd * p;
   * m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  (amsgrad) vmax = max(vmax, v), v := vmax;
   * p = p - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
   */
  protected update(i: number, grad: tf.Tensor, ctx: StepContext): Assignments {
    let p: tf.Tensor = this.params[i]!;
    const wd = this.weightDecay;
    let g = grad;
    if (wd !== 0) {
      if (this.decoupled) p = tf.mul(p, 1 - ctx.lr * wd);
      else g = tf.add(g, tf.mul(p, wd));
    }
    // Bias corrections in double precision, as PyTorch computes them in Python floats.
    const bc1 = 1 - this.beta1 ** ctx.t;
    const bc2Sqrt = Math.sqrt(1 - this.beta2 ** ctx.t);
    const mSlot = this.slot('exp_avg', i);
    const vSlot = this.slot('exp_avg_sq', i);
    // One fused kernel where the backend has it (wasm): same float32 ops, 1 kernel instead of 14.
    // Its JS loop is slower per element than wasm's SIMD kernels, so only small tensors take it.
    if (!this.amsgrad && grad.size <= FUSED_MAX_SIZE && tf.getKernel(ADAM_UPDATE_KERNEL, tf.getBackend()) !== undefined) {
      const attrs: AdamUpdateAttrs = {
        beta1: this.beta1,
        beta2: this.beta2,
        eps: this.eps,
        decay: wd !== 0 && this.decoupled ? 1 - ctx.lr * wd : null,
        l2: wd !== 0 && !this.decoupled ? wd : null,
        bc2Sqrt,
        stepSize: ctx.lr / bc1,
      };
      const inputs = { p: this.params[i]!, g: grad, m: mSlot, v: vSlot };
      const [pNew, mNew, vNew] = tf.engine().runKernel(ADAM_UPDATE_KERNEL, inputs, attrs as never) as tf.Tensor[];
      return [
        [mSlot, mNew!],
        [vSlot, vNew!],
        [this.params[i]!, pNew!],
      ];
    }
    const m = tf.add(tf.mul(mSlot, this.beta1), tf.mul(g, 1 - this.beta1));
    const v = tf.add(tf.mul(vSlot, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
    const out: Assignments = [
      [mSlot, m],
      [vSlot, v],
    ];
    let second = v;
    if (this.amsgrad) {
      const maxSlot = this.slot('max_exp_avg_sq', i);
      second = tf.maximum(maxSlot, v);
      out.push([maxSlot, second]);
    }
    const denom = tf.add(tf.div(tf.sqrt(second), bc2Sqrt), this.eps);
    out.push([this.params[i]!, tf.sub(p, tf.mul(tf.div(m, denom), ctx.lr / bc1))]);
    return out;
  }
}

/** torch.optim.Adam (weight decay as an L2 term in the gradient). */
export class Adam extends AdamBase {
  readonly name = 'Adam' as const;
  constructor(params: readonly tf.Variable[], options: AdamOptions) {
    super(params, options, false, 0);
  }
}
