/**
 * A net's forward pass as ONNX ops (opset 13), from its resolved spec and its PyTorch state_dict
 * (pytorchStateDict: the weights in PyTorch's layout, so the graph is PyTorch's NCHW graph):
 * - image input: pixels / 255, NCHW. SLM Lab conv rows (`conv_model.{i}`: Conv, activation,
 *   BatchNormalization in eval mode) see pixels / 255 when `normalize`, else pixel values; AMAGO
 *   encoders (`cnn.*`) see pixels / 128 - 1, as their CNN.forward makes of uint8 frames;
 * - Flatten (PyTorch's (c, h, w) order), `fc_model` (Gemm + activation), heads (`model_tail`,
 *   `model_tails.{i}`: Gemm + out activation);
 * - RecurrentNet: the per-step layers on every step of the window, then the GRU / LSTM / RNN
 *   unrolled over the window's seq_len steps from a zero state (PyTorch's gate equations), the
 *   heads on h_n[-1], exactly as `RecurrentNet.forward` acts on a window.
 * Only standard ops are used (no GRU/LSTM op, no GroupNormalization, no Gelu), so runtimes that
 * implement a small op set (Unity Sentis, onnxruntime-web) run it too.
 */
import { LEAKY_RELU_SLOPE } from '../net/activation';
import { DRQ_LAYOUT } from '../net/amago_cnn';
import { BATCH_NORM_EPS } from '../net/batch_norm';
import { GROUP_NORM_EPS } from '../net/group_norm';
import type { Net } from '../net/net';
import { usesAmagoCnn } from '../net/image_encoder';
import { IMPALA_GROUPS } from '../net/residual_block';
import { conv2dGeometry, maxPoolOutShape } from '../net/layer_geometry';
import { toPair } from '../net/conv_encoder';
import { headActivations, headName } from '../net/heads';
import type { Activation, ResolvedNetSpec } from '../spec/types';
import { ShapeError } from '../util/errors';
import { float, int, ints, type OnnxGraph } from './onnx_graph';
import type { PytorchExportTensor } from './pytorch_export';


/** Builds one net's ops into a graph, reading its weights by state_dict name. */
class NetOps {
  constructor(
    private readonly g: OnnxGraph,
    private readonly sd: ReadonlyMap<string, PytorchExportTensor>,
  ) {}

  weight(name: string): string {
    const t = this.sd.get(name);
    if (t === undefined) throw new ShapeError(`ONNX export: the net has no tensor ${name}`);
    return this.g.floats(name, t.shape, t.data);
  }

  activation(x: string, name: Activation | null, base: string): string {
    const g = this.g;
    switch (name) {
      case null:
      case 'linear':
        return x;
      case 'relu':
        return g.op('Relu', [x], base);
      case 'leaky_relu':
        return g.op('LeakyRelu', [x], base, { alpha: float(LEAKY_RELU_SLOPE) });
      case 'elu':
        return g.op('Elu', [x], base, { alpha: float(1) });
      case 'selu':
        return g.op('Selu', [x], base);
      case 'sigmoid':
        return g.op('Sigmoid', [x], base);
      case 'tanh':
        return g.op('Tanh', [x], base);
      case 'softplus':
        return g.op('Softplus', [x], base);
      case 'gelu': {
        // PyTorch's exact GELU: x * 0.5 * (1 + erf(x / sqrt(2))).
        const erf = g.op('Erf', [g.op('Mul', [x, g.scalar('sqrt_half', Math.SQRT1_2)], base)], base);
        return g.op('Mul', [g.op('Mul', [x, g.scalar('half', 0.5)], base), g.op('Add', [erf, g.scalar('one', 1)], base)], base);
      }
    }
  }

  /** Conv2d `name` on NCHW `x` of per-sample shape [h, w, c] (ours); returns the value and its [h, w, out]. */
  conv(x: string, name: string, shape: number[], cfg: Parameters<typeof conv2dGeometry>[2]): { x: string; shape: number[] } {
    const geo = conv2dGeometry(name, shape, cfg);
    const [[top, bottom], [left, right]] = geo.pads;
    const y = this.g.op('Conv', [x, this.weight(`${name}.weight`), this.weight(`${name}.bias`)], name, {
      kernel_shape: ints(cfg.kernel),
      strides: ints(geo.stride),
      pads: ints([top, left, bottom, right]),
      dilations: ints(geo.dilation),
    });
    return { x: y, shape: geo.outShape };
  }

