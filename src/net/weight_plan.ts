/**
 * The weights a net spec builds, planned without building anything: every parameter and buffer
 * with its name and shape (our layout, as the nets and policy files hold them), the trainable
 * parameter count, and the largest per-sample activation. It mirrors FeedForwardNet and
 * RecurrentNet layer by layer (tests compare the plan with built nets), so that a spec's size can
 * be checked, and a policy file's weight entries compared, before any memory is allocated or any
 * initialiser (orthogonal init is O(n^3)) runs.
 *
 * The spec may come from a policy file that nobody validated (loadBot does not resolve it), so
 * every field the plan reads is checked and a bad one is a SpecError naming its path; a resolved
 * spec always passes those checks.
 */
import { ACTIVATIONS, AMAGO_NET_TYPES, CELL_TYPES, INIT_FNS, NET_TYPES } from '../spec/net_names';
import { LIMITS } from '../spec/defaults';
import type { ResolvedNetSpec } from '../spec/types';
import { SpecError } from '../util/errors';
import { conv2dGeometry, maxPoolOutShape, type Conv2dConfig } from './layer_geometry';
import { headName } from './out_dims';

/** One planned weight: `name` as NamedParam.name, `shape` as its tf.Variable's. */
export interface PlannedWeight {
  name: string;
  shape: number[];
  kind: 'parameter' | 'buffer';
}

/** The plan of one net. */
export interface NetWeightPlan {
  /** Parameters in PyTorch state_dict order, then buffers (the order policies save them in). */
  weights: PlannedWeight[];
  /** Trainable parameter count (Net.paramCount()). */
  params: number;
  /** Largest per-sample tensor a forward pass makes (input included; RecurrentNet: times seq_len), in elements. */
  activations: number;
}

const GATES: Readonly<Record<string, number>> = { GRU: 3, LSTM: 4, RNN: 1 };

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Collects the plan as the builders would lay it out. */
class Planner {
  readonly params: PlannedWeight[] = [];
  readonly buffers: PlannedWeight[] = [];
  activations = 0;

  see(shape: readonly number[], times = 1): void {
    this.activations = Math.max(this.activations, numel(shape) * times);
  }

  dense(name: string, inFeatures: number, out: number): void {
    this.params.push({ name: `${name}.weight`, shape: [inFeatures, out], kind: 'parameter' }, { name: `${name}.bias`, shape: [out], kind: 'parameter' });
  }

  conv(name: string, shape: readonly number[], config: Conv2dConfig): number[] {
    const out = conv2dGeometry(name, shape, config).outShape;
    const [kh, kw] = config.kernel;
    this.params.push({ name: `${name}.weight`, shape: [kh, kw, shape[2]!, config.outChannels], kind: 'parameter' }, { name: `${name}.bias`, shape: [config.outChannels], kind: 'parameter' });
    return out;
  }

  norm(name: string, channels: number, running: boolean): void {
    this.params.push({ name: `${name}.weight`, shape: [channels], kind: 'parameter' }, { name: `${name}.bias`, shape: [channels], kind: 'parameter' });
    if (running) this.buffers.push({ name: `${name}.running_mean`, shape: [channels], kind: 'buffer' }, { name: `${name}.running_var`, shape: [channels], kind: 'buffer' });
  }

  fcModel(prefix: string, inFeatures: number, dims: readonly number[]): number {
    let features = inFeatures;
    dims.forEach((out, j) => {
      this.dense(`${prefix}.${2 * j}`, features, out);
      features = out;
    });
    return features;
  }
}

const bad = (key: string, message: string): SpecError => new SpecError([{ path: `agent.net.${key}`, message }]);

const isPosInt = (v: unknown, max: number): v is number => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= max;

function units(net: Record<string, unknown>, key: string, list: boolean): number[] {
  const v = net[key];
  if (!Array.isArray(v) || v.length > LIMITS.layers || !v.every((d) => isPosInt(d, LIMITS.units))) {
    throw bad(key, `must be a list of at most ${LIMITS.layers} integers in 1..${LIMITS.units} (got ${JSON.stringify(v)?.slice(0, 80)})`);
  }
  return list ? (v as number[]) : [];
}

function oneOf<T>(net: Record<string, unknown>, key: string, allowed: readonly T[], nullable = false): void {
  const v = net[key];
  if (!(nullable && v === null) && !allowed.includes(v as T)) throw bad(key, `must be one of ${allowed.join(', ')}${nullable ? ' or null' : ''} (got ${JSON.stringify(v)?.slice(0, 80)})`);
}

function flag(net: Record<string, unknown>, key: string): void {
  if (typeof net[key] !== 'boolean') throw bad(key, `must be true or false (got ${JSON.stringify(net[key])?.slice(0, 80)})`);
}

