/**
 * Helpers of the export tests: the three demo agents (catch ConvNet, Pong NatureishCNN, memory GRU)
 * built as training builds them, their policy files, their nets' heads on the training side, and
 * Debian's Python with torch. Not a test file itself (no `.test.ts`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { observationTensor } from '../../src/algorithm/observation_tensor';
import { tf } from '../../src/backend/tf';
import type { Net } from '../../src/net/net';
import { BATCH_NORM_DQN, specFile, specOf, type PolicyCase } from '../play/play_fixtures';

export { algorithmFor, policyFile, randomObservation, scramble } from '../play/play_fixtures';
export type { PolicyCase } from '../play/play_fixtures';

/** A demo agent: its spec file and the spaces its game gives it. */
export interface DemoCase extends PolicyCase {
  specPath: string;
}

/** The demos' agents, with the spaces of their games (demos/<name>/training.ts). */
export const DEMO_CASES: readonly DemoCase[] = [
  {
    title: 'catch ConvNet (DoubleDQN, demos/specs/dqn_catch_pixels.json)',
    specPath: 'demos/specs/dqn_catch_pixels.json',
    spec: specFile('demos/specs/dqn_catch_pixels.json'),
    obsShape: [10, 10, 1],
    obsDtype: 'uint8',
    frameStack: 1,
    actionSpace: { type: 'discrete', n: 3 },
  },
  {
    title: 'Pong NatureishCNN (PPO shared, demos/specs/pong_ppo_natureish.json)',
    specPath: 'demos/specs/pong_ppo_natureish.json',
    spec: specFile('demos/specs/pong_ppo_natureish.json'),
    obsShape: [48, 48, 2],
    obsDtype: 'uint8',
    frameStack: 2,
    actionSpace: { type: 'discrete', n: 3 },
  },
  {
    title: 'recall GRU RecurrentNet (PPO shared, demos/specs/recall_ppo_gru.json)',
    specPath: 'demos/specs/recall_ppo_gru.json',
    spec: specFile('demos/specs/recall_ppo_gru.json'),
    obsShape: [16, 16, 1],
    obsDtype: 'uint8',
    frameStack: 1,
    actionSpace: { type: 'discrete', n: 2 },
  },
];

/** A ConvNet with BatchNorm (running statistics are buffers; PyTorch adds num_batches_tracked). */
export const BATCH_NORM_CASE: PolicyCase = BATCH_NORM_DQN;

/** Nets the demos do not use, with scrambled weights in the tests: AMAGO's IMPALA with GroupNorm; a 2-layer bidirectional LSTM over an AMAGO encoder, multi-discrete. */
export const EXTRA_CASES: readonly PolicyCase[] = [
  {
    title: 'DQN IMPALAishCNN with GroupNorm',
    spec: specOf({
      name: 'DQN',
      algorithm: { name: 'DQN', action_policy: 'epsilon_greedy', explore_var_spec: { name: 'no_decay', start_val: 0.1 }, gamma: 0.9, training_frequency: 1, training_iter: 1, training_batch_iter: 1, training_start_step: 1 },
      memory: { name: 'Replay', batch_size: 2, max_size: 10 },
      net: { type: 'IMPALAishCNN', cnn_block_depths: [8, 8], post_group_norm: true, fc_hid_layers: [16], hid_layers_activation: 'leaky_relu' },
    }),
    obsShape: [20, 20, 3],
    obsDtype: 'uint8',
    actionSpace: { type: 'discrete', n: 4 },
  },
  {
    title: 'PPO shared LSTM, 2 bidirectional layers, pixels through an AMAGO GridworldCNN',
    spec: specOf({
      name: 'PPO',
      algorithm: { name: 'PPO', gamma: 0.99, lam: 0.95, time_horizon: 8, minibatch_size: 8, training_epoch: 1, clip_eps_spec: { name: 'no_decay', start_val: 0.2 } },
      memory: { name: 'OnPolicyBatchReplay' },
      net: { type: 'RecurrentNet', shared: true, cnn: { name: 'GridworldCNN', channels: [4, 4, 4] }, cell_type: 'LSTM', bidirectional: true, rnn_num_layers: 2, rnn_hidden_size: 6, seq_len: 3, fc_hid_layers: [], hid_layers_activation: 'gelu', loss_spec: { name: 'MSELoss' }, optim_spec: { name: 'Adam', lr: 0.001 } },
    }),
    obsShape: [6, 6, 1],
    obsDtype: 'uint8',
    actionSpace: { type: 'multi_discrete', nvec: [3, 2] },
  },
];

/** The net's input per decision: the observation, or [seq_len, ...observation] for a RecurrentNet. */
export function inputShapeOf(net: Net, c: PolicyCase): number[] {
  return net.recurrent ? [c.spec.agent.net.seq_len, ...c.obsShape] : [...c.obsShape];
}

/** The heads of `net` for a batch of inputs (each of `inputShape`), read back. */
export async function headsOf(net: Net, inputs: Uint8Array | Float32Array, inputShape: readonly number[]): Promise<Float32Array[]> {
  const out = tf.tidy(() => net.forward(observationTensor(inputs, inputShape)));
  try {
    return (await Promise.all(out.map((t) => t.data()))) as Float32Array[];
  } finally {
    tf.dispose(out);
  }
}

/** Debian's python3 (with python3-torch, python3-numpy, python3-onnx) when present, else the first on PATH. */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Runs a script of test/python with PYTHON; resolves with its exit code and output (never rejects on a failed run). */
export function runPython(script: string, args: readonly string[], timeoutMs = 180_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [join(process.cwd(), 'test/python', script), ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Max absolute difference of two equal-length arrays (throws on a length mismatch). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
