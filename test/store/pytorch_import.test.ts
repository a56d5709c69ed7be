/**
 * PyTorch checkpoints into our nets. fixtures/make_torch_import.py (PyTorch 1.13) built each net
 * with SLM Lab's / AMAGO's module names, saved its state_dict as safetensors and recorded the
 * heads in eval mode on fixed inputs; here a net built from the same spec imports the file and
 * must give the same outputs, on cpu and wasm. A checkpoint that does not fit is refused with a
 * typed error and leaves the net exactly as it was.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { tf } from '../../src/backend/tf';
import { buildNet, type Net } from '../../src/net/net';
import type { ResolvedNetSpec } from '../../src/spec/types';
import { importPytorchNets, importPytorchStateDict, isIgnorablePytorchTensor, prefixStateDicts, type PytorchTensor } from '../../src/store/pytorch_import';
import { readSafetensors } from '../../src/store/safetensors';
import { ShapeError, StorageError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { maxAbsDiff, netSpec, noLeak, useBackend } from '../net/helpers';
import fixture from './fixtures/torch_import.json';
import { editHeader } from './safetensors_bytes';

type Case = (typeof fixture.cases)[number];
const byName = (name: string): Case => fixture.cases.find((c) => c.name === name)!;
const fileBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(join(process.cwd(), 'test/store/fixtures', `${name}.safetensors`)));
const tensorsOf = (name: string): Map<string, PytorchTensor> => readSafetensors(fileBytes(name), `${name}.safetensors`);

/** Our net for a fixture case, from the same resolved net fields; seeded so it differs from PyTorch's. */
function buildFor(c: Case, seed = 7): Net {
  return buildNet(netSpec(c.net as Partial<ResolvedNetSpec>), { inShape: c.in_shape, outDims: c.out_dims, rng: new Rng(seed) });
}

/** The fixture input in our layout: images NCHW -> NHWC as uint8-valued int32, vectors as float32. */
function inputOf(c: Case): tf.Tensor {
  const lead = c.net.type === 'RecurrentNet' ? [c.batch, c.net.seq_len] : [c.batch];
  if (c.in_shape.length !== 3) return tf.tensor(c.input, [...lead, ...c.in_shape], 'float32');
  const [h, w, ch] = c.in_shape as [number, number, number];
  return tf.tidy(() => {
    const nchw = tf.tensor(c.input, [lead.reduce((a, b) => a * b, 1), ch, h, w], 'int32');
    return tf.reshape(tf.transpose(nchw, [0, 2, 3, 1]), [...lead, h, w, ch]);
  });
}

/** Every parameter and buffer value of a net, in order. */
const snapshot = (net: Net): Float32Array[] => [...net.parameters, ...net.buffers].map((p) => p.variable.dataSync() as Float32Array);

function assertUnchanged(net: Net, before: Float32Array[]): void {
  snapshot(net).forEach((v, i) => assert.deepEqual(v, before[i], `weight ${i} changed`));
}

/** Asserts `fn` throws a ShapeError whose message contains every fragment. */
function assertShapeError(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ShapeError, `expected ShapeError, got ${String(e)}`);
    for (const f of fragments) assert.ok(e.message.includes(f), `message ${JSON.stringify(e.message)} lacks ${JSON.stringify(f)}`);
    return true;
  });
}

function checkOutputs(net: Net, c: Case): void {
  const x = inputOf(c);
  const outs = net.forward(x);
  assert.equal(outs.length, c.outputs.length);
  outs.forEach((o, h) => {
    const diff = maxAbsDiff(o.dataSync(), c.outputs[h]!);
    assert.ok(diff < 1e-4, `${c.name} head ${h}: max |ours - PyTorch| = ${diff}`);
  });
  tf.dispose([x, ...outs]);
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`PyTorch checkpoints give PyTorch's outputs (${backend})`, () => {
    after(() => useBackend('cpu'));

    for (const c of fixture.cases) {
      test(`${c.name}: ${c.net.type}, ${Object.keys(c.state_dict).length} state_dict tensors`, async () => {
        await useBackend(backend);
        await noLeak(() => {
          const net = buildFor(c);
          const tensors = tensorsOf(c.name);
          assert.deepEqual([...tensors.keys()], Object.keys(c.state_dict));
          // Before the import the net is only its own seeded init.
          const x = inputOf(c);
          const fresh = net.forward(x);
          assert.ok(maxAbsDiff(fresh[0]!.dataSync(), c.outputs[0]!) > 1e-3);
          tf.dispose([x, ...fresh]);
          importPytorchStateDict(net, tensors, `${c.name}.safetensors`);
          checkOutputs(net, c);
          net.dispose();
        });
      });
    }
  });
}

