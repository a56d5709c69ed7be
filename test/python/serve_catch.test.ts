/**
 * The Python client against the real `pixelpilot serve` (the built dist/cli.js, headless Chromium)
 * on the catch demo's training entry: test/python/test_real_server.py checks reset/step arrays,
 * seeds, next-step autoreset on real episodes, GameEnv, that close() leaves no server or Chromium
 * process, and that a killed server is a clear error. Fails with Python's output on a non-zero exit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BIN } from '../cli/run_cli';
import { runUnittest } from './python_run';

test('pixelpilot_gym drives the real server on the catch scene; close() and a killed server leave no process behind', { timeout: 300_000 }, async () => {
  const r = await runUnittest(['test_real_server'], 280_000, { PIXELPILOT_COMMAND: JSON.stringify([process.execPath, BIN]) });
  const output = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.code, 0, `python3 -m unittest test_real_server exited with ${r.code}:\n${output}`);
  assert.equal(r.ran, 4, output);
  console.log(`${r.ran} Python tests against pixelpilot serve in ${(r.ms / 1000).toFixed(1)} s\n${r.stdout}`);
});
