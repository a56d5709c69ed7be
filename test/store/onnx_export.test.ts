/**
 * The ONNX export run by onnxruntime-web (its wasm build, in Node) against the bot that `loadBot` makes of the same
 * policy (cpu backend): on 1,000 recorded observations per demo agent, `logits` equal the bot's
 * heads to 1e-4 and `deterministic_discrete_actions` are the bot's greedy actions (a row may differ
 * only where the bot's two best allowed values are within 1e-4, a tie; the count is printed and
 * none occurred when this was written), with action masks on every fourth row. The catch agent is
 * the shipped demo policy (demos/catch/catch.ppol) playing the built-in catch env; the Pong agent a
 * seeded fresh one on synthetic frames drawn like the demo's field (the Pong demo runs only as a
 * Phaser scene); the memory GRU a seeded fresh one on the built-in memory env's 16x16 images,
 * stepped one decision at a time with `recurrent_in` / `recurrent_out` carried and zeroed at each
 * episode's start, as Unity ML-Agents does. More nets (BatchNorm, IMPALA, LSTM bidirectional,
 * multi-discrete, a separate critic) on random observations. Every model passes Debian's onnx
 * checker (python3-onnx, full_check): without it the test fails.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as ort from 'onnxruntime-web';
import { tf } from '../../src/backend/tf';
import type { ActionSpace } from '../../src/env/env';
import { catchEnv } from '../../src/env/catch';
import { recallEnv } from '../../src/env/recall';
import type { Bot } from '../../src/play/bot';
import { loadBot } from '../../src/play/load_bot';
import { policyToOnnx } from '../../src/store/onnx_export';
import { ShapeError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { parityCases } from '../play/play_fixtures';
import { useBackend } from '../train/backends';
import { algorithmFor, DEMO_CASES, EXTRA_CASES, policyFile, randomObservation, runPython, scramble, type PolicyCase } from './export_cases';

const dir = mkdtempSync(join(tmpdir(), 'pixelpilot-onnx-export-'));
after(() => rmSync(dir, { recursive: true, force: true }));
/** Every model written by the tests, for the Python checker at the end. */
const written: string[] = [];

type Obs = Uint8Array | Float32Array;

function branchesOf(space: ActionSpace): number[] {
  return space.type === 'discrete' ? [space.n] : space.type === 'multi_discrete' ? [...space.nvec] : [];
}

/** obs_0 of one observation: pixels HWC -> CHW / 255, vectors as they are. */
function onnxObservation(obs: Obs, shape: readonly number[], out: Float32Array, at: number): void {
  if (shape.length !== 3) {
    out.set(obs, at);
    return;
  }
  const [h, w, c] = shape as [number, number, number];
  for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[at + (ch * h + y) * w + x] = obs[(y * w + x) * c + ch]! / 255;
}

/** The mask of row `r`: every fourth row forbids one value of the first branch. */
function maskOf(r: number, branches: readonly number[]): Uint8Array {
  const mask = new Uint8Array(branches.reduce((a, b) => a + b, 0)).fill(1);
  if (r % 4 === 1) mask[(r >> 2) % branches[0]!] = 0;
  return mask;
}

/** Agreement of ONNX with the bot over some rows. */
interface Tally {
  rows: number;
  /** Largest |logit - bot's head| and largest |bot's head|. */
  maxDiff: number;
  maxAbs: number;
  /** Tolerance on each logit: atol + rtol * |bot's value| (atol 1e-4; rtol 0 for the demo agents). */
  rtol: number;
  agree: number;
  ties: number;
}

/** Compares one row: logits to 1e-4, greedy actions (a differing branch must be a tie), sampled actions allowed. */
function compareRow(t: Tally, label: string, r: number, branches: readonly number[], mask: Uint8Array, ours: Float32Array, ourActions: ArrayLike<number>, logits: Float32Array, greedy: BigInt64Array, sampled: BigInt64Array): void {
  t.rows++;
  for (let i = 0; i < ours.length; i++) {
    const diff = Math.abs(ours[i]! - logits[i]!);
    t.maxDiff = Math.max(t.maxDiff, diff);
    t.maxAbs = Math.max(t.maxAbs, Math.abs(ours[i]!));
    assert.ok(diff <= 1e-4 + t.rtol * Math.abs(ours[i]!), `${label} row ${r}: logit ${i} is ${logits[i]} in ONNX, ${ours[i]} in the bot`);
  }
  let same = true;
  let start = 0;
  branches.forEach((n, b) => {
    const a = Number(greedy[b]);
    const s = Number(sampled[b]);
    assert.ok(s >= 0 && s < n && mask[start + s] === 1, `${label} row ${r}: sampled action ${s} of branch ${b} is not allowed`);
    if (a !== ourActions[b]) {
      same = false;
      const allowed = Array.from(ours.subarray(start, start + n)).filter((_, j) => mask[start + j] === 1).sort((x, y) => y - x);
      assert.ok(allowed[0]! - allowed[1]! < 1e-4, `${label} row ${r}: ONNX acts ${a}, the bot ${ourActions[b]} (values ${Array.from(ours.subarray(start, start + n))})`);
      t.ties++;
    }
    start += n;
  });
  if (same) t.agree++;
}