describe('checkpoints that do not fit are refused and change nothing', () => {
  const c = byName('convnet_bn');

  /** Builds the net, runs `attempt` (which must throw as asserted), and checks the weights and tensors. */
  async function refused(attempt: (net: Net) => void): Promise<void> {
    await useBackend('cpu');
    await noLeak(() => {
      const net = buildFor(c);
      const before = snapshot(net);
      attempt(net);
      assertUnchanged(net, before);
      net.dispose();
    });
  }

  test('a tensor of the wrong shape: ShapeError naming it and both shapes', () =>
    refused((net) => {
      const tensors = tensorsOf(c.name);
      tensors.set('fc_model.0.weight', { shape: [8, 59], data: new Float32Array(8 * 59) });
      assertShapeError(() => importPytorchStateDict(net, tensors, 'ckpt'), 'ckpt', 'fc_model.0.weight', '[8,59]', '[8,60]');
    }));

  test('a transposed Linear weight is a shape mismatch, not silently reshaped', () =>
    refused((net) => {
      const tensors = tensorsOf(c.name);
      const w = tensors.get('model_tails.0.0.weight')!;
      tensors.set('model_tails.0.0.weight', { shape: [8, 3], data: w.data });
      assertShapeError(() => importPytorchStateDict(net, tensors, 'ckpt'), 'model_tails.0.0.weight', '[8,3]', '[3,8]');
    }));

  test('data that does not fill the shape', () =>
    refused((net) => {
      const tensors = tensorsOf(c.name);
      tensors.set('conv_model.0.bias', { shape: [4], data: new Float32Array(3) });
      assertShapeError(() => importPytorchStateDict(net, tensors, 'ckpt'), 'conv_model.0.bias', '3 values');
    }));

  test('missing tensors, a parameter and a BatchNorm buffer: all listed', () =>
    refused((net) => {
      const tensors = tensorsOf(c.name);
      tensors.delete('conv_model.7.running_var');
      tensors.delete('model_tails.1.0.bias');
      assertShapeError(() => importPytorchStateDict(net, tensors, 'ckpt'), 'missing from the checkpoint (2)', 'conv_model.7.running_var', 'model_tails.1.0.bias');
    }));

  test('unknown extra tensors are listed; num_batches_tracked is ignored only beside a BatchNorm we hold', () =>
    refused((net) => {
      const tensors = tensorsOf(c.name);
      const scalar = { shape: [], data: Float32Array.from([1]) };
      tensors.set('conv_model.9.weight', { shape: [2], data: new Float32Array(2) });
      tensors.set('conv_model.0.num_batches_tracked', scalar);
      assertShapeError(
        () => importPytorchStateDict(net, tensors, 'ckpt'),
        'in the checkpoint but not in the net (2)',
        'conv_model.9.weight',
        'conv_model.0.num_batches_tracked',
      );
      const names = new Set([...net.parameters, ...net.buffers].map((p) => p.name));
      assert.ok(isIgnorablePytorchTensor('conv_model.4.num_batches_tracked', names));
      assert.ok(!isIgnorablePytorchTensor('conv_model.0.num_batches_tracked', names));
    }));

  test('every problem is reported at once', () =>
    refused((net) => {
      const tensors = tensorsOf(c.name);
      tensors.delete('conv_model.0.weight');
      tensors.set('extra', { shape: [1], data: new Float32Array(1) });
      tensors.set('fc_model.0.bias', { shape: [9], data: new Float32Array(9) });
      assertShapeError(() => importPytorchStateDict(net, tensors, 'ckpt'), 'conv_model.0.weight', 'extra', 'fc_model.0.bias: checkpoint shape [9]');
    }));

  test('a checkpoint of another architecture (MLPNet into a ConvNet)', () =>
    refused((net) => assertShapeError(() => importPytorchStateDict(net, tensorsOf('mlp'), 'mlp.safetensors'), 'missing', 'conv_model.0.weight', 'model.0.weight')));

  test('a truncated file, a header claiming offsets beyond the file, a bad dtype: StorageError before any import', () =>
    refused((net) => {
      const bytes = fileBytes(c.name);
      const load = (b: Uint8Array): void => importPytorchStateDict(net, readSafetensors(b, 'ckpt.safetensors'), 'ckpt.safetensors');
      const storage = (b: Uint8Array, ...fragments: string[]): void =>
        assert.throws(
          () => load(b),
          (e: unknown) => e instanceof StorageError && fragments.every((f) => e.message.includes(f)),
        );
      storage(bytes.subarray(0, bytes.length - 100), 'ckpt.safetensors', 'run past the end');
      storage(bytes.subarray(0, 20), 'truncated');
      storage(editHeader(bytes, (h) => void (h['fc_model.0.weight']!['data_offsets'] = [0, 1 << 30])), "tensor 'fc_model.0.weight'", 'run past the end');
      storage(editHeader(bytes, (h) => void (h['conv_model.4.running_mean']!['dtype'] = 'Q4')), "tensor 'conv_model.4.running_mean'", "unsupported dtype 'Q4'");
    }));

  test('an import that fits after a refused one still works', async () => {
    await useBackend('cpu');
    await noLeak(() => {
      const net = buildFor(c);
      const bad = tensorsOf(c.name);
      bad.delete('fc_model.0.bias');
      assert.throws(() => importPytorchStateDict(net, bad, 'bad'), ShapeError);
      importPytorchStateDict(net, tensorsOf(c.name), 'good');
      checkOutputs(net, c);
      net.dispose();
    });
  });
});

