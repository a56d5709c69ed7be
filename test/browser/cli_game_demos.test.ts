/**
 * `train --game --demos FILE`: the page's agent learns from a demonstration file before its copies
 * start (pre-training, then DQfD beside RL), and the command reports it as `train --env --demos`
 * does. Demonstrations of other spaces stop the run with the worker's ShapeError naming both; a
 * file that cannot be read is a usage error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catchEnv } from '../../src/env/catch';
import { cartPoleV1 } from '../../src/env/cartpole';
import { catchHeuristic } from '../../src/env/catch_heuristic';
import { recordEnvDemos } from '../../src/store/record_env_demos';
import { cliProcess } from '../cli/run_cli';

const SPEC = 'demos/specs/dqn_catch_pixels.json';
const ENTRY = 'demos/catch/training.ts';

test('train --game --demos pre-trains the page\'s agent on the file, reports it, refuses other spaces and unreadable files', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-game-demos-'));
  try {
    // The catch env's 10x10 gray frames: the catch game's agent observes the same shape.
    const demos = join(dir, 'catch.pxdemo');
    writeFileSync(demos, await recordEnvDemos(catchEnv(), (o) => catchHeuristic(o as Uint8Array, [10, 10, 1]), { decisions: 300, seed: 3 }));
    const t = await cliProcess(['train', SPEC, '--game', ENTRY, '--envs', '4', '--steps', '400', '--seed', '1', '--backend', 'wasm', '--demos', demos, '--metrics', join(dir, 'metrics.jsonl'), '--json'], { timeoutMs: 200_000 });
    assert.equal(t.code, 0, t.stderr);
    // The imitation loss of the rounds reaches --metrics (the page's train events carry it).
    const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { demo_loss?: number | null });
    assert.ok(lines.some((l) => typeof l.demo_loss === 'number' && Number.isFinite(l.demo_loss)), `no demo_loss in ${lines.length} metrics lines`);
    console.log(`train --game --demos: ${JSON.stringify(t.json)}`);
    assert.equal(t.json.demo_steps, 300);
    // The spec sets no demo_pretrain_steps: the default, 1,000.
    assert.equal(t.json.pretrain_steps, 1000);
    assert.ok(Number.isFinite(t.json.demo_loss) && t.json.demo_loss > 0, `demo_loss ${t.json.demo_loss}`);
    assert.ok(t.json.steps >= 400, `steps ${t.json.steps}`);
    assert.match(t.stderr, new RegExp(`demonstrations: \\d+ episodes, 300 steps from ${demos.replace(/[.]/g, '\\.')}; pre-trained 1000 steps, demo_loss \\d`));

    // --steps 0: the pre-training alone, saved (no copy started).
    const saved = join(dir, 'cloned.ppol');
    const only = await cliProcess(['train', SPEC, '--game', ENTRY, '--steps', '0', '--backend', 'wasm', '--demos', demos, '--save', saved, '--json'], { timeoutMs: 120_000 });
    assert.equal(only.code, 0, only.stderr);
    assert.equal(only.json.steps, 0);
    assert.equal(only.json.episodes, 0);
    assert.equal(only.json.pretrain_steps, 1000);
    assert.ok(readFileSync(saved).byteLength > 0);
    const noDemos = await cliProcess(['train', SPEC, '--game', ENTRY, '--steps', '0']);
    assert.equal(noDemos.code, 2, noDemos.stderr);
    assert.match(noDemos.stderr, /--steps must be a positive integer/);

    // CartPole's 4 floats are not the game's 10x10 pixels.
    const other = join(dir, 'cartpole.pxdemo');
    writeFileSync(other, await recordEnvDemos(cartPoleV1(), () => 0, { decisions: 50, seed: 1 }));
    const bad = await cliProcess(['train', SPEC, '--game', ENTRY, '--steps', '100', '--backend', 'wasm', '--demos', other], { timeoutMs: 120_000 });
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /ShapeError/);
    assert.match(bad.stderr, /the demonstrations observe \[4\] float32, 1 frame stacked, the agent \[10, 10, 1\] uint8/);

    const missing = await cliProcess(['train', SPEC, '--game', ENTRY, '--steps', '100', '--demos', join(dir, 'none.pxdemo')]);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /--demos .*none\.pxdemo: cannot read the demonstration file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