  /** Linear `name`: Gemm with PyTorch's [out, in] weight. */
  linear(x: string, name: string): string {
    return this.g.op('Gemm', [x, this.weight(`${name}.weight`), this.weight(`${name}.bias`)], name, { transB: int(1) });
  }

  /** nn.GroupNorm(groups, c) on NCHW, written with ReduceMean (GroupNormalization needs opset 18). */
  groupNorm(x: string, name: string, shape: number[], groups: number): string {
    const g = this.g;
    const [h, w, c] = shape as [number, number, number];
    const grouped = g.op('Reshape', [x, g.int64([0, groups, -1])], name);
    const mean = g.op('ReduceMean', [grouped], name, { axes: ints([2]), keepdims: int(1) });
    const centred = g.op('Sub', [grouped, mean], name);
    const variance = g.op('ReduceMean', [g.op('Mul', [centred, centred], name)], name, { axes: ints([2]), keepdims: int(1) });
    const normed = g.op('Div', [centred, g.op('Sqrt', [g.op('Add', [variance, g.scalar('eps', GROUP_NORM_EPS)], name)], name)], name);
    const back = g.op('Reshape', [normed, g.int64([0, c, h, w])], name);
    const scale = g.floats(`${name}.weight`, [c, 1, 1], this.sd.get(`${name}.weight`)!.data);
    const bias = g.floats(`${name}.bias`, [c, 1, 1], this.sd.get(`${name}.bias`)!.data);
    return g.op('Add', [g.op('Mul', [back, scale], name), bias], name);
  }

  /** The image encoder on NCHW pixels / 255; returns the flattened features [N, F]. */
  imageEncoder(spec: ResolvedNetSpec, inShape: readonly number[], x: string): { x: string; features: number } {
    const g = this.g;
    let shape = [...inShape];
    if (usesAmagoCnn(spec)) {
      const cnn = spec.cnn!;
      x = g.op('Sub', [g.op('Mul', [x, g.scalar('pixels_over_128', 255 / 128)], 'amago_scale'), g.scalar('one', 1)], 'amago_scale');
      if (cnn.name === 'IMPALAishCNN') {
        cnn.cnn_block_depths.forEach((depth, i) => {
          const block = `cnn.blocks.${i}`;
          ({ x, shape } = this.conv(x, `${block}.conv`, shape, { outChannels: depth, kernel: [3, 3], padding: 'same' }));
          x = g.op('MaxPool', [x], `${block}.pool`, { kernel_shape: ints([3, 3]), strides: ints([2, 2]) });
          shape = maxPoolOutShape(`${block}.pool`, shape, 3, 2);
          for (const r of ['residual1', 'residual2']) {
            const res = `${block}.${r}`;
            const cfg = { outChannels: depth, kernel: [3, 3] as [number, number], padding: 'same' as const };
            const inner = this.conv(this.activation(this.conv(this.activation(x, cnn.activation, res), `${res}.conv1`, shape, cfg).x, cnn.activation, res), `${res}.conv2`, shape, cfg).x;
            const sum = g.op('Add', [x, inner], res);
            x = cnn.post_group_norm ? this.groupNorm(sum, `${res}.norm`, shape, IMPALA_GROUPS) : sum;
          }
        });
      } else {
        const rows = cnn.name === 'DrQCNN' ? DRQ_LAYOUT : cnn.channels.map((c, i): [number, number, number] => [c, cnn.kernels[i]!, cnn.strides[i]!]);
        rows.forEach(([channels, kernel, stride], i) => {
          ({ x, shape } = this.conv(x, `cnn.conv${i + 1}`, shape, { outChannels: channels, kernel: [kernel, kernel], stride: [stride, stride] }));
          x = this.activation(x, cnn.activation, `cnn.conv${i + 1}`);
        });
      }
    } else {
      if (!spec.normalize) x = g.op('Mul', [x, g.scalar('pixel_range', 255)], 'pixels');
      let index = 0;
      spec.conv_hid_layers.forEach(([out, kernel, stride, padding, dilation], i) => {
        const pad = padding === 'same' || padding === 'valid' ? padding : toPair(padding);
        const name = `conv_model.${index}`;
        ({ x, shape } = this.conv(x, name, shape, { outChannels: out, kernel: toPair(kernel), stride: toPair(stride), padding: pad, dilation: toPair(dilation) }));
        x = this.activation(x, spec.hid_layers_activation, `conv_model.${index + 1}`);
        index += 2;
        if (spec.batch_norm && i !== 0) {
          const bn = `conv_model.${index}`;
          x = g.op('BatchNormalization', [x, ...['weight', 'bias', 'running_mean', 'running_var'].map((k) => this.weight(`${bn}.${k}`))], bn, { epsilon: float(BATCH_NORM_EPS) });
          index++;
        }
      });
    }
    return { x: g.op('Flatten', [x], 'flatten', { axis: int(1) }), features: shape.reduce((a, b) => a * b, 1) };
  }

