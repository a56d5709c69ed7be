/**
 * Output heads and how many of them an algorithm needs.
 *
 * Heads are named like SLM Lab's tails: one head is `model_tail.0` (a Linear), several are
 * `model_tails.{i}.0`; each is followed by its out_layer_activation (one for all heads or one
 * per head; null = none).
 */
import { tf } from '../backend/tf';
import type { Activation, ResolvedNetSpec } from '../spec/types';
import { SpecError } from '../util/errors';
import { ACTIVATION_TYPES, activate } from './activation';
import { Dense, type DenseOptions } from './dense';
import type { InitOptions } from './init';
import type { ApplyContext, Layer } from './layer';
import type { NamedParam } from './param';

import { headName } from './out_dims';

export { headName, inferOutDims, type HeadRole, type NetPlan, type OutDimsPlan } from './out_dims';

/** The activation of each of `count` heads from out_layer_activation. */
export function headActivations(outLayerActivation: ResolvedNetSpec['out_layer_activation'], count: number): (Activation | null)[] {
  if (!Array.isArray(outLayerActivation)) return new Array<Activation | null>(count).fill(outLayerActivation);
  if (outLayerActivation.length !== count) {
    throw new SpecError([
      { path: 'net.out_layer_activation', message: `has ${outLayerActivation.length} entries but the net has ${count} heads` },
    ]);
  }
  return [...outLayerActivation];
}

/** One head: Linear(in, out) then its activation. */
export class Head implements Layer {
  readonly type: string;
  readonly outShape: number[];
  readonly params: NamedParam[];
  readonly buffers: NamedParam[] = [];
  private readonly linear: Dense;

  constructor(
    readonly name: string,
    inFeatures: number,
    outFeatures: number,
    readonly activation: Activation | null,
    init: InitOptions,
    options: DenseOptions = {},
  ) {
    this.linear = new Dense(`${name}.0`, inFeatures, outFeatures, init, options);
    this.params = this.linear.params;
    this.outShape = [outFeatures];
    this.type = activation && activation !== 'linear' ? `Linear+${ACTIVATION_TYPES[activation]}` : 'Linear';
  }

  apply(x: tf.Tensor, ctx: ApplyContext): tf.Tensor {
    return tf.tidy(() => activate(this.linear.apply(x, ctx), this.activation));
  }

  dispose(): void {
    this.linear.dispose();
  }
}

/** The heads of a net, named model_tail (one head) or model_tails.{i} (several). */
export function buildHeads(
  inFeatures: number,
  outDims: readonly number[],
  outLayerActivation: ResolvedNetSpec['out_layer_activation'],
  init: InitOptions,
  options: DenseOptions = {},
): Head[] {
  if (outDims.length === 0) throw new SpecError([{ path: 'net', message: 'a net needs at least one output head' }]);
  const activations = headActivations(outLayerActivation, outDims.length);
  return outDims.map((out, i) => new Head(headName(i, outDims.length), inFeatures, out, activations[i]!, init, options));
}
