import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvError } from '../../src/util/errors';
import { fileUrlOf, loadEnvModule, looksLikeModulePath } from '../../src/env/load_env_module';

// Tests run from the repository root, so relative fixture paths resolve against it.
const fixture = (name: string): string => `test/env/fixtures/${name}`;

const envError = (pattern: RegExp, file: string) => (e: unknown): boolean => {
  assert.ok(e instanceof EnvError, `not an EnvError: ${e}`);
  assert.match(e.message, pattern);
  assert.ok(e.message.includes(file), `message does not name ${file}: ${e.message}`);
  assert.equal(e.env, file);
  return true;
};

describe('loadEnvModule', () => {
  test('loads a good module, passing the options to its factory', async () => {
    const env = await loadEnvModule(fixture('good_env.mjs'), { goal: 2 });
    assert.deepEqual(env.reset().observation, Float32Array.of(0));
    assert.equal(env.step(1).terminated, false);
    assert.deepEqual(env.step(1), { observation: Float32Array.of(2), reward: 1, terminated: true, truncated: false });
  });

  test('a module without a default export names the file and what it exports', async () => {
    const f = fixture('no_default_env.mjs');
    await assert.rejects(loadEnvModule(f), envError(/has no default export \(it exports only makeEnv\)/, f));
  });

  test('a default export that is not a function', async () => {
    const f = fixture('not_function_env.mjs');
    await assert.rejects(loadEnvModule(f), envError(/default export must be a factory function .*got object/, f));
  });

  test('a factory returning something that is not an Env', async () => {
    const f = fixture('not_an_env.mjs');
    await assert.rejects(loadEnvModule(f), envError(/is not a usable Env \(4 problems\)[^]*step must be a function/, f));
  });

  test('a step that throws', async () => {
    const f = fixture('throwing_step_env.mjs');
    const env = await loadEnvModule(f);
    env.reset();
    assert.throws(() => env.step(0), envError(/step\(\) threw: boom in step/, f));
  });

  test('a wrong observation length', async () => {
    const f = fixture('wrong_length_env.mjs');
    const env = await loadEnvModule(f);
    assert.throws(() => env.reset(), envError(/reset\(\) observation has 3 elements; observationSpace.shape \[4\] needs 4/, f));
  });

  test('a missing file', async () => {
    const f = fixture('nowhere.mjs');
    await assert.rejects(loadEnvModule(f), envError(/could not be loaded/, f));
  });

  test('absolute paths and names needing percent-encoding load', async () => {
    const f = `${process.cwd()}/${fixture('spaced #name env.mjs')}`;
    const env = await loadEnvModule(f);
    assert.deepEqual(env.observationSpace.shape, [2, 2, 1]);
    assert.equal(env.step(0).terminated, true);
  });
});

describe('fileUrlOf', () => {
  test('resolves relative paths against cwd and encodes segments', () => {
    assert.equal(fileUrlOf('envs/a.mjs', '/home/u/proj'), 'file:///home/u/proj/envs/a.mjs');
    assert.equal(fileUrlOf('./envs/../b.mjs', '/home/u/proj/'), 'file:///home/u/proj/b.mjs');
    assert.equal(fileUrlOf('/abs/x y#1%.mjs', '/ignored'), 'file:///abs/x%20y%231%25.mjs');
    assert.equal(fileUrlOf('envs\\a.mjs', 'C:\\Users\\me'), 'file:///C:/Users/me/envs/a.mjs');
    assert.equal(fileUrlOf('D:\\e.mjs', 'C:\\Users\\me'), 'file:///D:/e.mjs');
  });

  test('tells module paths from built-in names', () => {
    for (const p of ['./e.mjs', 'e.js', 'dir/e', 'file:///e.mjs', 'C:\\e.mjs']) assert.equal(looksLikeModulePath(p), true, p);
    for (const n of ['catch', 'CartPole-v1', 'Pong']) assert.equal(looksLikeModulePath(n), false, n);
  });
});