const feeds = (obs0: Float32Array, dims: number[], masks: Uint8Array, branches: number[], rows: number): Record<string, ort.Tensor> => ({
  obs_0: new ort.Tensor('float32', obs0, dims),
  action_masks: new ort.Tensor('float32', Float32Array.from(masks), [rows, branches.reduce((a, b) => a + b, 0)]),
});

/** A feed-forward policy: all rows in one batch (and the first rows again at batch 1). */
async function compareBatch(label: string, session: ort.InferenceSession, bot: Bot, observations: Obs[], rtol = 0): Promise<Tally> {
  const shape = bot.observation.shape;
  const size = shape.reduce((a, b) => a * b, 1);
  const branches = branchesOf(bot.actionSpace);
  const dims = shape.length === 3 ? [shape[2]!, shape[0]!, shape[1]!] : [...shape];
  const rows = observations.length;
  const obs0 = new Float32Array(rows * size);
  const stacked = bot.observation.dtype === 'uint8' ? new Uint8Array(rows * size) : new Float32Array(rows * size);
  const masks = new Uint8Array(rows * branches.reduce((a, b) => a + b, 0));
  observations.forEach((o, r) => {
    onnxObservation(o, shape, obs0, r * size);
    stacked.set(o, r * size);
    masks.set(maskOf(r, branches), r * maskOf(r, branches).length);
  });
  const ours = await bot.decidePlayers(stacked, rows, null, masks);
  const out = await session.run(feeds(obs0, [rows, ...dims], masks, branches, rows));
  const width = branches.reduce((a, b) => a + b, 0);
  const logits = out.logits!.data as Float32Array;
  const greedy = out.deterministic_discrete_actions!.data as BigInt64Array;
  const sampled = out.discrete_actions!.data as BigInt64Array;
  assert.deepEqual(out.logits!.dims, [rows, width]);
  assert.deepEqual(out.deterministic_discrete_actions!.dims, [rows, branches.length]);
  // The bot's heads per row, the action heads concatenated as `logits` concatenates them.
  const actionHeads = ours.heads.filter((_, i) => i < branches.length);
  const t: Tally = { rows: 0, maxDiff: 0, maxAbs: 0, rtol, agree: 0, ties: 0 };
  for (let r = 0; r < rows; r++) {
    const row = Float32Array.from(actionHeads.flatMap((h, b) => Array.from(h.subarray(r * branches[b]!, (r + 1) * branches[b]!))));
    const actions = Array.from(ours.actions.subarray(r * branches.length, (r + 1) * branches.length));
    compareRow(t, label, r, branches, masks.subarray(r * width, (r + 1) * width), row, actions, logits.subarray(r * width, (r + 1) * width), greedy.subarray(r * branches.length, (r + 1) * branches.length), sampled.subarray(r * branches.length, (r + 1) * branches.length));
  }
  // Batch 1, as an engine runs it.
  for (let r = 0; r < 3; r++) {
    const one = await session.run(feeds(obs0.slice(r * size, (r + 1) * size), [1, ...dims], masks.slice(r * width, (r + 1) * width), branches, 1));
    assert.deepEqual(Array.from(one.deterministic_discrete_actions!.data as BigInt64Array), Array.from(greedy.subarray(r * branches.length, (r + 1) * branches.length)));
  }
  return t;
}

