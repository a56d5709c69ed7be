/**
 * `pixelpilot/play` decision latency: one `bot.act(observation)` at batch 1 (observation check,
 * upload, forward pass, `await data()`, greedy action), as a game calls it, for the catch ConvNet
 * of demos/specs/dqn_catch.json (10x10x1 pixels, 3 actions) and a Nature CNN (84x84x4, 6
 * actions). Median and p95 over `--reps` decisions (default 300) after 20 warm-up ones, on wasm
 * (SIMD, 1 thread in Node) and cpu, plus the time loadBot takes from a policy file's bytes.
 * Imports src/play (the built dist/play.js runs the same forward kernels; it only leaves the
 * gradient registrations out).
 * Run: npm run bench -- benchmarks/play.bench.ts [--reps N]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { selectBackend } from '../src/backend/select_backend';
import { tf } from '../src/backend/tf';
import { buildNet } from '../src/net/net';
import { loadBot } from '../src/play/load_bot';
import { resolveSpec } from '../src/spec/index';
import type { ResolvedSpec } from '../src/spec/types';
import { policyArtifacts } from '../src/store/policy_artifact';
import { encodePolicyFile } from '../src/store/policy_file';
import { Rng } from '../src/util/rng';

const args = process.argv.slice(2);
const reps = args.includes('--reps') ? Number(args[args.indexOf('--reps') + 1]) : 300;

interface Case {
  name: string;
  spec: ResolvedSpec;
  obsShape: number[];
  actions: number;
}

const natureSpec = resolveSpec({
  agent: {
    name: 'nature',
    algorithm: { name: 'DQN', action_policy: 'epsilon_greedy', explore_var_spec: { name: 'no_decay', start_val: 0.05 }, gamma: 0.99, training_frequency: 4, training_iter: 1, training_batch_iter: 1, training_start_step: 32 },
    memory: { name: 'Replay', batch_size: 32, max_size: 1000 },
    net: { type: 'ConvNet', conv_hid_layers: [[32, 8, 4, 0, 1], [64, 4, 2, 0, 1], [64, 3, 1, 0, 1]], fc_hid_layers: [512], hid_layers_activation: 'relu', loss_spec: { name: 'SmoothL1Loss' }, optim_spec: { name: 'Adam', lr: 1e-4 } },
  },
  env: { name: 'bench' },
}).spec;

const CASES: Case[] = [
  { name: 'catch ConvNet (dqn_catch.json), 10x10x1', spec: resolveSpec(readFileSync('demos/specs/dqn_catch.json', 'utf8')).spec, obsShape: [10, 10, 1], actions: 3 },
  { name: 'Nature CNN, 84x84x4', spec: natureSpec, obsShape: [84, 84, 4], actions: 6 },
];

/** A policy file of a freshly initialised net of the case (what the bot loads is all that matters here). */
async function policyBytes(c: Case): Promise<Uint8Array> {
  const net = buildNet(c.spec.agent.net, { inShape: c.obsShape, outDims: [c.actions], rng: new Rng(1) });
  try {
    const artifacts = await policyArtifacts({
      spec: c.spec,
      observation: { shape: c.obsShape, dtype: 'uint8', frameStack: 1 },
      actionSpace: { type: 'discrete', n: c.actions },
      frames: 0,
      nets: new Map([['net', net]]),
    });
    return encodePolicyFile(artifacts);
  } finally {
    net.dispose();
  }
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function measure(c: Case, bytes: Uint8Array, backend: 'wasm' | 'cpu', n: number): Promise<{ load: number; median: number; p95: number }> {
  const t0 = performance.now();
  const bot = await loadBot(bytes, { backend });
  const load = performance.now() - t0;
  const rng = new Rng(2);
  const size = c.obsShape.reduce((a, b) => a * b, 1);
  const frames = Array.from({ length: 16 }, () => Uint8Array.from({ length: size }, () => rng.int(256)));
  const before = tf.memory().numTensors;
  for (let i = 0; i < 20; i++) await bot.act(frames[i % frames.length]!);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await bot.act(frames[i % frames.length]!);
    times.push(performance.now() - s);
  }
  if (tf.memory().numTensors !== before) throw new Error(`${c.name} on ${backend}: act leaked tensors`);
  bot.dispose();
  times.sort((a, b) => a - b);
  return { load, median: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

await selectBackend({ gpu: 'cpu' }); // silences tfjs' Node banner before the policies are made
console.log(`pixelpilot/play: batch-1 decision latency (bot.act), ms; ${reps} decisions per row; load ${loadavg()[0]!.toFixed(1)}`);
console.log('| net | backend | median | p95 | loadBot |');
console.log('|---|---|---|---|---|');
for (const c of CASES) {
  const bytes = await policyBytes(c);
  for (const backend of ['wasm', 'cpu'] as const) {
    // Pure-JS cpu is ~50 ms per Nature-CNN decision: fewer of them.
    const n = backend === 'cpu' && c.obsShape[0]! > 20 ? Math.min(reps, 30) : reps;
    const r = await measure(c, bytes, backend, n);
    console.log(`| ${c.name} | ${backend} | ${r.median.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.load.toFixed(0)} |`);
  }
}
