/**
 * `train --game` with the same seed replays exactly, weight for weight, even for a scene that draws
 * Math.random in create(), which Phaser runs inside its boot (outside the frames the fast mode steps
 * with each copy's seeded stream): each copy's lifecycle methods run inside that copy's stream.
 * With PPO and --overlap, acting on a second worker while the first trains (lagged_actor.ts) replays exactly too:
 * where the actor takes new weights is fixed by the step count, not by timing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPolicyArtifacts } from '../../src/store/policy_artifact';
import { decodePolicyFile } from '../../src/store/policy_file';
import { cliProcess } from '../cli/run_cli';

const ENTRY = 'test/cli/fixtures/games/random_create.ts';

async function weights(file: string): Promise<string> {
  const c = await readPolicyArtifacts(decodePolicyFile(new Uint8Array(readFileSync(file)), file), file);
  return [...c.weights].map(([k, v]) => `${k}:${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}`).join('\n');
}

test('train --game with one seed replays exactly (Math.random drawn in create() included); another seed differs', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-replay-'));
  try {
    const runs: string[] = [];
    for (const [i, seed] of [[0, '4'], [1, '4'], [2, '5']] as const) {
      const out = join(dir, `run${i}.ppol`);
      const r = await cliProcess(['train', 'dqnSmallPixels', '--game', ENTRY, '--envs', '2', '--steps', '300', '--seed', seed, '--backend', 'wasm', '--save', out, '--overlap', '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /acting: in the training worker \(.*not in rounds of steps/, 'DQN trains every few steps: even with --overlap it acts where it trains');
      runs.push(await weights(out));
    }
    assert.equal(runs[1], runs[0], 'the same seed gives the same weights');
    assert.notEqual(runs[2], runs[0], 'another seed gives other weights');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('train --game --overlap with PPO acts on a second worker one round behind, and one seed replays exactly; by default it acts in the training worker', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-replay-ppo-'));
  try {
    const spec = 'test/cli/fixtures/ppo_tiny_pixels.json';
    const runs: string[] = [];
    for (const [i, flags] of [[0, ['--overlap']], [1, ['--overlap']], [2, []]] as const) {
      const out = join(dir, `run${i}.ppol`);
      // Runs 0 and 2 log metrics (which must not change a run: run 1 does not).
      const metrics = join(dir, `run${i}.jsonl`);
      const logged = i === 1 ? [] : ['--metrics', metrics];
      const r = await cliProcess(['train', spec, '--game', ENTRY, '--envs', '2', '--steps', '400', '--seed', '4', '--backend', 'wasm', '--save', out, ...flags, ...logged, '--json']);
      assert.equal(r.code, 0, r.stderr);
      if (flags.length > 0) assert.match(r.stderr, /acting: on a second worker, on weights one round behind/);
      else assert.match(r.stderr, /acting: in the training worker \(overlap is off\)/);
      if (i !== 1) {
        const lines = readFileSync(metrics, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { acting_weight?: number | null; approx_kl?: number | null; clip_fraction?: number | null });
        const weighed = lines.flatMap((l) => (typeof l.acting_weight === 'number' ? [l.acting_weight] : []));
        const moved = lines.flatMap((l) => (typeof l.approx_kl === 'number' && typeof l.clip_fraction === 'number' ? [[l.approx_kl, l.clip_fraction]] : []));
        assert.ok(moved.length > 0 && moved.every(([kl, c]) => kl! >= 0 && c! >= 0 && c! <= 1), `--metrics logs PPO's approx_kl >= 0 and clip_fraction in [0, 1]: ${JSON.stringify(moved)}`);
        if (i === 0) assert.ok(weighed.length > 0 && weighed.every((w) => w > 0 && w <= 1), `--metrics logs the lagged rounds' acting_weight in (0, 1]: ${weighed}`);
        else assert.deepEqual(weighed, [], 'acting on the latest weights weighs nothing');
      }
      runs.push(await weights(out));
    }
    assert.equal(runs[1], runs[0], 'the same seed gives the same weights with a lagged actor');
    assert.notEqual(runs[2], runs[0], 'acting on the latest weights trains otherwise');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