/** A RecurrentNet policy: one decision at a time, memory carried, zeroed (and the bot reset) where an episode starts. */
async function compareSequence(label: string, session: ort.InferenceSession, bot: Bot, steps: { obs: Obs; start: boolean }[], rtol = 0): Promise<Tally> {
  const shape = bot.observation.shape;
  const size = shape.reduce((a, b) => a * b, 1);
  const branches = branchesOf(bot.actionSpace);
  const dims = shape.length === 3 ? [shape[2]!, shape[0]!, shape[1]!] : [...shape];
  const memorySize = (bot.manifest.spec.agent.net.seq_len - 1) * size;
  let memory = new Float32Array(memorySize);
  const t: Tally = { rows: 0, maxDiff: 0, maxAbs: 0, rtol, agree: 0, ties: 0 };
  for (const [r, step] of steps.entries()) {
    if (step.start) {
      bot.reset();
      memory = new Float32Array(memorySize);
    }
    const mask = maskOf(r, branches);
    const decision = await bot.decide(step.obs, { actionMask: mask });
    const obs0 = new Float32Array(size);
    onnxObservation(step.obs, shape, obs0, 0);
    const out = await session.run({ ...feeds(obs0, [1, ...dims], mask, branches, 1), recurrent_in: new ort.Tensor('float32', memory, [1, 1, memorySize]) });
    const ours = Float32Array.from(decision.heads.slice(0, branches.length).flatMap((h) => Array.from(h)));
    const actions = typeof decision.action === 'number' ? [decision.action] : (decision.action as number[]);
    compareRow(t, label, r, branches, mask, ours, actions, out.logits!.data as Float32Array, out.deterministic_discrete_actions!.data as BigInt64Array, out.discrete_actions!.data as BigInt64Array);
    assert.equal(out.memory_size!.data[0], memorySize);
    assert.deepEqual(out.recurrent_out!.dims, [1, 1, memorySize]);
    memory = Float32Array.from(out.recurrent_out!.data as Float32Array);
  }
  return t;
}

/** Exports, writes for the checker, loads the bot and the session, and compares. */
async function check(label: string, bytes: Uint8Array, run: (session: ort.InferenceSession, bot: Bot) => Promise<Tally>): Promise<Tally> {
  const start = tf.memory().numTensors;
  const model = await policyToOnnx(bytes, label);
  const file = join(dir, `${label.replace(/\W+/g, '_')}.onnx`);
  writeFileSync(file, model);
  written.push(file);
  const session = await ort.InferenceSession.create(model);
  const bot = await loadBot(bytes, { backend: 'cpu' });
  try {
    const t = await run(session, bot);
    console.log(`# ${label}: ${t.rows} rows, greedy agreement ${t.agree}/${t.rows} (ties ${t.ties}), max |logits - bot| = ${t.maxDiff.toExponential(2)} (|values| up to ${t.maxAbs.toPrecision(3)}), model ${model.length} bytes`);
    assert.equal(t.agree + t.ties, t.rows);
    return t;
  } finally {
    bot.dispose();
    await session.release();
    assert.equal(tf.memory().numTensors, start, 'tensors leaked');
  }
}

/** 1,000 observations of the built-in catch env, played by seeded random actions. */
function catchObservations(count: number): Obs[] {
  const env = catchEnv();
  const rng = new Rng(21);
  const out: Obs[] = [env.reset({ seed: 21 }).observation];
  while (out.length < count) {
    const s = env.step(rng.int(3));
    out.push(s.terminated || s.truncated ? env.reset().observation : s.observation);
  }
  return out;
}

/** Two stacked 48x48 frames of a Pong-like field: walls, a paddle at the bottom, a moving 2x2 ball. */
function pongObservations(count: number): Obs[] {
  const rng = new Rng(22);
  const size = 48;
  return Array.from({ length: count }, () => {
    const obs = new Uint8Array(size * size * 2);
    const paddle = rng.int(size - 10) + 1;
    const [vx, vy] = [rng.int(5) - 2, rng.int(5) - 2];
    const [bx, by] = [3 + rng.int(size - 6), 3 + rng.int(size - 8)];
    for (let f = 0; f < 2; f++) {
      const set = (y: number, x: number): void => {
        if (y >= 0 && y < size && x >= 0 && x < size) obs[(y * size + x) * 2 + f] = 255;
      };
      for (let i = 0; i < size; i++) [set(0, i), set(i, 0), set(i, size - 1)];
      for (let i = 0; i < 8; i++) [set(size - 2, paddle + i), set(size - 3, paddle + i)];
      const [x, y] = f === 0 ? [bx - vx, by - vy] : [bx, by];
      [set(y, x), set(y, x + 1), set(y + 1, x), set(y + 1, x + 1)];
    }
    return obs;
  });
}

