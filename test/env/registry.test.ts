import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvError } from '../../src/util/errors';
import { ENVS, isBuiltinEnv, makeBuiltinEnv, makeEnv } from '../../src/env/registry';

describe('env registry', () => {
  test('holds the built-ins', () => {
    assert.deepEqual(Object.keys(ENVS), ['catch', 'CartPole-v1', 'CartPole-v0', 'recall']);
    assert.equal(isBuiltinEnv('toString'), false);
  });

  test('makeEnv builds a built-in by name with options', async () => {
    const env = await makeEnv('catch', { size: 5 });
    assert.deepEqual(env.observationSpace.shape, [5, 5, 1]);
    const cp = await makeEnv('CartPole-v0');
    assert.deepEqual(cp.actionSpace, { type: 'discrete', n: 2 });
    assert.deepEqual(makeBuiltinEnv('recall', { n_cues: 3 }).actionSpace, { type: 'discrete', n: 3 });
  });

  test('makeEnv loads a user module by path', async () => {
    const env = await makeEnv('test/env/fixtures/good_env.mjs', { goal: 1 });
    env.reset();
    assert.equal(env.step(1).reward, 1);
  });

  test('an unknown name lists the built-ins and suggests a near miss', async () => {
    await assert.rejects(makeEnv('Pong'), (e: unknown) => {
      assert.ok(e instanceof EnvError);
      assert.match(e.message, /unknown env 'Pong'\. Built-in envs: catch, CartPole-v1, CartPole-v0, recall; or give the path to an env module/);
      return true;
    });
    await assert.rejects(makeEnv('cartpole'), /Did you mean 'CartPole-v1'\?/);
    assert.throws(() => makeBuiltinEnv('toString'), EnvError);
  });
});

test("the recall env's earlier name 'memory' still makes it (saved policies name it)", () => {
  assert.equal(isBuiltinEnv('memory'), true);
  assert.deepEqual(makeBuiltinEnv('memory', { n_cues: 3 }).actionSpace, makeBuiltinEnv('recall', { n_cues: 3 }).actionSpace);
});