describe('importPytorchNets: several nets from one state_dict prefixed by net name', () => {
  const actor = byName('mlp');
  const critic = byName('recurrent_vec_lstm');
  const build = (): Map<string, Net> => new Map([['net', buildFor(actor)], ['critic_net', buildFor(critic)]]);
  const prefixed = (): Map<string, PytorchTensor> => prefixStateDicts(new Map([['net', tensorsOf(actor.name)], ['critic_net', tensorsOf(critic.name)]]));
  const disposeAll = (nets: Map<string, Net>): void => nets.forEach((n) => n.dispose());

  test('loads each net from its prefix', async () => {
    await useBackend('cpu');
    await noLeak(() => {
      const nets = build();
      const tensors = prefixed();
      assert.ok(tensors.has('net.model.0.weight') && tensors.has('critic_net.rnn_model.weight_ih_l1_reverse'));
      importPytorchNets(nets, tensors, 'agent.safetensors');
      checkOutputs(nets.get('net')!, actor);
      checkOutputs(nets.get('critic_net')!, critic);
      disposeAll(nets);
    });
  });

  test('a problem in one net leaves every net unchanged; unprefixed and foreign keys are unknown', async () => {
    await useBackend('cpu');
    await noLeak(() => {
      const nets = build();
      const before = [...nets.values()].map(snapshot);
      const tensors = prefixed();
      tensors.delete('critic_net.model_tail.0.bias');
      assertShapeError(() => importPytorchNets(nets, tensors, 'agent'), 'agent', 'missing from the checkpoint (1): critic_net.model_tail.0.bias');
      const extra = prefixed();
      extra.set('target_net.model.0.weight', extra.get('net.model.0.weight')!);
      extra.set('model.0.bias', extra.get('net.model.0.bias')!);
      assertShapeError(() => importPytorchNets(nets, extra, 'agent'), 'not in the net (2)', 'target_net.model.0.weight', 'model.0.bias');
      [...nets.values()].forEach((n, i) => assertUnchanged(n, before[i]!));
      disposeAll(nets);
    });
  });
});
