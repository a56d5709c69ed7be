/**
 * SLM Lab's build_fc_model: Linear + activation per hidden size, indexed like PyTorch's
 * nn.Sequential ({prefix}.0 Linear, {prefix}.1 activation, {prefix}.2 Linear, ...).
 */
import type { Activation } from '../spec/types';
import { Dense } from './dense';
import type { InitOptions } from './init';
import type { Layer } from './layer';
import { ActivationLayer } from './stateless_layers';

/** Linear+activation layers from `inFeatures` through `dims`; [] when dims is empty. */
export function buildFcModel(
  prefix: string,
  inFeatures: number,
  dims: readonly number[],
  activation: Activation,
  init: InitOptions,
  flattenedInput?: [number, number, number],
): Layer[] {
  const layers: Layer[] = [];
  let features = inFeatures;
  dims.forEach((out, j) => {
    const options = j === 0 && flattenedInput ? { flattenedInput } : {};
    layers.push(new Dense(`${prefix}.${2 * j}`, features, out, init, options));
    layers.push(new ActivationLayer(`${prefix}.${2 * j + 1}`, [out], activation));
    features = out;
  });
  return layers;
}
