/**
 * The Python client (python/pixelpilot_gym) against a fake server written in Python from the wire
 * protocol (test/python/fake_server.py): frames byte for byte, the spaces, reset/step arrays,
 * next-step autoreset bookkeeping and vector infos, every error path (ERROR frames as typed
 * exceptions, version mismatch, bad actions, timeouts, a server that closes, dies or never starts),
 * and the server processes it starts being stopped. Runs `python3 -m unittest` and fails with its
 * output on a non-zero exit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runPython, runUnittest } from './python_run';

const MODULES = ['test_protocol', 'test_vector_env', 'test_server_process'];

test('pixelpilot_gym passes its unit tests against the fake server, in seconds', { timeout: 120_000 }, async () => {
  const r = await runUnittest(MODULES, 100_000);
  const output = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.code, 0, `python3 -m unittest ${MODULES.join(' ')} exited with ${r.code}:\n${output}`);
  // A module that failed to import runs no tests of its own: count them.
  assert.ok(r.ran >= 40, `only ${r.ran} tests ran:\n${output}`);
  assert.doesNotMatch(r.stderr, /ResourceWarning|Exception ignored/, `warnings in the run:\n${r.stderr}`);
  console.log(`${r.ran} Python tests in ${(r.ms / 1000).toFixed(1)} s`);
});

test("pixelpilot_gym's version is the package's", () => {
  const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
  assert.match(readFileSync('python/pixelpilot_gym/vector_env.py', 'utf8'), new RegExp(`^__version__ = "${version.replace(/\./g, '\\.')}"$`, 'm'));
});

test('the names docs/python.md imports from pixelpilot_gym exist', async () => {
  const doc = readFileSync('docs/python.md', 'utf8');
  const names = new Set([...doc.matchAll(/^from pixelpilot_gym import (.+)$/gm)].flatMap((m) => m[1]!.split(',').map((n) => n.trim())));
  assert.ok(names.has('GameVectorEnv') && names.has('GameEnv'), [...names].join(' '));
  const r = await runPython(['-c', `import pixelpilot_gym as g; missing = [n for n in ${JSON.stringify([...names])} if not hasattr(g, n)]; print(missing); assert not missing`], 30_000);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
});
