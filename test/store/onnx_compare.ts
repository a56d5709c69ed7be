/**
 * The comparison of an ONNX export run by onnxruntime-web with the bot `loadBot` makes of the same
 * policy, shared by test/store/onnx_export.test.ts and test/browser/onnx_pong_recorded.test.ts:
 * logits to 1e-4 (plus rtol of the value), greedy actions equal unless the bot's two best allowed
 * values tie within 1e-4, sampled actions allowed by the mask, action masks on every fourth row.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { tf } from '../../src/backend/tf';
import type { ActionSpace } from '../../src/env/env';
import type { Bot } from '../../src/play/bot';
import { loadBot } from '../../src/play/load_bot';
import { policyToOnnx } from '../../src/store/onnx_export';

/** One observation as a bot takes it. */
export type Obs = Uint8Array | Float32Array;

/** The sizes of the action branches of `space`. */
export function branchesOf(space: ActionSpace): number[] {
  return space.type === 'discrete' ? [space.n] : space.type === 'multi_discrete' ? [...space.nvec] : [];
}

/** obs_0 of one observation: pixels HWC -> CHW / 255, vectors as they are. */
export function onnxObservation(obs: Obs, shape: readonly number[], out: Float32Array, at: number): void {
  if (shape.length !== 3) {
    out.set(obs, at);
    return;
  }
  const [h, w, c] = shape as [number, number, number];
  for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[at + (ch * h + y) * w + x] = obs[(y * w + x) * c + ch]! / 255;
}

/** The mask of row `r`: every fourth row forbids one value of the first branch. */
export function maskOf(r: number, branches: readonly number[]): Uint8Array {
  const mask = new Uint8Array(branches.reduce((a, b) => a + b, 0)).fill(1);
  if (r % 4 === 1) mask[(r >> 2) % branches[0]!] = 0;
  return mask;
}

/** Agreement of ONNX with the bot over some rows. */
export interface Tally {
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
export function compareRow(t: Tally, label: string, r: number, branches: readonly number[], mask: Uint8Array, ours: Float32Array, ourActions: ArrayLike<number>, logits: Float32Array, greedy: BigInt64Array, sampled: BigInt64Array): void {
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
export async function compareBatch(label: string, session: ort.InferenceSession, bot: Bot, observations: Obs[], rtol = 0): Promise<Tally> {
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
export async function compareSequence(label: string, session: ort.InferenceSession, bot: Bot, steps: { obs: Obs; start: boolean }[], rtol = 0): Promise<Tally> {
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

/** Where `check` writes the models (`dir`) and lists them (`written`) for the onnx checker. */
export interface CheckOutput {
  dir: string;
  written: string[];
}

/** Exports, writes for the checker, loads the bot and the session, and compares. */
export async function check(out: CheckOutput, label: string, bytes: Uint8Array, run: (session: ort.InferenceSession, bot: Bot) => Promise<Tally>): Promise<Tally> {
  const start = tf.memory().numTensors;
  const model = await policyToOnnx(bytes, label);
  const file = join(out.dir, `${label.replace(/\W+/g, '_')}.onnx`);
  writeFileSync(file, model);
  out.written.push(file);
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
