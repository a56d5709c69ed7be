/**
 * Every kind of net trains on every Node backend: wasm gradients agree with the cpu backend
 * (relative error < 1e-4), and hundreds of train steps leave tf.memory() flat.
 * The nets come from real spec JSON through resolveSpec, as a user's would.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { selectBackend, type BackendName } from '../../src/backend/select_backend';
import { buildNet } from '../../src/net/net';
import { createOptimizer } from '../../src/train/optimizers/registry';
import { trainStep } from '../../src/train/train_step';
import { Rng } from '../../src/util/rng';
import { caseData, lossOf, NET_CASES, netSpec, type NetCase } from './net_cases';

/** Gradients of every parameter on one backend, read back as plain arrays. */
async function gradientsOn(backend: BackendName, c: NetCase): Promise<Map<string, Float32Array>> {
  await selectBackend({ gpu: backend });
  const before = tf.memory().numTensors;
  const spec = netSpec(c.net);
  const net = buildNet(spec, { inShape: c.inShape, outDims: c.outDims, rng: new Rng(7) });
  const { x, targets } = caseData(c, spec);
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
  for (const c of NET_CASES) {
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
  for (const c of [NET_CASES[0]!, NET_CASES[4]!]) {
    test(c.name, async () => {
      await selectBackend({ gpu: 'wasm' });
      const spec = netSpec({ ...c.net, clip_grad_val: 1, optim_spec: { name: 'Adam', lr: 0.003 } });
      const before = tf.memory().numTensors;
      const net = buildNet(spec, { inShape: c.inShape, outDims: c.outDims, rng: new Rng(1) });
      const params = net.parameters.map((p) => p.variable);
      const optimizer = createOptimizer(spec.optim_spec, params);
      const { x, targets } = caseData(c, spec);
      const rng = new Rng(5);
      const losses: number[] = [];
      let afterWarmup = -1;
      for (let step = 0; step < 300; step++) {
        const numbers = await trainStep({ params, loss: () => lossOf(net, x, targets, rng), optimizer, clipGradVal: spec.clip_grad_val });
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
