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
import { BATCH_NORM_DQN, specFile, type PolicyCase } from '../play/play_fixtures';

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
    title: 'memory GRU RecurrentNet (PPO shared, demos/specs/memory_ppo_gru.json)',
    specPath: 'demos/specs/memory_ppo_gru.json',
    spec: specFile('demos/specs/memory_ppo_gru.json'),
    obsShape: [16, 16, 1],
    obsDtype: 'uint8',
    frameStack: 1,
    actionSpace: { type: 'discrete', n: 2 },
  },
];

/** A ConvNet with BatchNorm (running statistics are buffers; PyTorch adds num_batches_tracked). */
export const BATCH_NORM_CASE: PolicyCase = BATCH_NORM_DQN;

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
