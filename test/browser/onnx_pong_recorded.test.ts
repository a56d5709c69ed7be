/**
 * The Pong demo agent's ONNX export (NatureishCNN, demos/specs/pong_ppo_natureish.json, a seeded
 * fresh policy) run by onnxruntime-web against `loadBot` (cpu backend) on 1,000 observations
 * recorded from the real Pong scene: `pixelpilot record --game demos/pong/training.ts` plays the
 * entry's heuristic (the paddle follows the ball) on 4 headless copies and writes the agent's view
 * (the field cropped, 48x48 gray, two frames stacked as the spec's frame_op_len). Logits equal to
 * 1e-4, greedy actions equal (ties within 1e-4 counted and printed), masks on every fourth row
 * (test/store/onnx_compare.ts); the model passes Debian's onnx checker (python3-onnx).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeDemoFile } from '../../src/store/demo_file';
import { cliProcess } from '../cli/run_cli';
import { algorithmFor, DEMO_CASES, policyFile, runPython } from '../store/export_cases';
import { check, compareBatch, type Obs } from '../store/onnx_compare';
import { useBackend } from '../train/backends';

const dir = mkdtempSync(join(tmpdir(), 'pixelpilot-onnx-pong-'));
after(() => rmSync(dir, { recursive: true, force: true }));
before(() => useBackend('cpu'));

/** The first `count` step observations of a demonstration file, episode after episode. */
async function recordedObservations(file: string, count: number): Promise<{ obs: Obs[]; shape: number[] }> {
  const { demonstrations: d } = await decodeDemoFile(new Uint8Array(readFileSync(file)), file);
  const size = d.obsShape.reduce((a, b) => a * b, 1);
  const obs: Obs[] = [];
  for (const e of d.episodes) {
    for (let i = 0; i < e.steps && obs.length < count; i++) obs.push(e.observations.slice(i * size, (i + 1) * size));
  }
  return { obs, shape: [...d.obsShape] };
}

test('Pong NatureishCNN: ONNX acts as loadBot on 1,000 observations recorded from the Pong scene', { timeout: 300_000 }, async () => {
  const file = join(dir, 'pong.pxdemo');
  const r = await cliProcess(['record', '--game', 'demos/pong/training.ts', '--steps', '1000', '--out', file, '--envs', '4', '--seed', '1', '--frame-stack', '2', '--json'], { timeoutMs: 200_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.json.steps >= 1000, `recorded ${r.json.steps} steps`);
  const { obs, shape } = await recordedObservations(file, 1000);
  const c = DEMO_CASES[1]!;
  assert.deepEqual(shape, c.obsShape);
  assert.equal(obs.length, 1000);
  // Real frames: the ball and the paddle are lit somewhere in every observation, and they differ.
  assert.ok(obs.every((o) => o.some((v) => v > 100)), 'an observation with nothing lit');
  assert.ok(new Set(obs.map((o) => Buffer.from(o.buffer, o.byteOffset, o.byteLength).toString('base64'))).size > 900, 'the recorded observations repeat');
  const { algorithm } = algorithmFor(c, 5);
  let bytes: Uint8Array;
  try {
    bytes = await policyFile(c, algorithm);
  } finally {
    algorithm.dispose();
  }
  const written: string[] = [];
  const t = await check({ dir, written }, 'Pong NatureishCNN (recorded frames)', bytes, (s, b) => compareBatch('pong', s, b, obs));
  assert.equal(t.rows, 1000);
  const run = await runPython('onnx_check.py', written);
  assert.equal(run.code, 0, `onnx checker failed (exit ${run.code}):\n${run.stderr}`);
});