/** 1,000 steps of the built-in memory env (16x16 images), actions from the bot with some random ones. */
function memorySteps(count: number): { obs: Obs; start: boolean }[] {
  const env = recallEnv({ image: true, scale: 8 });
  const rng = new Rng(23);
  const out: { obs: Obs; start: boolean }[] = [{ obs: env.reset({ seed: 23 }).observation, start: true }];
  while (out.length < count) {
    const s = env.step(rng.int(2));
    out.push(s.terminated || s.truncated ? { obs: env.reset().observation, start: true } : { obs: s.observation, start: false });
  }
  return out;
}

async function freshPolicy(c: PolicyCase, scrambled = false): Promise<Uint8Array> {
  const { algorithm } = algorithmFor(c, 5);
  try {
    if (scrambled) scramble(algorithm, 9);
    return await policyFile(c, algorithm);
  } finally {
    algorithm.dispose();
  }
}

describe('ONNX export run by onnxruntime-web acts as loadBot acts', () => {
  before(() => useBackend('cpu'));

  test('catch ConvNet: the shipped demo policy on 1,000 observations of the catch env', async () => {
    const bytes = new Uint8Array(readFileSync('demos/catch/catch.ppol'));
    await check('catch ConvNet (demos/catch/catch.ppol)', bytes, (s, b) => compareBatch('catch', s, b, catchObservations(1000)));
  });

  test('Pong NatureishCNN: 1,000 two-frame observations', async () => {
    const c = DEMO_CASES[1]!;
    await check('Pong NatureishCNN', await freshPolicy(c), (s, b) => compareBatch('pong', s, b, pongObservations(1000)));
  });

  test('memory GRU RecurrentNet: 1,000 decisions of the memory env, recurrent_in/out carried', async () => {
    const c = DEMO_CASES[2]!;
    await check('memory GRU RecurrentNet', await freshPolicy(c), (s, b) => compareSequence('memory', s, b, memorySteps(1000)));
  });

  const more: PolicyCase[] = [...parityCases().filter((c) => c.actionSpace.type !== 'continuous'), ...EXTRA_CASES];
  for (const c of more) {
    test(`${c.title}: 200 random observations, scrambled weights`, async () => {
      const bytes = await freshPolicy(c, true);
      const rng = new Rng(24);
      const recurrent = c.spec.agent.net.type === 'RecurrentNet';
      const steps = Array.from({ length: 200 }, (_, r) => ({ obs: randomObservation(c, rng), start: r % 7 === 0 }));
      // Scrambled weights give large values: 1e-4 plus 1e-5 of the value.
      await check(c.title, bytes, (s, b) => (recurrent ? compareSequence(c.title, s, b, steps, 1e-5) : compareBatch(c.title, s, b, steps.map((x) => x.obs), 1e-5)));
    });
  }

  test('a continuous policy is refused with a ShapeError', async () => {
    const c = parityCases().find((x) => x.actionSpace.type === 'continuous')!;
    await assert.rejects(policyToOnnx(await freshPolicy(c), 'continuous.ppol'), (e: unknown) => e instanceof ShapeError && /continuous\.ppol: ONNX export supports discrete and multi-discrete/.test((e as Error).message));
  });

  test('every model passes the onnx checker (Debian python3-onnx) with the ML-Agents interface', async () => {
    assert.ok(written.length >= 3, 'the export tests above wrote the models');
    const run = await runPython('onnx_check.py', written);
    assert.equal(run.code, 0, `onnx checker failed (exit ${run.code}):\n${run.stderr}`);
    const models = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; ir_version: number; opset: number; inputs: [string, number, (number | string)[]][]; outputs: [string, number, (number | string)[]][]; onnx_version: string });
    assert.equal(models.length, written.length);
    for (const m of models) {
      assert.equal(m.opset, 13);
      const inputs = m.inputs.map(([n]) => n);
      const outputs = m.outputs.map(([n]) => n);
      const recurrent = inputs.includes('recurrent_in');
      assert.deepEqual(inputs, ['obs_0', 'action_masks', ...(recurrent ? ['recurrent_in'] : [])], m.file);
      assert.deepEqual(outputs, ['version_number', 'memory_size', 'discrete_actions', 'discrete_action_output_shape', 'deterministic_discrete_actions', ...(recurrent ? ['recurrent_out'] : []), 'logits'], m.file);
      assert.equal(m.inputs[0]![2][0], 'batch');
    }
    console.log(`# onnx ${models[0]!.onnx_version} checker (full_check) passed ${models.length} models`);
  });
});