  /** The layers every sample (every step) goes through: encoder or flatten, then fc_model. */
  body(spec: ResolvedNetSpec, inShape: readonly number[], x: string): string {
    if (spec.type === 'MLPNet') return this.fc(x, 'model', spec.hid_layers, spec.hid_layers_activation);
    if (inShape.length === 3) x = this.imageEncoder(spec, inShape, x).x;
    return this.fc(x, 'fc_model', spec.fc_hid_layers, spec.hid_layers_activation);
  }

  fc(x: string, prefix: string, dims: readonly number[], act: Activation): string {
    dims.forEach((_, j) => (x = this.activation(this.linear(x, `${prefix}.${2 * j}`), act, `${prefix}.${2 * j + 1}`)));
    return x;
  }

  heads(spec: ResolvedNetSpec, outDims: readonly number[], x: string): string[] {
    const acts = headActivations(spec.out_layer_activation, outDims.length);
    return outDims.map((_, i) => {
      const name = headName(i, outDims.length);
      return this.activation(this.linear(x, `${name}.0`), acts[i]!, name);
    });
  }

  /** A [B, F] slice of each step of a [B, T, F] sequence. */
  steps(seq: string, t: number): string[] {
    const g = this.g;
    const parts = g.node('Split', [seq, g.int64(new Array<number>(t).fill(1))], 'step', { axis: int(1) }, t);
    return parts.map((p) => g.op('Squeeze', [p, g.int64([1])], 'step'));
  }

