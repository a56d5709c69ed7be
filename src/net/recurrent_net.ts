/**
 * SLM Lab's RecurrentNet (recurrent.py), extended with a per-step image encoder: each step's
 * observation goes through the encoder (conv_hid_layers rows or an AMAGO `cnn`, if the input
 * is an image) and fc_model, then the sequence through rnn_model (GRU/LSTM/RNN, batch_first);
 * the heads read h_n[-1], the last entry of PyTorch's final hidden state, as SLM Lab and
 * torch_ref.py do. For a bidirectional RNN h_n[-1] is the last layer's REVERSE direction
 * (PyTorch orders h_n layer-major, direction-minor); we keep PyTorch's semantics.
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
import type { BuildNetOptions, ForwardOptions, StatefulNet } from './net';
import type { NamedParam } from './param';
import { RecurrentLayer, type RnnState } from './recurrent_layer';
import { Flatten } from './stateless_layers';
import { countParams, summarizeLayer, type LayerSummary } from './summary';

/** RecurrentNet: input [B, T, ...inShape]; heads from the final hidden state. */
export class RecurrentNet implements StatefulNet {
  readonly recurrent = true;
  readonly inShape: number[];
  readonly outDims: number[];
  readonly parameters: NamedParam[];
  readonly buffers: NamedParam[];
  /** Per-step layers (encoder and fc_model). */
  private readonly perStep: Layer[] = [];
  private readonly rnn: RecurrentLayer;
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
    const image = this.inShape.length === 3;
    let features: number;
    let flattened: [number, number, number] | undefined;
    if (image) {
      const encoder = buildImageEncoder(spec, this.inShape, init);
      this.perStep.push(...encoder.layers);
      features = encoder.features;
      flattened = encoder.mapShape;
    } else {
      features = numel(this.inShape);
      if (this.inShape.length > 1) this.perStep.push(new Flatten('', this.inShape));
    }
    this.perStep.push(...buildFcModel('fc_model', features, spec.fc_hid_layers, spec.hid_layers_activation, init, flattened));
    features = spec.fc_hid_layers.at(-1) ?? features;
    // With no fc layers the RNN reads the flattened map directly.
    const rnnFlattened = spec.fc_hid_layers.length === 0 ? flattened : undefined;
    this.rnn = new RecurrentLayer('rnn_model', spec.cell_type, features, spec.rnn_hidden_size, spec.rnn_num_layers, spec.bidirectional, init, rnnFlattened);
    this.heads = buildHeads(spec.rnn_hidden_size, this.outDims, spec.out_layer_activation, init);
    this.parameters = [...this.perStep.flatMap((l) => l.params), ...this.rnn.params, ...this.heads.flatMap((h) => h.params)];
    this.buffers = this.perStep.flatMap((l) => l.buffers);
    if (spec.aug && !image) {
      throw new SpecError([{ path: 'net.aug', message: `${spec.aug.name} needs image input [h, w, c] (got [${this.inShape}])` }]);
    }
    this.aug = spec.aug ? new DrQv2Aug(spec.aug.pad) : null;
    this.augRng = options.rng.fork();
  }

  forward(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor[] {
    checkInput('RecurrentNet', x, this.inShape, ['B', 'T']);
    return tf.tidy(() => {
      const { state } = this.runSequence(x, options.initialState, options);
      const last = tf.squeeze(tf.slice(state.h, [state.h.shape[0] - 1, 0, 0], [1, -1, -1]), [0]);
      return this.heads.map((head) => head.apply(last, { training: options.training ?? false }));
    });
  }

  initialState(batch: number): RnnState {
    return this.rnn.zeroState(batch);
  }

  step(x: tf.Tensor, state: RnnState): { outputs: tf.Tensor[]; state: RnnState } {
    if (this.spec.bidirectional) {
      throw new SpecError([{ path: 'net.bidirectional', message: 'a bidirectional RNN needs whole sequences: use forward(), not step()' }]);
    }
    checkInput('RecurrentNet.step', x, this.inShape, ['B']);
    return tf.tidy(() => {
      const seq = tf.expandDims(x, 1);
      const next = this.runSequence(seq, state, {}).state;
      const last = tf.squeeze(tf.slice(next.h, [next.h.shape[0] - 1, 0, 0], [1, -1, -1]), [0]);
      return { outputs: this.heads.map((head) => head.apply(last, { training: false })), state: next };
    });
  }

  /** Per-step layers on every step at once ([B*T, ...]), then the RNN. */
  private runSequence(x: tf.Tensor, initial: RnnState | undefined, options: ForwardOptions): { state: RnnState } {
    const [b, t] = x.shape as [number, number];
    const ctx = { training: options.training ?? false };
    let h = tf.reshape(toFloat(x), [b * t, ...this.inShape]);
    if (ctx.training && this.aug) h = this.aug.apply(h as tf.Tensor4D, options.rng ?? this.augRng);
    for (const layer of this.perStep) h = layer.apply(h, ctx);
    return this.rnn.run(tf.reshape(h, [b, t, h.shape[1]!]) as tf.Tensor3D, initial);
  }

  paramCount(): number {
    return countParams(this.parameters);
  }

  summary(): LayerSummary[] {
    const rnnRow: LayerSummary = {
      name: this.rnn.name,
      type: this.spec.bidirectional ? `${this.rnn.type} (bidirectional)` : this.rnn.type,
      outputShape: ['B', this.spec.rnn_hidden_size],
      params: countParams(this.rnn.params),
    };
    return [...this.perStep.map((l) => summarizeLayer(l, ['B', 'T'])), rnnRow, ...this.heads.map((l) => summarizeLayer(l))];
  }

  dispose(): void {
    for (const layer of [...this.perStep, ...this.heads]) layer.dispose();
    this.rnn.dispose();
  }
}
