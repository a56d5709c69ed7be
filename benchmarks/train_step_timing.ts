/**
 * Timing a net's train step and batch-1 forward the way an agent runs them: a net built from an
 * SLM Lab net spec, the spec's loss and optimizer, one `trainStep` per step. Shared by the Node
 * benchmarks and the browser pages of benchmarks (it imports nothing Node-only), on whatever
 * backend is current.
 */
import { tf } from '../src/backend/tf';
import { buildNet } from '../src/net/net';
import { resolveSpec } from '../src/spec/index';
import type { ResolvedNetSpec } from '../src/spec/types';
import { buildLoss } from '../src/train/losses';
import { createOptimizer } from '../src/train/optimizers/registry';
import { trainStep } from '../src/train/train_step';
import { Rng } from '../src/util/rng';

/** The Nature CNN: 84x84x4 -> conv 32/8/4, 64/4/2, 64/3/1 -> fc 512 -> 6; SmoothL1 (Huber), Adam 1e-4. */
export function natureCnnNet(): ResolvedNetSpec {
  return resolveSpec({
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
  }).spec.agent.net;
}

/** Median of `n` timed calls (ms), after `warmup` untimed ones. */
export async function median(fn: () => Promise<void>, n: number, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** What to time for one net; a count of 0 skips that measurement (its result is null). */
export interface NetTiming {
  net: ResolvedNetSpec;
  inShape: number[];
  outDims: number[];
  /** Train-step batch size (default 32). */
  batch?: number;
  stepReps: number;
  forwardReps: number;
  /** Untimed calls before each measurement (default 1). */
  warmup?: number;
}

/** Medians in ms of a batch-1 forward (with `await data()`) and a train step, and the first step's loss. */
export interface NetTimes {
  forward: number | null;
  step: number | null;
  firstLoss: number | null;
}

/**
 * Builds the net (seed 1) on the current backend and times it; inputs are uniform in [0, 255),
 * targets in [0, 1), from fixed seeds. Disposes everything it made.
 */
export async function timeNet(t: NetTiming): Promise<NetTimes> {
  const batch = t.batch ?? 32;
  const warmup = t.warmup ?? 1;
  const net = buildNet(t.net, { inShape: t.inShape, outDims: t.outDims, rng: new Rng(1) });
  const params = net.parameters.map((p) => p.variable);
  const optimizer = createOptimizer(t.net.optim_spec, params);
  const loss = buildLoss(t.net.loss_spec);
  const xb = tf.randomUniform([batch, ...t.inShape], 0, 255, 'float32', 1);
  const yb = tf.randomUniform([batch, t.outDims[0]!], 0, 1, 'float32', 2);
  const x1 = tf.randomUniform([1, ...t.inShape], 0, 255, 'float32', 3);
  try {
    const forward =
      t.forwardReps > 0
        ? await median(async () => {
            const out = tf.tidy(() => net.forward(x1)[0]!);
            await out.data();
            out.dispose();
          }, t.forwardReps, warmup)
        : null;
    let firstLoss: number | null = null;
    const step =
      t.stepReps > 0
        ? await median(async () => {
            const r = await trainStep({ params, loss: () => loss(net.forward(xb, { training: true })[0]!, yb), optimizer, clipGradVal: t.net.clip_grad_val ?? null });
            firstLoss ??= r.loss;
          }, t.stepReps, warmup)
        : null;
    return { forward, step, firstLoss };
  } finally {
    tf.dispose([xb, yb, x1]);
    optimizer.dispose();
    net.dispose();
  }
}
