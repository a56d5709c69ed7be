/**
 * Feed-forward nets: SLM Lab's MLPNet ('model' Linear+activation rows) and ConvNet
 * ('conv_model' rows, flatten, 'fc_model'), and AMAGO's encoders as whole nets ('cnn',
 * flatten, 'fc_model'); all end in heads (model_tail / model_tails.{i}).
 */
import { tf } from '../backend/tf';
import type { ResolvedNetSpec } from '../spec/types';
import { SpecError } from '../util/errors';
import type { Rng } from '../util/rng';
import { DrQv2Aug } from './drqv2_aug';
import { buildFcModel } from './fc_model';
import { buildHeads, type Head } from './heads';
import { buildImageEncoder } from './image_encoder';
import { checkInitFn, numel, type InitOptions } from './init';
import { checkInput, toFloat } from './input_check';
import type { Layer } from './layer';
import type { BuildNetOptions, ForwardOptions, Net } from './net';
import type { NamedParam } from './param';
import { Flatten } from './stateless_layers';
import { countParams, summarizeLayer, type LayerSummary } from './summary';

/** MLPNet, ConvNet, NatureishCNN, IMPALAishCNN, DrQCNN, GridworldCNN. */
export class FeedForwardNet implements Net {
  readonly recurrent = false;
  readonly inShape: number[];
  readonly outDims: number[];
  readonly parameters: NamedParam[];
  readonly buffers: NamedParam[];
  private readonly body: Layer[] = [];
  private readonly heads: Head[];
  private readonly aug: DrQv2Aug | null;
  private readonly augRng: Rng;

  constructor(
    readonly spec: ResolvedNetSpec,
    options: BuildNetOptions,
  ) {
    this.inShape = [...options.inShape];
    this.outDims = [...options.outDims];
    checkInitFn(spec.init_fn, spec.hid_layers_activation);
    const init: InitOptions = { rng: options.rng, initFn: spec.init_fn, activation: spec.hid_layers_activation };
    const act = spec.hid_layers_activation;
    let features: number;
    let flattened: [number, number, number] | undefined;
    if (spec.type === 'MLPNet') {
      features = numel(this.inShape);
      if (this.inShape.length > 1) this.body.push(new Flatten('', this.inShape));
      this.body.push(...buildFcModel('model', features, spec.hid_layers, act, init));
      features = spec.hid_layers.at(-1) ?? features;
    } else {
      const encoder = buildImageEncoder(spec, this.inShape, init);
      this.body.push(...encoder.layers);
      flattened = encoder.mapShape;
      this.body.push(...buildFcModel('fc_model', encoder.features, spec.fc_hid_layers, act, init, flattened));
      features = spec.fc_hid_layers.at(-1) ?? encoder.features;
    }
    // With no fc layers the heads read the flattened map directly.
    const headInput = flattened && spec.fc_hid_layers.length === 0 ? { flattenedInput: flattened } : {};
    this.heads = buildHeads(features, this.outDims, spec.out_layer_activation, init, headInput);
    this.parameters = [...this.body, ...this.heads].flatMap((l) => l.params);
    this.buffers = this.body.flatMap((l) => l.buffers);
    if (spec.aug && this.inShape.length !== 3) {
      throw new SpecError([{ path: 'net.aug', message: `${spec.aug.name} needs image input [h, w, c] (got [${this.inShape}])` }]);
    }
    this.aug = spec.aug ? new DrQv2Aug(spec.aug.pad) : null;
    this.augRng = options.rng.fork();
  }

  forward(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor[] {
    checkInput(this.spec.type, x, this.inShape, ['B']);
    const ctx = { training: options.training ?? false };
    return tf.tidy(() => {
      let h = toFloat(x);
      if (ctx.training && this.aug) h = this.aug.apply(h as tf.Tensor4D, options.rng ?? this.augRng);
      for (const layer of this.body) h = layer.apply(h, ctx);
      return this.heads.map((head) => head.apply(h, ctx));
    });
  }

  paramCount(): number {
    return countParams(this.parameters);
  }

  summary(): LayerSummary[] {
    return [...this.body, ...this.heads].map((l) => summarizeLayer(l));
  }

  dispose(): void {
    for (const layer of [...this.body, ...this.heads]) layer.dispose();
  }
}
