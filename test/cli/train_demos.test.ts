/**
 * `pixelpilot train SPEC --env ENV --demos FILE`: a spec without cloning keys learns from a
 * recorded demonstration file with the documented defaults; `--steps 0` pre-trains only and saves
 * the policy; demonstrations of another env are refused naming both spaces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catchEnv } from '../../src/env/catch';
import { catchHeuristic } from '../../src/env/catch_heuristic';
import { DEMO_DEFAULTS } from '../../src/spec/defaults';
import { loadPolicy } from '../../src/store/policy_store';
import { recordEnvDemos } from '../../src/store/record_env_demos';
import { saveDemos } from '../../src/store/demo_store';
import { cli } from './run_cli';

/** A small PPO MLP on catch that sets no demonstration key. */
const SPEC = JSON.stringify({
  agent: {
    name: 'PPO',
    algorithm: { name: 'PPO', gamma: 0.95, lam: 0.95, time_horizon: 32, minibatch_size: 64, training_epoch: 1, clip_eps_spec: { name: 'no_decay', start_val: 0.2, end_val: 0.2, start_step: 0, end_step: 0 } },
    memory: { name: 'OnPolicyBatchReplay' },
    net: { type: 'MLPNet', shared: true, hid_layers: [32], optim_spec: { name: 'Adam', lr: 0.003 } },
  },
  env: { name: 'catch', num_envs: 2 },
  meta: { random_seed: 1 },
});

test('train --demos FILE --steps 0 pre-trains with the default keys and saves the policy; --steps N trains on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pxdemos-cli-'));
  const spec = join(dir, 'ppo.json');
  writeFileSync(spec, SPEC);
  const demos = join(dir, 'catch.pxdemo');
  await saveDemos(demos, await recordEnvDemos(catchEnv(), (o) => catchHeuristic(o as Uint8Array, [10, 10, 1]), { decisions: 300, seed: 1 }));
  const save = join(dir, 'bc.ppol');
  const only = await cli('train', spec, '--demos', demos, '--steps', '0', '--backend', 'cpu', '--save', save, '--json');
  assert.equal(only.code, 0, only.stderr);
  assert.equal(only.json.steps, 0);
  assert.equal(only.json.demo_steps, 300);
  assert.equal(only.json.pretrain_steps, DEMO_DEFAULTS.demo_pretrain_steps);
  assert.ok(only.json.demo_loss > 0 && only.json.demo_loss < 0.7, `demo_loss ${only.json.demo_loss}`);
  assert.match(only.stderr, /demonstrations: \d+ episodes, 300 steps from .*catch\.pxdemo; pre-trained 1000 steps/);
  assert.equal((await loadPolicy(save)).manifest.frames, 0);
  // The pre-trained policy plays well already.
  const played = await cli('eval', save, '--env', 'catch', '--episodes', '100', '--backend', 'cpu', '--json');
  assert.equal(played.code, 0, played.stderr);
  assert.ok(played.json.return_mean >= 0.5, `greedy return ${played.json.return_mean} after pre-training alone`);
  const metrics = join(dir, 'metrics.jsonl');
  const on = await cli('train', spec, '--demos', demos, '--steps', '128', '--backend', 'cpu', '--metrics', metrics, '--json');
  assert.equal(on.code, 0, on.stderr);
  assert.equal(on.json.steps, 128);
  // --metrics lines carry the cloning loss of the rounds since the line before.
  const lines = readFileSync(metrics, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(lines.some((l) => l.demo_loss > 0), 'a metrics line with demo_loss');
  const plain = await cli('train', spec, '--steps', '128', '--backend', 'cpu', '--metrics', metrics);
  assert.equal(plain.code, 0, plain.stderr);
  assert.ok(readFileSync(metrics, 'utf8').trim().split('\n').every((l) => !('demo_loss' in JSON.parse(l))), 'no demo_loss without demonstrations');
});

test('--steps 0 needs --demos; --demos of another env names both spaces; --steps 0 is pre-training only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pxdemos-cli-'));
  const spec = join(dir, 'ppo.json');
  writeFileSync(spec, SPEC);
  assert.equal((await cli('train', spec, '--steps', '0', '--backend', 'cpu')).code, 2);
  const wide = join(dir, 'wide.pxdemo');
  await saveDemos(wide, await recordEnvDemos(catchEnv({ cols: 12 }), () => 1, { decisions: 20 }));
  const bad = await cli('train', spec, '--demos', wide, '--steps', '0', '--backend', 'cpu');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /ShapeError: --demos .*wide\.pxdemo: the demonstrations observe \[10, 12, 1\] uint8, 1 frame stacked, the agent \[10, 10, 1\] uint8/);
  // With --game, --steps 0 pre-trains in the page too (test/browser/cli_game_demos.test.ts); without --demos it is a usage error.
  const game = await cli('train', spec, '--game', 'x.ts', '--steps', '0');
  assert.equal(game.code, 2);
  assert.match(game.stderr, /--steps must be/);
});
