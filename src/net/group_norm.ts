/**
 * nn.GroupNorm(groups, C) on NHWC input (eps 1e-5, affine): each sample's channels are split
 * into `groups` consecutive groups, each normalised over (h, w, its channels) with the biased
 * variance, then scaled and shifted per channel.
 */
import { tf } from '../backend/tf';
import { SpecError } from '../util/errors';
import { disposeParams, type ApplyContext, type Layer } from './layer';
import { createParam, type NamedParam } from './param';

/** PyTorch's GroupNorm eps. */
export const GROUP_NORM_EPS = 1e-5;

/** GroupNorm(groups, C) for per-sample shape [h, w, C]. */
export class GroupNorm implements Layer {
  readonly type = 'GroupNorm';
  readonly outShape: number[];
  readonly params: NamedParam[];
  readonly buffers: NamedParam[] = [];

  constructor(
    readonly name: string,
    inShape: readonly number[],
    readonly groups: number,
  ) {
    const c = inShape[2]!;
    if (c % groups !== 0) {
      throw new SpecError([{ path: name, message: `GroupNorm(${groups}, ${c}): channels must divide into ${groups} groups` }]);
    }
    this.outShape = [...inShape];
    this.params = [
      createParam(`${name}.weight`, [c], [0], new Float32Array(c).fill(1)),
      createParam(`${name}.bias`, [c], [0], new Float32Array(c)),
    ];
  }

  apply(x: tf.Tensor, _ctx?: ApplyContext): tf.Tensor {
    const [weight, bias] = this.params.map((p) => p.variable) as [tf.Variable, tf.Variable];
    return tf.tidy(() => {
      const [b, h, w, c] = x.shape as [number, number, number, number];
      const grouped = tf.reshape(x, [b, h, w, this.groups, c / this.groups]);
      const { mean, variance } = tf.moments(grouped, [1, 2, 4], true);
      const normed = tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, GROUP_NORM_EPS)));
      return tf.add(tf.mul(tf.reshape(normed, [b, h, w, c]), weight), bias);
    });
  }

  dispose(): void {
    disposeParams(this.params);
  }
}
