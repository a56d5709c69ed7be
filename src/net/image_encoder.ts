/**
 * The image front of a net: input rescale, conv layers, flatten. SLM Lab conv rows
 * ('conv_model', x/255 when normalize) or an AMAGO encoder ('cnn', always x/128 - 1 as AMAGO's
 * CNN.forward does for uint8 frames).
 */
import type { ResolvedNetSpec } from '../spec/types';
import { ShapeError, SpecError } from '../util/errors';
import { buildAmagoCnn } from './amago_cnn';
import { buildConvRows } from './conv_encoder';
import type { InitOptions } from './init';
import type { Layer } from './layer';
import { Flatten, Rescale } from './stateless_layers';

/** The encoder's layers (ending with Flatten) and the [h, w, c] map it flattens. */
export interface ImageEncoder {
  layers: Layer[];
  mapShape: [number, number, number];
  features: number;
}

/** True when the spec encodes images with an AMAGO encoder rather than conv rows. */
export function usesAmagoCnn(spec: ResolvedNetSpec): boolean {
  if (spec.type === 'RecurrentNet') return spec.cnn !== null;
  return spec.type !== 'ConvNet' && spec.type !== 'MLPNet';
}

/** Builds the image encoder for per-sample input [h, w, c]. */
export function buildImageEncoder(spec: ResolvedNetSpec, inShape: readonly number[], init: InitOptions): ImageEncoder {
  if (inShape.length !== 3) throw new ShapeError(`${spec.type} takes image input [h, w, c] (got [${inShape}])`);
  const layers: Layer[] = [];
  let body;
  if (usesAmagoCnn(spec)) {
    if (!spec.cnn) throw new SpecError([{ path: 'net.cnn', message: `${spec.type} needs its encoder settings` }]);
    layers.push(new Rescale('', inShape, 1 / 128, -1));
    body = buildAmagoCnn('cnn', inShape, spec.cnn, init);
  } else {
    if (spec.conv_hid_layers.length === 0) {
      throw new SpecError([{ path: 'net.conv_hid_layers', message: `${spec.type} with image input needs conv_hid_layers or cnn` }]);
    }
    if (spec.normalize) layers.push(new Rescale('', inShape, 1 / 255, 0));
    body = buildConvRows('conv_model', inShape, spec.conv_hid_layers, spec.hid_layers_activation, spec.batch_norm, init);
  }
  layers.push(...body.layers);
  const flatten = new Flatten('', body.outShape);
  layers.push(flatten);
  return { layers, mapShape: body.outShape as [number, number, number], features: flatten.outShape[0]! };
}
