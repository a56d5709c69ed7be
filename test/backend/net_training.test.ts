/**
 * Every kind of net trains on every Node backend: wasm gradients agree with the cpu backend
 * (relative error < 1e-4), and hundreds of train steps leave tf.memory() flat.
 * The nets come from real spec JSON through resolveSpec, as a user's would.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { selectBackend, type BackendName } from '../../src/backend/select_backend';
import { buildNet, type Net } from '../../src/net/net';
import { resolveSpec } from '../../src/spec/index';
import type { ResolvedNetSpec } from '../../src/spec/types';
import { createOptimizer } from '../../src/train/optimizers/registry';
import { readTrainStep, trainStep } from '../../src/train/train_step';
import { Rng } from '../../src/util/rng';

/** A resolved net spec from the net section of a minimal DQN spec. */
function netSpec(net: object): ResolvedNetSpec {
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

interface Case {
  name: string;
  net: object;
  inShape: number[];
  outDims: number[];
}

const CASES: Case[] = [
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

const BATCH = 3;

/** Fixed inputs and targets for a case: uint8-valued images, normal vectors. */
function data(c: Case, spec: ResolvedNetSpec): { x: tf.Tensor; targets: tf.Tensor[] } {
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

const lossOf = (net: Net, x: tf.Tensor, targets: tf.Tensor[], rng: Rng): tf.Scalar => {
  const outs = net.forward(x, { training: true, rng });
  return tf.addN(outs.map((o, i) => tf.mean(tf.squaredDifference(o, targets[i]!)))) as tf.Scalar;
};

/** Gradients of every parameter on one backend, read back as plain arrays. */
async function gradientsOn(backend: BackendName, c: Case): Promise<Map<string, Float32Array>> {
  await selectBackend({ gpu: backend });
  const before = tf.memory().numTensors;
  const spec = netSpec(c.net);
  const net = buildNet(spec, { inShape: c.inShape, outDims: c.outDims, rng: new Rng(7) });
  const { x, targets } = data(c, spec);
  const vars = net.parameters.map((p) => p.variable);
  const { value, grads } = tf.variableGrads(() => lossOf(net, x, targets, new Rng(3)), vars);
  const out = new Map<string, Float32Array>();
  for (const p of net.parameters) out.set(p.name, (await grads[p.variable.name]!.data()) as Float32Array);
  assert.ok(Number.isFinite((await value.data())[0]!));
  tf.dispose([value, x, ...targets, ...Object.values(grads)]);
  net.dispose();
  assert.equal(tf.memory().numTensors, before, `${backend}: tensors leaked`);
  return out;
}

const norm = (a: Float32Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0));

describe('wasm gradients agree with the cpu backend', () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const cpu = await gradientsOn('cpu', c);
      const wasm = await gradientsOn('wasm', c);
      assert.equal(wasm.size, cpu.size);
      // Relative to the parameter's own gradient, or to the net's whole gradient where a
      // parameter barely matters (a conv bias before GroupNorm; the unused forward direction of
      // a bidirectional top layer, whose gradient is exactly zero in PyTorch too).
      const total = Math.sqrt([...cpu.values()].reduce((s, g) => s + norm(g) ** 2, 0));
      assert.ok(total > 0, 'the loss reaches no parameter');
      for (const [name, expected] of cpu) {
        const actual = wasm.get(name)!;
        const diff = norm(actual.map((v, i) => v - expected[i]!));
        const scale = Math.max(norm(expected), 1e-3 * total);
        assert.ok(diff / scale < 1e-4, `${name}: relative error ${(diff / scale).toExponential(2)} (|g| ${norm(expected).toExponential(2)})`);
      }
    });
  }
});

describe('hundreds of train steps on wasm keep tf.memory() flat and fit the targets', () => {
  for (const c of [CASES[0]!, CASES[4]!]) {
    test(c.name, async () => {
      await selectBackend({ gpu: 'wasm' });
      const spec = netSpec({ ...c.net, clip_grad_val: 1, optim_spec: { name: 'Adam', lr: 0.003 } });
      const before = tf.memory().numTensors;
      const net = buildNet(spec, { inShape: c.inShape, outDims: c.outDims, rng: new Rng(1) });
      const params = net.parameters.map((p) => p.variable);
      const optimizer = createOptimizer(spec.optim_spec, params);
      const { x, targets } = data(c, spec);
      const rng = new Rng(5);
      const losses: number[] = [];
      let afterWarmup = -1;
      for (let step = 0; step < 300; step++) {
        const result = trainStep({ params, loss: () => lossOf(net, x, targets, rng), optimizer, clipGradVal: spec.clip_grad_val });
        const numbers = await readTrainStep(result);
        assert.equal(numbers.skipped, false);
        losses.push(numbers.loss);
        if (step === 9) afterWarmup = tf.memory().numTensors;
      }
      assert.equal(tf.memory().numTensors, afterWarmup, 'tensor count grew during training');
      assert.ok(losses.at(-1)! < 0.2 * losses[0]!, `loss ${losses[0]} -> ${losses.at(-1)}`);
      tf.dispose([x, ...targets]);
      optimizer.dispose();
      net.dispose();
      assert.equal(tf.memory().numTensors, before);
    });
  }
});
