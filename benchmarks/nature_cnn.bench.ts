/**
 * The product's Nature-CNN train step, as an agent runs it: a ConvNet built from an SLM Lab spec
 * (84x84x4 -> conv 32/8/4, 64/4/2, 64/3/1 -> fc 512 -> 6), SmoothL1 (Huber) loss, Adam, batch 32,
 * through `trainStep`; and a batch-1 forward. Medians on wasm and cpu in Node, and PyTorch's
 * numbers for the same step on this machine (Debian python3-torch, 1 and 2 threads) when it is
 * installed, as ratios measured in the same run.
 * Run: npm run bench -- benchmarks/nature_cnn.bench.ts [--reps N] [--cpu-train]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { tf } from '../src/backend/tf';
import { selectBackend, type BackendName } from '../src/backend/select_backend';
import { buildNet } from '../src/net/net';
import { resolveSpec } from '../src/spec/index';
import { buildLoss } from '../src/train/losses';
import { createOptimizer } from '../src/train/optimizers/registry';
import { trainStep } from '../src/train/train_step';
import { Rng } from '../src/util/rng';

const args = process.argv.slice(2);
const reps = args.includes('--reps') ? Number(args[args.indexOf('--reps') + 1]) : 15;

const { spec } = resolveSpec({
  agent: {
    name: 'bench',
    algorithm: { name: 'DQN', action_policy: 'epsilon_greedy', explore_var_spec: { name: 'no_decay', start_val: 0.1, end_val: 0.1, start_step: 0, end_step: 0 }, gamma: 0.99, training_frequency: 4, training_iter: 1, training_batch_iter: 1, training_start_step: 32 },
    memory: { name: 'Replay', batch_size: 32, max_size: 1000 },
    net: {
      type: 'ConvNet',
      conv_hid_layers: [[32, 8, 4, 0, 1], [64, 4, 2, 0, 1], [64, 3, 1, 0, 1]],
      fc_hid_layers: [512],
      hid_layers_activation: 'relu',
      batch_norm: false,
      loss_spec: { name: 'SmoothL1Loss' },
      optim_spec: { name: 'Adam', lr: 1e-4 },
    },
  },
  env: { name: 'bench' },
});

async function median(fn: () => Promise<void>, n: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function measure(backend: BackendName, train: boolean): Promise<{ forward: number; step: number | null }> {
  await selectBackend({ gpu: backend });
  const rng = new Rng(1);
  const net = buildNet(spec.agent.net, { inShape: [84, 84, 4], outDims: [6], rng });
  const params = net.parameters.map((p) => p.variable);
  const optimizer = createOptimizer(spec.agent.net.optim_spec, params);
  const loss = buildLoss(spec.agent.net.loss_spec);
  const x32 = tf.randomUniform([32, 84, 84, 4], 0, 255, 'float32', 1);
  const y32 = tf.randomUniform([32, 6], 0, 1, 'float32', 2);
  const x1 = tf.randomUniform([1, 84, 84, 4], 0, 255, 'float32', 3);
  const forward = await median(async () => {
    const out = tf.tidy(() => net.forward(x1)[0]!);
    await out.data();
    out.dispose();
  }, reps * 4);
  let step: number | null = null;
  if (train) {
    step = await median(async () => {
      await trainStep({ params, loss: () => loss(net.forward(x32, { training: true })[0]!, y32), optimizer, clipGradVal: null });
    }, backend === 'cpu' ? 2 : reps);
  }
  tf.dispose([x32, y32, x1]);
  optimizer.dispose();
  net.dispose();
  return { forward, step };
}

function pytorch(threads: number): { step: number; forward: number } | null {
  const script = join(process.cwd(), '..', 'shared', 'reference', 'pytorch', 'torch_speed.py');
  if (!existsSync(script) || !existsSync('/usr/bin/python3')) return null;
  const r = spawnSync('/usr/bin/python3', [script, String(threads)], { encoding: 'utf8' });
  const m = /train_step_b32_ms=([\d.]+) infer_b1_ms=([\d.]+)/.exec(r.stdout);
  return m ? { step: Number(m[1]), forward: Number(m[2]) } : null;
}

const wasm = await measure('wasm', true);
const cpu = await measure('cpu', args.includes('--cpu-train'));
const torch1 = pytorch(1);
const torch2 = pytorch(2);
const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : v.toFixed(2));
console.log(`Nature-CNN, batch 32 train step (SmoothL1, Adam) and batch-1 forward; medians in ms; load ${loadavg()[0]!.toFixed(1)}`);
console.log(`| runtime | train step b32 | forward b1 |`);
console.log(`|---|---|---|`);
console.log(`| pixelpilot wasm (SIMD, 1 thread) | ${fmt(wasm.step)} | ${fmt(wasm.forward)} |`);
console.log(`| pixelpilot cpu (pure JS) | ${fmt(cpu.step)} | ${fmt(cpu.forward)} |`);
if (torch1) console.log(`| PyTorch CPU, 1 thread | ${fmt(torch1.step)} | ${fmt(torch1.forward)} |`);
if (torch2) console.log(`| PyTorch CPU, 2 threads | ${fmt(torch2.step)} | ${fmt(torch2.forward)} |`);
if (!torch1) console.log('(PyTorch not installed: apt-get install python3-torch to compare)');
if (torch1 && wasm.step) console.log(`wasm train step / PyTorch 1 thread = ${(wasm.step / torch1.step).toFixed(2)}x`);
if (torch2 && wasm.step) console.log(`wasm train step / PyTorch 2 threads = ${(wasm.step / torch2.step).toFixed(2)}x`);
