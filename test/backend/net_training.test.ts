/**
 * Every kind of net trains on every Node backend: wasm gradients agree with the cpu backend
 * (relative error < 1e-4), and hundreds of train steps leave tf.memory() flat.
 * The nets come from real spec JSON through resolveSpec, as a user's would.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { selectBackend } from '../../src/backend/select_backend';
import { buildNet } from '../../src/net/net';
import { createOptimizer } from '../../src/train/optimizers/registry';
import { trainStep } from '../../src/train/train_step';
import { Rng } from '../../src/util/rng';
import { caseData, gradientsOn, lossOf, NET_CASES, netSpec, worstRelativeError } from './net_cases';

describe('wasm gradients agree with the cpu backend', () => {
  for (const c of NET_CASES) {
    test(c.name, async () => {
      const cpu = await gradientsOn('cpu', c);
      const wasm = await gradientsOn('wasm', c);
      assert.deepEqual([cpu.leaked, wasm.leaked], [0, 0], 'tensors leaked');
      assert.ok(Number.isFinite(cpu.loss));
      const worst = worstRelativeError(cpu.grads, wasm.grads);
      assert.ok(worst.error < 1e-4, `${worst.param}: relative error ${worst.error.toExponential(2)}`);
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
