/**
 * Net cases shared by the Node backend tests and the browser (WebGPU) page: one of every net
 * kind, built from real spec JSON through resolveSpec, with fixed inputs and targets.
 */
import { tf } from '../../src/backend/tf';
import { selectBackend, type BackendName } from '../../src/backend/select_backend';
import { buildNet, type Net } from '../../src/net/net';
import { resolveSpec } from '../../src/spec/index';
import type { ResolvedNetSpec } from '../../src/spec/types';
import { Rng } from '../../src/util/rng';

/** A resolved net spec from the net section of a minimal DQN spec. */
export function netSpec(net: object): ResolvedNetSpec {
  const { spec } = resolveSpec({
    agent: {
      name: 'test',
      algorithm: {
        name: 'DQN',
        action_policy: 'boltzmann',
        explore_var_spec: { name: 'linear_decay', start_val: 1, end_val: 0.1, start_step: 0, end_step: 100 },
        gamma: 0.99,
        training_frequency: 1,
        training_iter: 1,
        training_batch_iter: 1,
        training_start_step: 1,
      },
      memory: { name: 'Replay', batch_size: 4, max_size: 100 },
      net,
    },
    env: { name: 'test-env' },
  });
  return spec.agent.net;
}

export interface NetCase {
  name: string;
  net: object;
  inShape: number[];
  outDims: number[];
}

export const NET_CASES: NetCase[] = [
  {
    name: 'ConvNet with BatchNorm, strides, padding, a dilated and a non-square conv',
    net: {
      type: 'ConvNet',
      conv_hid_layers: [[6, 5, 2, 1, 1], [8, 3, 1, 2, 2], [8, [3, 2], [2, 1], 0, 1]],
      fc_hid_layers: [16],
      hid_layers_activation: 'relu',
      batch_norm: true,
      normalize: true,
    },
    inShape: [21, 19, 3],
    outDims: [4],
  },
  {
    name: 'IMPALAishCNN (max-pool before any ReLU, GroupNorm residual blocks)',
    net: { type: 'IMPALAishCNN', cnn_block_depths: [4, 8], fc_hid_layers: [16], hid_layers_activation: 'relu' },
    inShape: [16, 16, 2],
    outDims: [3, 1],
  },
  {
    name: 'NatureishCNN with leaky_relu and tanh heads',
    net: { type: 'NatureishCNN', channels: [4, 8, 8], fc_hid_layers: [16], hid_layers_activation: 'tanh', out_layer_activation: 'tanh' },
    inShape: [36, 36, 4],
    outDims: [5],
  },
  {
    name: 'DrQCNN with DrQv2Aug',
    net: { type: 'DrQCNN', fc_hid_layers: [8], aug: { name: 'DrQv2Aug', pad: 2 } },
    inShape: [15, 15, 3],
    outDims: [2],
  },
  {
    name: 'RecurrentNet: GRU over a conv encoder',
    net: {
      type: 'RecurrentNet',
      conv_hid_layers: [[4, 3, 2, 0, 1], [6, 3, 1, 0, 1]],
      fc_hid_layers: [12],
      cell_type: 'GRU',
      rnn_hidden_size: 10,
      seq_len: 3,
      hid_layers_activation: 'relu',
    },
    inShape: [12, 12, 1],
    outDims: [3],
  },
  {
    name: 'RecurrentNet: 2-layer bidirectional LSTM over vectors',
    net: { type: 'RecurrentNet', fc_hid_layers: [8], cell_type: 'LSTM', rnn_hidden_size: 6, rnn_num_layers: 2, bidirectional: true, seq_len: 4, hid_layers_activation: 'selu' },
    inShape: [5],
    outDims: [2, 1],
  },
  {
    name: 'MLPNet with sigmoid',
    net: { type: 'MLPNet', hid_layers: [16, 8], hid_layers_activation: 'sigmoid' },
    inShape: [7],
    outDims: [3],
  },
];

export const BATCH = 3;

/** Fixed inputs and targets for a case: uint8-valued images, normal vectors. */
export function caseData(c: NetCase, spec: ResolvedNetSpec): { x: tf.Tensor; targets: tf.Tensor[] } {
  const rng = new Rng(99);
  const lead = spec.type === 'RecurrentNet' ? [BATCH, spec.seq_len] : [BATCH];
  const shape = [...lead, ...c.inShape];
  const size = shape.reduce((a, b) => a * b, 1);
  const image = c.inShape.length === 3;
  const values = Float32Array.from({ length: size }, () => (image ? rng.int(256) : rng.normal()));
  const x = tf.tensor(values, shape, 'float32');
  const targets = c.outDims.map((d) => tf.tensor(Float32Array.from({ length: BATCH * d }, () => rng.normal()), [BATCH, d]));
  return { x, targets };
}

export const lossOf = (net: Net, x: tf.Tensor, targets: tf.Tensor[], rng: Rng): tf.Scalar => {
  const outs = net.forward(x, { training: true, rng });
  return tf.addN(outs.map((o, i) => tf.mean(tf.squaredDifference(o, targets[i]!)))) as tf.Scalar;
};


/** One backend's gradients of a case: every parameter's, read back, plus how many tensors leaked. */
export interface CaseGradients {
  grads: Map<string, Float32Array>;
  loss: number;
  leaked: number;
}

/** Builds the case's net on `backend` (same seed, same weights everywhere) and reads its gradients. */
export async function gradientsOn(backend: BackendName, c: NetCase, wasmPaths?: string): Promise<CaseGradients> {
  await selectBackend(wasmPaths === undefined ? { gpu: backend } : { gpu: backend, wasmPaths });
  const before = tf.memory().numTensors;
  const spec = netSpec(c.net);
  const net = buildNet(spec, { inShape: c.inShape, outDims: c.outDims, rng: new Rng(7) });
  const { x, targets } = caseData(c, spec);
  const vars = net.parameters.map((p) => p.variable);
  const { value, grads } = tf.variableGrads(() => lossOf(net, x, targets, new Rng(3)), vars);
  const out = new Map<string, Float32Array>();
  // Read asynchronously: dataSync loses the device on WebGPU here.
  for (const p of net.parameters) out.set(p.name, (await grads[p.variable.name]!.data()) as Float32Array);
  const loss = (await value.data())[0]!;
  tf.dispose([value, x, ...targets, ...Object.values(grads)]);
  net.dispose();
  return { grads: out, loss, leaked: tf.memory().numTensors - before };
}

const norm = (a: Float32Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0));

/**
 * The worst per-parameter relative error of `other` against `reference`: relative to the
 * parameter's own gradient, or to the net's whole gradient where a parameter barely matters (a
 * conv bias before GroupNorm; the unused forward direction of a bidirectional top layer, whose
 * gradient is exactly zero in PyTorch too). Infinity if a parameter is missing or the loss
 * reaches none.
 */
export function worstRelativeError(reference: Map<string, Float32Array>, other: Map<string, Float32Array>): { error: number; param: string } {
  const total = Math.sqrt([...reference.values()].reduce((s, g) => s + norm(g) ** 2, 0));
  let worst = { error: total > 0 ? 0 : Infinity, param: '' };
  for (const [name, expected] of reference) {
    const actual = other.get(name);
    if (!actual || actual.length !== expected.length) return { error: Infinity, param: name };
    const diff = norm(actual.map((v, i) => v - expected[i]!));
    const error = diff / Math.max(norm(expected), 1e-3 * total);
    if (!(error <= worst.error)) worst = { error, param: name };
  }
  return worst;
}
