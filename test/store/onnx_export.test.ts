/**
 * The ONNX export run by onnxruntime-web (its wasm build, in Node) against the bot that `loadBot` makes of the same
 * policy (cpu backend): on 1,000 recorded observations per demo agent, `logits` equal the bot's
 * heads to 1e-4 and `deterministic_discrete_actions` are the bot's greedy actions (a row may differ
 * only where the bot's two best allowed values are within 1e-4, a tie; the count is printed and
 * none occurred when this was written), with action masks on every fourth row. The catch agent is
 * the shipped demo policy (demos/catch/catch.ppol) playing the built-in catch env (the Pong agent,
 * on frames recorded from the demo's Phaser scene, is test/browser/onnx_pong_recorded.test.ts);
 * the memory GRU a seeded fresh one on the built-in memory env's 16x16 images, stepped one decision at a time with `recurrent_in` / `recurrent_out` carried and zeroed at each
 * episode's start, as Unity ML-Agents does. More nets (BatchNorm, IMPALA, LSTM bidirectional,
 * multi-discrete, a separate critic) on random observations. Every model passes Debian's onnx
 * checker (python3-onnx, full_check): without it the test fails.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { catchEnv } from '../../src/env/catch';
import { recallEnv } from '../../src/env/recall';
import { policyToOnnx } from '../../src/store/onnx_export';
import { ShapeError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { parityCases } from '../play/play_fixtures';
import { useBackend } from '../train/backends';
import { algorithmFor, DEMO_CASES, EXTRA_CASES, policyFile, randomObservation, runPython, scramble, type PolicyCase } from './export_cases';
import { check as checkInto, compareBatch, compareSequence, type Obs, type Tally } from './onnx_compare';

const dir = mkdtempSync(join(tmpdir(), 'pixelpilot-onnx-export-'));
after(() => rmSync(dir, { recursive: true, force: true }));
/** Every model written by the tests, for the Python checker at the end. */
const written: string[] = [];
const check = (label: string, bytes: Uint8Array, run: Parameters<typeof checkInto>[3]): Promise<Tally> => checkInto({ dir, written }, label, bytes, run);

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
    assert.ok(written.length >= 2, 'the export tests above wrote the models');
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
