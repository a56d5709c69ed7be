/**
 * AMAGO's image encoders (nets/cnn.py), named like AMAGO's modules under a prefix ('cnn'):
 * - NatureishCNN: conv1..conv3 (channels/kernels/strides, no padding), activation after each.
 * - GridworldCNN: the same layout with GridworldCNN's defaults (kernels 2, strides 1).
 * - DrQCNN: conv1 32/3/2, conv2..conv4 32/3/1, activation after each.
 * - IMPALAishCNN: per depth d a block blocks.{i}: conv (3x3 'same') -> pool MaxPool2d(3, 2) ->
 *   residual1 -> residual2 (see residual_block.ts); no activation after the last block.
 * With init_fn null, NatureishCNN and DrQCNN convs get AMAGO's weight_init (centre-tap
 * orthogonal); GridworldCNN and IMPALAishCNN keep PyTorch's default, as in AMAGO.
 * The caller rescales uint8 input x/128 - 1 first (AMAGO's CNN.forward).
 */
import type { AmagoCnnSpec } from '../spec/types';
import { Conv2d } from './conv2d';
import type { InitOptions } from './init';
import type { Layer } from './layer';
import { MaxPool2d } from './max_pool';
import { ResidualBlock } from './residual_block';
import { ActivationLayer } from './stateless_layers';

/** Layers of an encoder and its per-sample output shape. */
export interface EncoderLayers {
  layers: Layer[];
  outShape: number[];
}

/** DrQCNN's fixed layout: [channels, kernel, stride]. */
export const DRQ_LAYOUT: readonly [number, number, number][] = [
  [32, 3, 2],
  [32, 3, 1],
  [32, 3, 1],
  [32, 3, 1],
];

/** Builds the AMAGO encoder `spec.name` on per-sample input [h, w, c]. */
export function buildAmagoCnn(prefix: string, inShape: readonly number[], spec: AmagoCnnSpec, init: InitOptions): EncoderLayers {
  const layers: Layer[] = [];
  let shape = [...inShape];
  const push = (layer: Layer): void => {
    layers.push(layer);
    shape = layer.outShape;
  };
  if (spec.name === 'IMPALAishCNN') {
    spec.cnn_block_depths.forEach((depth, i) => {
      const block = `${prefix}.blocks.${i}`;
      push(new Conv2d(`${block}.conv`, shape, { outChannels: depth, kernel: [3, 3], padding: 'same' }, init));
      push(new MaxPool2d(`${block}.pool`, shape, 3, 2));
      push(new ResidualBlock(`${block}.residual1`, shape, spec.activation, spec.post_group_norm, init));
      push(new ResidualBlock(`${block}.residual2`, shape, spec.activation, spec.post_group_norm, init));
    });
    return { layers, outShape: shape };
  }
  const rows: [number, number, number][] =
    spec.name === 'DrQCNN' ? [...DRQ_LAYOUT] : spec.channels.map((c, i) => [c, spec.kernels[i]!, spec.strides[i]!]);
  const defaultInit = spec.name === 'GridworldCNN' ? 'pytorch' : 'amago';
  rows.forEach(([channels, kernel, stride], i) => {
    push(new Conv2d(`${prefix}.conv${i + 1}`, shape, { outChannels: channels, kernel: [kernel, kernel], stride: [stride, stride], defaultInit }, init));
    push(new ActivationLayer(`${prefix}.activation`, shape, spec.activation));
  });
  return { layers, outShape: shape };
}