type Pair = [number, number];
const pairOf = (v: unknown, min: number): Pair | null => {
  const ok = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= min && (n as number) <= LIMITS.kernel;
  if (ok(v)) return [v, v];
  return Array.isArray(v) && v.length === 2 && ok(v[0]) && ok(v[1]) ? [v[0], v[1]] : null;
};

/** A conv_hid_layers row as Conv2d's config, checked. */
function convRow(row: unknown, i: number): Conv2dConfig {
  const where = `conv_hid_layers[${i}]`;
  if (!Array.isArray(row) || row.length !== 5 || !isPosInt(row[0], LIMITS.units)) throw bad(where, 'must be [out_channels, kernel, stride, padding, dilation]');
  const kernel = pairOf(row[1], 1);
  const stride = pairOf(row[2], 1);
  const dilation = pairOf(row[4], 1);
  const padding = row[3] === 'same' || row[3] === 'valid' ? row[3] : pairOf(row[3], 0);
  if (!kernel || !stride || !dilation || padding === null) throw bad(where, `has a kernel, stride, padding or dilation out of range (got ${JSON.stringify(row).slice(0, 80)})`);
  return { outChannels: row[0], kernel, stride, padding, dilation };
}

function amagoEncoder(p: Planner, cnn: unknown, shape: number[]): number[] {
  if (typeof cnn !== 'object' || cnn === null) throw bad('cnn', 'must be the encoder settings {name, ...}');
  const c = cnn as Record<string, unknown>;
  oneOf(c, 'name', AMAGO_NET_TYPES);
  oneOf(c, 'activation', ACTIVATIONS);
  if (c.name === 'IMPALAishCNN') {
    const depths = units(c, 'cnn_block_depths', true);
    flag(c, 'post_group_norm');
    depths.forEach((depth, i) => {
      const block = `cnn.blocks.${i}`;
      shape = p.conv(`${block}.conv`, shape, { outChannels: depth, kernel: [3, 3], padding: 'same' });
      p.see(shape);
      shape = maxPoolOutShape(`${block}.pool`, shape, 3, 2);
      for (const r of ['residual1', 'residual2']) {
        const config: Conv2dConfig = { outChannels: depth, kernel: [3, 3], padding: 'same' };
        p.conv(`${block}.${r}.conv1`, shape, config);
        p.conv(`${block}.${r}.conv2`, shape, config);
        if (c.post_group_norm) {
          if (depth % 4 !== 0) throw bad(`cnn.cnn_block_depths[${i}]`, `GroupNorm(4, ${depth}): channels must divide into 4 groups`);
          p.norm(`${block}.${r}.norm`, depth, false);
        }
      }
    });
    return shape;
  }
  const rows: [number, number, number][] =
    c.name === 'DrQCNN'
      ? [
          [32, 3, 2],
          [32, 3, 1],
          [32, 3, 1],
          [32, 3, 1],
        ]
      : (() => {
          const [channels, kernels, strides] = ['channels', 'kernels', 'strides'].map((k) => units(c, k, true));
          if (kernels!.length !== channels!.length || strides!.length !== channels!.length) throw bad('cnn', 'channels, kernels and strides must have the same length');
          if (!kernels!.every((k) => k <= LIMITS.kernel) || !strides!.every((k) => k <= LIMITS.kernel)) throw bad('cnn', `kernels and strides must be at most ${LIMITS.kernel}`);
          return channels!.map((ch, i): [number, number, number] => [ch, kernels![i]!, strides![i]!]);
        })();
  rows.forEach(([channels, kernel, stride], i) => {
    shape = p.conv(`cnn.conv${i + 1}`, shape, { outChannels: channels, kernel: [kernel, kernel], stride: [stride, stride] });
    p.see(shape);
  });
  return shape;
}

/** The encoder of an image input; returns the flattened features. */
function imageEncoder(p: Planner, spec: Record<string, unknown>, inShape: number[]): number {
  const amago = spec.type === 'RecurrentNet' ? spec.cnn !== null : spec.type !== 'ConvNet';
  let shape: number[];
  if (amago) {
    shape = amagoEncoder(p, spec.cnn, inShape);
  } else {
    const rows = spec.conv_hid_layers;
    if (!Array.isArray(rows) || rows.length === 0 || rows.length > LIMITS.layers) {
      throw bad('conv_hid_layers', `${String(spec.type)} with image input needs 1..${LIMITS.layers} conv_hid_layers rows or cnn`);
    }
    flag(spec, 'batch_norm');
    shape = inShape;
    rows.forEach((row, i) => {
      const config = convRow(row, i);
      const index = i === 0 || !spec.batch_norm ? 2 * i : 3 * i - 1;
      shape = p.conv(`conv_model.${index}`, shape, config);
      p.see(shape);
      if (spec.batch_norm && i !== 0) p.norm(`conv_model.${index + 2}`, config.outChannels, true);
    });
  }
  return numel(shape);
}