  /**
   * The RNN (`rnn_model`) unrolled over per-step inputs [B, F] from a zero state; returns h_n[-1]
   * (the last layer's last direction: for a bidirectional RNN the reverse one, as PyTorch orders h_n).
   */
  rnn(spec: ResolvedNetSpec, inputs: string[]): string {
    const g = this.g;
    const hidden = spec.rnn_hidden_size;
    const gates = { GRU: 3, LSTM: 4, RNN: 1 }[spec.cell_type];
    const directions = spec.bidirectional ? 2 : 1;
    let xs = inputs;
    let last = '';
    for (let k = 0; k < spec.rnn_num_layers; k++) {
      const outs: string[][] = [];
      for (let d = 0; d < directions; d++) {
        const sfx = `_l${k}${d === 1 ? '_reverse' : ''}`;
        const base = `rnn_model${sfx}`;
        const wIH = this.weight(`rnn_model.weight_ih${sfx}`);
        const bIH = this.weight(`rnn_model.bias_ih${sfx}`);
        const wHH = this.weight(`rnn_model.weight_hh${sfx}`);
        const bHH = this.sd.get(`rnn_model.bias_hh${sfx}`)!;
        const bHHName = g.floats(`rnn_model.bias_hh${sfx}`, bHH.shape, bHH.data);
        // The recurrent bias split per gate block, for the first step (where h is zero, W_hh h is too).
        const bHHGates = Array.from({ length: gates }, (_, j) => g.floats(`rnn_model.bias_hh${sfx}_gate${j}`, [hidden], bHH.data.slice(j * hidden, (j + 1) * hidden)));
        const order = Array.from({ length: xs.length }, (_, s) => (d === 1 ? xs.length - 1 - s : s));
        const hs = new Array<string>(xs.length);
        let h: string | null = null;
        let c: string | null = null;
        for (const s of order) {
          const gi = g.op('Gemm', [xs[s]!, wIH, bIH], base, { transB: int(1) });
          const gh = h === null ? null : g.op('Gemm', [h, wHH, bHHName], base, { transB: int(1) });
          const split = (v: string): string[] => (gates === 1 ? [v] : g.node('Split', [v, g.int64(new Array<number>(gates).fill(hidden))], base, { axis: int(1) }, gates));
          const [iParts, hParts] = [split(gi), gh === null ? bHHGates : split(gh)];
          if (spec.cell_type === 'GRU') {
            const r = g.op('Sigmoid', [g.op('Add', [iParts[0]!, hParts[0]!], base)], base);
            const z = g.op('Sigmoid', [g.op('Add', [iParts[1]!, hParts[1]!], base)], base);
            const n = g.op('Tanh', [g.op('Add', [iParts[2]!, g.op('Mul', [r, hParts[2]!], base)], base)], base);
            // (1 - z) * n + z * h, with h = 0 at the first step.
            h = h === null ? g.op('Sub', [n, g.op('Mul', [z, n], base)], base) : g.op('Add', [n, g.op('Mul', [z, g.op('Sub', [h, n], base)], base)], base);
          } else if (spec.cell_type === 'LSTM') {
            const pre = iParts.map((p, j) => g.op('Add', [p, hParts[j]!], base));
            const [i, f, gg, o] = [g.op('Sigmoid', [pre[0]!], base), g.op('Sigmoid', [pre[1]!], base), g.op('Tanh', [pre[2]!], base), g.op('Sigmoid', [pre[3]!], base)];
            const ig = g.op('Mul', [i, gg], base);
            c = c === null ? ig : g.op('Add', [g.op('Mul', [f, c], base), ig], base);
            h = g.op('Mul', [o, g.op('Tanh', [c], base)], base);
          } else {
            h = g.op('Tanh', [g.op('Add', [iParts[0]!, hParts[0]!], base)], base);
          }
          hs[s] = h;
        }
        outs.push(hs);
        last = h!;
      }
      xs = directions === 1 ? outs[0]! : outs[0]!.map((f, s) => g.op('Concat', [f, outs[1]![s]!], `rnn_model_l${k}_out`, { axis: int(1) }));
    }
    return last;
  }
}

/**
 * Adds `net`'s forward pass to `g`. `x`: for a feed-forward net one observation per row (NCHW
 * pixels / 255, or vectors [N, D]); for a RecurrentNet a window per row, [N, T, C, H, W] (or
 * [N, T, D]) with T = seq_len. Returns the heads' values, [N, outDim] each.
 */
export function addNetGraph(g: OnnxGraph, net: Net, sd: ReadonlyMap<string, PytorchExportTensor>, x: string): string[] {
  const ops = new NetOps(g, sd);
  const spec = net.spec;
  const inShape = net.inShape;
  if (!net.recurrent) return ops.heads(spec, net.outDims, ops.body(spec, inShape, x));
  const t = spec.seq_len;
  const perSample = inShape.length === 3 ? [inShape[2]!, inShape[0]!, inShape[1]!] : [...inShape];
  const flat = g.op('Reshape', [x, g.int64([-1, ...perSample])], 'steps');
  const features = ops.body(spec, inShape, flat);
  const seq = g.op('Reshape', [features, g.int64([-1, t, spec.fc_hid_layers.at(-1) ?? rnnInputOf(net)])], 'sequence');
  return ops.heads(spec, net.outDims, ops.rnn(spec, ops.steps(seq, t)));
}

/** The RNN's input size when there is no fc_model: the per-step features (its weight_ih_l0's columns). */
function rnnInputOf(net: Net): number {
  const w = net.parameters.find((p) => p.name === 'rnn_model.weight_ih_l0');
  return w!.pytorchShape[1]!;
}
