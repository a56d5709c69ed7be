/**
 * nn.BatchNorm2d on NHWC input (eps 1e-5, momentum 0.1). Training mode normalises with the
 * batch's biased variance and moves the running statistics towards the batch mean and the
 * UNBIASED batch variance, as PyTorch does; eval mode uses the running statistics.
 * running_mean/running_var are buffers (non-trainable variables); num_batches_tracked is omitted.
 */
import { tf } from '../backend/tf';
import { ShapeError } from '../util/errors';
import { disposeParams, type ApplyContext, type Layer } from './layer';
import { createParam, type NamedParam } from './param';

/** PyTorch's BatchNorm2d defaults. */
export const BATCH_NORM_EPS = 1e-5;
export const BATCH_NORM_MOMENTUM = 0.1;

/** BatchNorm2d(C) for per-sample shape [h, w, C]. */
export class BatchNorm2d implements Layer {
  readonly type = 'BatchNorm2d';
  readonly outShape: number[];
  readonly params: NamedParam[];
  readonly buffers: NamedParam[];

  constructor(
    readonly name: string,
    inShape: readonly number[],
  ) {
    const c = inShape[2]!;
    this.outShape = [...inShape];
    this.params = [
      createParam(`${name}.weight`, [c], [0], new Float32Array(c).fill(1)),
      createParam(`${name}.bias`, [c], [0], new Float32Array(c)),
    ];
    this.buffers = [
      createParam(`${name}.running_mean`, [c], [0], new Float32Array(c), false),
      createParam(`${name}.running_var`, [c], [0], new Float32Array(c).fill(1), false),
    ];
  }

  apply(x: tf.Tensor, ctx: ApplyContext): tf.Tensor {
    const [weight, bias] = this.params.map((p) => p.variable) as [tf.Variable, tf.Variable];
    const [runningMean, runningVar] = this.buffers.map((p) => p.variable) as [tf.Variable, tf.Variable];
    return tf.tidy(() => {
      if (!ctx.training) {
        const scale = tf.mul(weight, tf.rsqrt(tf.add(runningVar, BATCH_NORM_EPS)));
        return tf.add(tf.mul(tf.sub(x, runningMean), scale), bias);
      }
      const n = x.shape[0]! * x.shape[1]! * x.shape[2]!;
      if (n < 2) throw new ShapeError(`${this.name}: expected more than 1 value per channel when training (got input ${x.shape})`);
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      const m = BATCH_NORM_MOMENTUM;
      // Running statistics are off the loss's path, so they carry no gradient.
      const unbiased = tf.mul(variance, n / (n - 1));
      runningMean.assign(tf.add(tf.mul(runningMean, 1 - m), tf.mul(mean, m)));
      runningVar.assign(tf.add(tf.mul(runningVar, 1 - m), tf.mul(unbiased, m)));
      const scale = tf.mul(weight, tf.rsqrt(tf.add(variance, BATCH_NORM_EPS)));
      return tf.add(tf.mul(tf.sub(x, mean), scale), bias);
    });
  }

  dispose(): void {
    disposeParams(this.params);
    disposeParams(this.buffers);
  }
}
