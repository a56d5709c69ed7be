/**
 * The fused wasm Adam/AdamW kernel (src/backend/wasm_adam_kernel.ts) against the cpu backend's op
 * chain (adam.ts): the same parameters, gradients and hyper-parameters for 6 steps give the same
 * float32 bits for every parameter and both moments. Shapes stay under the fused size limit, so
 * every update on wasm takes the kernel (its launches are counted).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/backend/tf';
import { ADAM_UPDATE_KERNEL } from '../../../src/backend/wasm_adam_kernel';
import { Adam, type AdamOptions } from '../../../src/train/optimizers/adam';
import { AdamW } from '../../../src/train/optimizers/adamw';
import type { Optimizer } from '../../../src/train/optimizers/optimizer';
import { Rng } from '../../../src/util/rng';
import { useBackend } from '../backends';

const SHAPES = [[7, 5], [13], [64, 32], [3, 3, 4, 8]];
const STEPS = 6;

const CASES: [string, (v: tf.Variable[]) => Optimizer][] = [
  ['Adam', (v) => new Adam(v, { lr: 0.01 })],
  ['Adam with L2 weight decay and odd betas', (v) => new Adam(v, { lr: 0.003, betas: [0.8, 0.95], eps: 1e-6, weight_decay: 0.05 } satisfies AdamOptions)],
  ['AdamW', (v) => new AdamW(v, { lr: 0.02, weight_decay: 0.1 })],
];

/** Random normal arrays for the shapes (the same for a given seed). */
function arrays(seed: number, scale = 1): Float32Array[] {
  const rng = new Rng(seed);
  return SHAPES.map((s) => Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal() * scale));
}

/** Parameter and slot bits after STEPS steps on the current backend, and the fused kernel launches. */
async function run(make: (v: tf.Variable[]) => Optimizer): Promise<{ bits: number[][]; fused: number }> {
  const before = tf.memory().numTensors;
  const params = arrays(1).map((a, i) => tf.tidy(() => tf.variable(tf.tensor(a, SHAPES[i]!, 'float32'))));
  const opt = make(params);
  let fused = 0;
  const engine = tf.engine() as unknown as { runKernel: (name: string, ...rest: unknown[]) => unknown };
  const original = engine.runKernel;
  engine.runKernel = function (name: string, ...rest: unknown[]) {
    if (name === ADAM_UPDATE_KERNEL) fused++;
    return original.call(this, name, ...rest);
  };
  try {
    for (let k = 0; k < STEPS; k++) {
      // Gradients of several magnitudes, with zeros, so that eps and the decay terms matter.
      const grads = arrays(100 + k, k % 2 === 0 ? 1 : 1e-3).map((g, i) => {
        if (k === 3) g.fill(0, 0, 5);
        return tf.tensor(g, SHAPES[i]!, 'float32');
      });
      opt.step(grads);
      tf.dispose(grads);
    }
  } finally {
    engine.runKernel = original;
  }
  const state = await opt.getState();
  const bits = [
    ...(await Promise.all(params.map(async (p) => Array.from(new Uint32Array(new Float32Array(await p.data()).buffer))))),
    ...state.slots.map((s) => Array.from(new Uint32Array(s.data.buffer, s.data.byteOffset, s.data.length))),
  ];
  opt.dispose();
  tf.dispose(params);
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  return { bits, fused };
}

for (const [name, make] of CASES) {
  test(`${name}: the fused wasm kernel gives the cpu op chain's bits over ${STEPS} steps`, async () => {
    await useBackend('cpu');
    const cpu = await run(make);
    assert.equal(cpu.fused, 0, 'cpu has no fused kernel');
    await useBackend('wasm');
    assert.ok(tf.getKernel(ADAM_UPDATE_KERNEL, 'wasm') !== undefined, 'the SDK registers the fused kernel on wasm');
    const wasm = await run(make);
    assert.equal(wasm.fused, STEPS * SHAPES.length, 'every update on wasm took the fused kernel');
    assert.equal(wasm.bits.length, cpu.bits.length);
    wasm.bits.forEach((w, i) => {
      const mismatches = w.filter((b, j) => b !== cpu.bits[i]![j]).length;
      assert.equal(mismatches, 0, `tensor ${i} (${i < SHAPES.length ? 'parameter' : 'slot'}): ${mismatches} of ${w.length} values differ in their bits`);
    });
  });
}