/** Checks the keys the builders read beyond the layer sizes. */
function checkCommon(spec: Record<string, unknown>, heads: number): void {
  oneOf(spec, 'type', NET_TYPES);
  oneOf(spec, 'hid_layers_activation', ACTIVATIONS);
  oneOf(spec, 'init_fn', INIT_FNS, true);
  flag(spec, 'normalize');
  const out = spec.out_layer_activation;
  const okAct = (a: unknown): boolean => a === null || ACTIVATIONS.includes(a as never);
  if (!(okAct(out) || (Array.isArray(out) && out.length === heads && out.every(okAct)))) {
    throw bad('out_layer_activation', `must be an activation, null, or one per head (${heads}) (got ${JSON.stringify(out)?.slice(0, 80)})`);
  }
  const aug = spec.aug;
  if (aug !== null && !(typeof aug === 'object' && (aug as Record<string, unknown>).name === 'DrQv2Aug' && isPosInt((aug as Record<string, unknown>).pad, LIMITS.aug_pad))) {
    throw bad('aug', 'must be null or {name: "DrQv2Aug", pad}');
  }
}

/**
 * Plans the weights `buildNet(spec, {inShape, outDims})` would make. Throws SpecError (a bad or
 * impossible spec field, with its path) or ShapeError (an input too small for a kernel), as
 * building would; nothing is allocated beyond the plan itself.
 */
export function planNetWeights(spec: ResolvedNetSpec, inShape: readonly number[], outDims: readonly number[]): NetWeightPlan {
  const s = spec as unknown as Record<string, unknown>;
  if (typeof spec !== 'object' || spec === null) throw bad('', 'must be an object');
  checkCommon(s, outDims.length);
  if (!inShape.every((d) => Number.isSafeInteger(d) && d >= 1) || inShape.length === 0) throw new SpecError([{ path: 'observation.shape', message: `must be positive integers (got [${inShape}])` }]);
  const p = new Planner();
  const image = inShape.length === 3;
  const recurrent = spec.type === 'RecurrentNet';
  let features: number;
  if (spec.type === 'MLPNet') {
    p.see(inShape);
    features = p.fcModel('model', numel(inShape), units(s, 'hid_layers', true));
  } else {
    if (!recurrent && !image) throw bad('type', `${spec.type} takes image input [h, w, c] (got [${inShape}])`);
    p.see(inShape);
    const encoded = image ? imageEncoder(p, s, [...inShape]) : numel(inShape);
    features = p.fcModel('fc_model', encoded, units(s, 'fc_hid_layers', true));
  }
  let headIn = features;
  let times = 1;
  if (recurrent) {
    oneOf(s, 'cell_type', CELL_TYPES);
    flag(s, 'bidirectional');
    const hidden = s.rnn_hidden_size;
    const layers = s.rnn_num_layers;
    if (!isPosInt(hidden, LIMITS.units)) throw bad('rnn_hidden_size', `must be an integer in 1..${LIMITS.units}`);
    if (!isPosInt(layers, LIMITS.rnn_layers)) throw bad('rnn_num_layers', `must be an integer in 1..${LIMITS.rnn_layers}`);
    if (!isPosInt(s.seq_len, LIMITS.seq_len)) throw bad('seq_len', `must be an integer in 1..${LIMITS.seq_len}`);
    times = spec.seq_len;
    const directions = spec.bidirectional ? 2 : 1;
    const gh = GATES[spec.cell_type]! * hidden;
    for (let k = 0; k < layers; k++) {
      const layerIn = k === 0 ? features : hidden * directions;
      for (let d = 0; d < directions; d++) {
        const sfx = `_l${k}${d === 1 ? '_reverse' : ''}`;
        p.params.push(
          { name: `rnn_model.weight_ih${sfx}`, shape: [layerIn, gh], kind: 'parameter' },
          { name: `rnn_model.weight_hh${sfx}`, shape: [hidden, gh], kind: 'parameter' },
          { name: `rnn_model.bias_ih${sfx}`, shape: [gh], kind: 'parameter' },
          { name: `rnn_model.bias_hh${sfx}`, shape: [gh], kind: 'parameter' },
        );
      }
    }
    headIn = hidden;
  }
  if (outDims.length === 0) throw bad('', 'a net needs at least one output head');
  outDims.forEach((out, i) => p.dense(`${headName(i, outDims.length)}.0`, headIn, out));
  const params = p.params.reduce((n, w) => n + numel(w.shape), 0);
  // Per step, a RecurrentNet keeps seq_len steps of its largest map.
  const activations = p.activations * times;
  return { weights: [...p.params, ...p.buffers], params, activations };
}
