/**
 * AMAGO's IMPALA residual block: norm(x + conv2(act(conv1(act(x))))), both convs 3x3 'same'
 * with `depth` channels, norm GroupNorm(4, depth) when post_group_norm, else identity.
 */
import { tf } from '../backend/tf';
import type { Activation } from '../spec/types';
import { activate } from './activation';
import { Conv2d } from './conv2d';
import { GroupNorm } from './group_norm';
import type { InitOptions } from './init';
import type { ApplyContext, Layer } from './layer';
import type { NamedParam } from './param';

/** AMAGO's IMPALA groups per GroupNorm. */
export const IMPALA_GROUPS = 4;

/** One residual block named like AMAGO (`${name}.conv1`, `${name}.conv2`, `${name}.norm`). */
export class ResidualBlock implements Layer {
  readonly type = 'ResidualBlock';
  readonly outShape: number[];
  readonly params: NamedParam[];
  readonly buffers: NamedParam[] = [];
  private readonly conv1: Conv2d;
  private readonly conv2: Conv2d;
  private readonly norm: GroupNorm | null;

  constructor(
    readonly name: string,
    inShape: readonly number[],
    readonly activation: Activation,
    groupNorm: boolean,
    init: InitOptions,
  ) {
    const depth = inShape[2]!;
    const config = { outChannels: depth, kernel: [3, 3] as [number, number], padding: 'same' as const };
    this.conv1 = new Conv2d(`${name}.conv1`, inShape, config, init);
    this.conv2 = new Conv2d(`${name}.conv2`, inShape, config, init);
    this.norm = groupNorm ? new GroupNorm(`${name}.norm`, inShape, IMPALA_GROUPS) : null;
    this.outShape = [...inShape];
    this.params = [...this.conv1.params, ...this.conv2.params, ...(this.norm?.params ?? [])];
  }

  apply(x: tf.Tensor, ctx: ApplyContext): tf.Tensor {
    return tf.tidy(() => {
      const inner = this.conv2.apply(activate(this.conv1.apply(activate(x, this.activation), ctx), this.activation), ctx);
      const sum = tf.add(x, inner);
      return this.norm ? this.norm.apply(sum, ctx) : sum;
    });
  }

  dispose(): void {
    this.conv1.dispose();
    this.conv2.dispose();
    this.norm?.dispose();
  }
}
