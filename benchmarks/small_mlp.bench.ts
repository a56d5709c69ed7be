/**
 * A small net's gradient step, where tfjs's per-op overhead (not FLOPs) sets the time: SLM Lab's
 * DQN CartPole spec (MLPNet 4-256-128-2, selu, SmoothL1, AdamW lr 3e-4, clip_grad_val 0.55,
 * batch 64). One step = the TD target from a target-net forward, then `trainStep`, as DQN runs
 * it. Prints the wasm median and a `tf.profile` split of kernel time vs wall time per step.
 * Run: npm run bench -- benchmarks/small_mlp.bench.ts [--reps N] [--cpu]
 */
import { loadavg } from 'node:os';
import { tf } from '../src/backend/tf';
import { selectBackend, type BackendName } from '../src/backend/select_backend';
import { actionValues, tdTargets } from '../src/algorithm/dqn_target';
import { buildNet } from '../src/net/net';
import { resolveSpec } from '../src/spec/index';
import { buildLoss } from '../src/train/losses';
import { createOptimizer } from '../src/train/optimizers/registry';
import { trainStep } from '../src/train/train_step';
import { Rng } from '../src/util/rng';

const args = process.argv.slice(2);
const reps = args.includes('--reps') ? Number(args[args.indexOf('--reps') + 1]) : 200;
const BATCH = 64;

const { spec } = resolveSpec({
  agent: {
    name: 'bench',
    algorithm: { name: 'DQN', action_policy: 'boltzmann', explore_var_spec: { name: 'no_decay', start_val: 1, end_val: 1, start_step: 0, end_step: 0 }, gamma: 0.995, training_frequency: 1, training_iter: 2, training_batch_iter: 2, training_start_step: 32 },
    memory: { name: 'Replay', batch_size: BATCH, max_size: 1000 },
    net: {
      type: 'MLPNet',
      hid_layers: [256, 128],
      hid_layers_activation: 'selu',
      clip_grad_val: 0.55,
      loss_spec: { name: 'SmoothL1Loss' },
      optim_spec: { name: 'AdamW', lr: 3e-4 },
    },
  },
  env: { name: 'bench' },
});

async function measure(backend: BackendName): Promise<{ median: number; p10: number; kernelMs: number; kernels: number; profiledMs: number; top: string }> {
  await selectBackend({ gpu: backend });
  const rng = new Rng(1);
  const net = buildNet(spec.agent.net, { inShape: [4], outDims: [2], rng });
  const target = buildNet(spec.agent.net, { inShape: [4], outDims: [2], rng: new Rng(2) });
  const params = net.parameters.map((p) => p.variable);
  const optimizer = createOptimizer(spec.agent.net.optim_spec, params);
  const loss = buildLoss(spec.agent.net.loss_spec);
  const obs = tf.randomUniform([BATCH, 4], -1, 1, 'float32', 1);
  const next = tf.randomUniform([BATCH, 4], -1, 1, 'float32', 2);
  const rewards = tf.ones([BATCH]);
  const terminated = tf.zeros([BATCH]);
  const actions = tf.tensor1d(Array.from({ length: BATCH }, (_, i) => i % 2), 'int32');
  const step = async (): Promise<void> => {
    const y = tf.tidy(() => tdTargets({ rewards, terminated, nextQEval: target.forward(next)[0]!, gamma: 0.995 }));
    try {
      await trainStep({
        params,
        optimizer,
        clipGradVal: spec.agent.net.clip_grad_val,
        loss: () => loss(actionValues(net.forward(obs, { training: true })[0]!, actions), y),
      });
    } finally {
      y.dispose();
    }
  };
  for (let i = 0; i < 20; i++) await step();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await step();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  // Profiling adds its own overhead (it reads every kernel's output): only the split is meaningful.
  const t0 = performance.now();
  const info = await tf.profile(step);
  const profiledMs = performance.now() - t0;
  const byName = new Map<string, [number, number]>();
  for (const k of info.kernels) {
    const e = byName.get(k.name) ?? [0, 0];
    byName.set(k.name, [e[0] + 1, e[1] + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0)]);
  }
  const top = [...byName].sort((a, b) => b[1][1] - a[1][1]).map(([n, [c, ms]]) => `${n}x${c} ${ms.toFixed(2)}`).join(', ');
  const kernelMs = info.kernels.reduce((s, k) => s + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0), 0);
  tf.dispose([obs, next, rewards, terminated, actions]);
  optimizer.dispose();
  net.dispose();
  target.dispose();
  return { median: times[Math.floor(times.length / 2)]!, p10: times[Math.floor(times.length / 10)]!, kernelMs, kernels: info.kernels.length, profiledMs, top };
}

const backends: BackendName[] = args.includes('--cpu') ? ['wasm', 'cpu'] : ['wasm'];
console.log(`DQN CartPole MLP 4-256-128-2 (selu), batch ${BATCH}, SmoothL1, AdamW, clip 0.55: target forward + trainStep; ${reps} reps; load ${loadavg()[0]!.toFixed(1)}`);
for (const b of backends) {
  const r = await measure(b);
  console.log(`${b}: median ${r.median.toFixed(3)} ms, p10 ${r.p10.toFixed(3)} ms; profiled step: ${r.kernels} kernels, kernel time ${r.kernelMs.toFixed(2)} ms of ${r.profiledMs.toFixed(2)} ms`);
  console.log(`  kernels (count, ms): ${r.top}`);
}
