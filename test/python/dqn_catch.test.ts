/**
 * Issue #19's Python target, end to end: python/examples/dqn_catch.py (PyTorch, CleanRL's DQN
 * shape, the Q-network being the SLM Lab ConvNet of demos/specs/dqn_catch_pixels.json) trains the
 * catch demo's real scene through pixelpilot_gym.GameVectorEnv (`pixelpilot serve`, 8 copies in
 * headless Chromium) to >= 90% greedy catches; its safetensors state_dict comes back with
 * `pixelpilot import`; `pixelpilot eval --game` on the imported policy (no random starts, as the
 * server starts episodes) scores within 3 points of Python's greedy evaluation; and the shipped-bot
 * path (`pixelpilot/play` on the scene at real time) plays it at >= 90%.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cliProcess } from '../cli/run_cli';
import type { DelayRun } from '../browser/shipped_bot_delays';
import { build } from 'esbuild';
import { inlineAssetsEsbuild, packageEntriesEsbuild } from '../../scripts/inline_assets.mjs';
import { launchBrowser, runPage, startServer } from '../browser/harness';
import { runPython } from './python_run';

const ENTRY = 'demos/catch/training.ts';
const SPEC = 'demos/specs/dqn_catch_pixels.json';
/** Served by the test's static server (the repository root): the page loads the policy from here. */
const DIR = join(process.cwd(), 'build', 'python-dqn');

test('a PyTorch DQN trains the catch scene through GameVectorEnv to >= 90% greedy catches; imported, eval --game and the shipped bot agree', { timeout: 420_000 }, async () => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const weights = join(DIR, 'catch.safetensors');
  const policy = join(DIR, 'catch.ppol');
  const t0 = performance.now();

  const py = await runPython(['python/examples/dqn_catch.py', '--game', ENTRY, '--spec', SPEC, '--out', weights, '--command', `${process.execPath} ${BIN}`,
    '--num-envs', '8', '--seed', '1', '--total-steps', '20000', '--final-episodes', '200'], 300_000);
  assert.equal(py.code, 0, `dqn_catch.py exited with ${py.code}:\n${py.stdout}\n${py.stderr}`);
  const lines = py.stdout.trim().split('\n');
  const trained = JSON.parse(lines.at(-1)!);
  console.log(`dqn_catch.py (${(py.ms / 1000).toFixed(0)} s):\n${lines.join('\n')}`);
  assert.equal(trained.episodes, 200);
  assert.ok(trained.greedy_catch_rate >= 0.9, `Python greedy catches ${trained.greedy_catch_rate}`);
  assert.ok(trained.steps_to_target !== null, 'an evaluation during training reached 90%');
  assert.ok(existsSync(weights));

  const imported = await cliProcess(['import', weights, '--spec', SPEC, '--obs', trained.obs, '--actions', String(trained.actions), '--out', policy, '--json'], { timeoutMs: 60_000 });
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal(imported.json.tensors, 8, 'conv_model.{0,2}, fc_model.0, model_tail.0: weight and bias each');

  const ev = await cliProcess(['eval', policy, '--game', ENTRY, '--envs', '8', '--episodes', '200', '--no-random-starts', '--json'], { timeoutMs: 150_000 });
  assert.equal(ev.code, 0, ev.stderr);
  assert.equal(ev.json.episodes, 200);
  // Catch returns +1 or -1: the catch rate is (mean + 1) / 2.
  const evalRate = (ev.json.return_mean + 1) / 2;
  console.log(`Python greedy ${(100 * trained.greedy_catch_rate).toFixed(1)}% of ${trained.episodes}; eval --game ${(100 * evalRate).toFixed(1)}% of ${ev.json.episodes} (${ev.stdout.at(-1)})`);
  assert.ok(Math.abs(100 * evalRate - 100 * trained.greedy_catch_rate) <= 3, `eval --game ${evalRate} vs Python ${trained.greedy_catch_rate}`);

  // The page bundled as scripts/test.mjs bundles browser test pages.
  await build({
    entryPoints: [join(process.cwd(), 'test/python/python_bot.page.ts')], outfile: join(process.cwd(), 'build/test/pages/python/python_bot.page.js'),
    bundle: true, platform: 'browser', format: 'esm', target: 'es2022', mainFields: ['browser', 'module', 'main'],
    plugins: [inlineAssetsEsbuild(), packageEntriesEsbuild()], logLevel: 'error',
  });
  const { server, origin } = await startServer();
  const browser = await launchBrowser();
  try {
    const { result, console: log } = await runPage(browser, origin, 'python/python_bot.page.js', 90_000);
    const r = result as { runs?: DelayRun[]; error?: string };
    assert.equal(r.error, undefined, `${r.error}\n${log.join('\n')}`);
    const run = r.runs![0]!;
    const rate = run.returns.filter((x) => x > 0).length / run.returns.length;
    console.log(`shipped bot at real time: ${(100 * rate).toFixed(0)}% of ${run.episodes} episodes at ${run.fps.toFixed(0)} frames/s, counters ${JSON.stringify(run.counters)}`);
    assert.ok(rate >= 0.9, `shipped bot: returns ${run.returns.join(' ')}`);
    assert.equal(run.counters.late, 0, 'no decision answered late');
    assert.equal(run.counters.dropped, 0, 'no step without an action');
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`the whole target: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
});
