/**
 * SLM Lab's ConvNet conv body (conv.py build_conv_layers): per `conv_hid_layers` row a Conv2d,
 * the activation, and BatchNorm2d(out) after the activation of every row but the first when
 * batch_norm. Named as PyTorch's nn.Sequential indexes them: conv_model.{i}.
 */
import type { Activation, ConvRow, Pair } from '../spec/types';
import type { EncoderLayers } from './amago_cnn';
import { BatchNorm2d } from './batch_norm';
import { Conv2d } from './conv2d';
import type { InitOptions } from './init';
import type { Layer } from './layer';
import { ActivationLayer } from './stateless_layers';

/** A PyTorch size argument as an [h, w] pair. */
export function toPair(p: Pair): [number, number] {
  return typeof p === 'number' ? [p, p] : [p[0], p[1]];
}

/** Builds the conv rows on per-sample input [h, w, c]. */
export function buildConvRows(
  prefix: string,
  inShape: readonly number[],
  rows: readonly ConvRow[],
  activation: Activation,
  batchNorm: boolean,
  init: InitOptions,
): EncoderLayers {
  const layers: Layer[] = [];
  let shape = [...inShape];
  let index = 0;
  const push = (layer: Layer): void => {
    layers.push(layer);
    shape = layer.outShape;
    index++;
  };
  rows.forEach(([out, kernel, stride, padding, dilation], i) => {
    const pad = padding === 'same' || padding === 'valid' ? padding : toPair(padding);
    const config = { outChannels: out, kernel: toPair(kernel), stride: toPair(stride), padding: pad, dilation: toPair(dilation) };
    push(new Conv2d(`${prefix}.${index}`, shape, config, init));
    push(new ActivationLayer(`${prefix}.${index}`, shape, activation));
    if (batchNorm && i !== 0) push(new BatchNorm2d(`${prefix}.${index}`, shape));
  });
  return { layers, outShape: shape };
}
