import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Env } from '../../src/env/env';
import { EnvError, PixelpilotError } from '../../src/util/errors';
import { actionSpaceProblems, observationSpaceProblems, validateEnv } from '../../src/env/validate_env';

const good = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  observationSpace: { shape: [2], dtype: 'float32' },
  actionSpace: { type: 'discrete', n: 2 },
  reset: () => ({ observation: new Float32Array(2) }),
  step: () => ({ observation: Float32Array.of(1, 2), reward: 0.5, terminated: false, truncated: false }),
  ...over,
});

const envError = (pattern: RegExp) => (e: unknown): boolean => {
  assert.ok(e instanceof EnvError, `not an EnvError: ${e}`);
  assert.ok(e instanceof PixelpilotError);
  assert.equal(e.code, 'ENV_INVALID');
  assert.match(e.message, pattern);
  return true;
};

describe('validateEnv', () => {
  test('a good env passes its results through unchanged', () => {
    const env = validateEnv(good(), 'mine');
    assert.deepEqual(env.reset({ seed: 1 }), { observation: new Float32Array(2) });
    assert.deepEqual(env.step(1), { observation: Float32Array.of(1, 2), reward: 0.5, terminated: false, truncated: false });
    assert.equal(env.actionMask, undefined);
  });

  test('lists every problem with the spaces and methods in one error naming the env', () => {
    const bad = { observationSpace: { shape: [0, 2], dtype: 'int8' }, actionSpace: { type: 'discrete', n: 0 }, reset: () => null };
    assert.throws(() => validateEnv(bad, 'envs/bad.mjs'), (e: unknown) => {
      envError(/env "envs\/bad\.mjs" is not a usable Env \(4 problems\)/)(e);
      const msg = (e as Error).message;
      assert.match(msg, /observationSpace\.shape must be a non-empty array of positive integers \(got \[0,2\]\)/);
      assert.match(msg, /observationSpace\.dtype must be 'uint8' or 'float32' \(got 'int8'\)/);
      assert.match(msg, /actionSpace\.n must be an integer >= 1 \(got 0\)/);
      assert.match(msg, /step must be a function \(got undefined\)/);
      assert.equal((e as EnvError).env, 'envs/bad.mjs');
      return true;
    });
    assert.throws(() => validateEnv(42, 'x'), envError(/env "x" is not an Env.*got number/));
    assert.throws(() => validateEnv(null, 'x'), envError(/got null/));
  });

  test('image observations must be HxWxC uint8; vectors [D]', () => {
    assert.deepEqual(observationSpaceProblems({ shape: [84, 84, 4], dtype: 'uint8', low: 0, high: 255 }), []);
    assert.deepEqual(observationSpaceProblems({ shape: [4], dtype: 'float32' }), []);
    assert.match(observationSpaceProblems({ shape: [84, 84, 1], dtype: 'float32' }).join(), /must be uint8/);
    assert.match(observationSpaceProblems({ shape: [84, 84], dtype: 'uint8' }).join(), /\[H, W, C\]/);
    assert.match(observationSpaceProblems({ shape: [2.5], dtype: 'float32' }).join(), /positive integers/);
    assert.match(observationSpaceProblems({ shape: [2], dtype: 'float32', low: 1, high: 0 }).join(), /low must be <= /);
    assert.match(observationSpaceProblems(undefined).join(), /observationSpace must be an object/);
  });

  test('action spaces: discrete, multi_discrete, continuous', () => {
    assert.deepEqual(actionSpaceProblems({ type: 'discrete', n: 1 }), []);
    assert.deepEqual(actionSpaceProblems({ type: 'multi_discrete', nvec: [3, 2] }), []);
    assert.deepEqual(actionSpaceProblems({ type: 'continuous', shape: [2], low: -1, high: 1 }), []);
    assert.match(actionSpaceProblems({ type: 'discrete', n: 1.5 }).join(), /n must be an integer >= 1/);
    assert.match(actionSpaceProblems({ type: 'multi_discrete', nvec: [] }).join(), /nvec must be a non-empty/);
    assert.match(actionSpaceProblems({ type: 'continuous', shape: [2] }).join(), /low must be a number/);
    assert.match(actionSpaceProblems({ type: 'box' }).join(), /type must be 'discrete', 'multi_discrete' or 'continuous'/);
  });

  test('a wrong observation from reset or step names the env, the method and the problem', () => {
    const short = validateEnv(good({ reset: () => ({ observation: new Float32Array(3) }) }), 'short');
    assert.throws(() => short.reset(), envError(/env "short": reset\(\) observation has 3 elements; observationSpace.shape \[2\] needs 2/));
    const typed = validateEnv(good({ step: () => ({ observation: new Uint8Array(2), reward: 0, terminated: false, truncated: false }) }), 'typed');
    assert.throws(() => typed.step(0), envError(/env "typed": step\(\) observation must be a Float32Array .*got Uint8Array/));
    const plain = validateEnv(good({ reset: () => ({ observation: [0, 0] }) }), 'plain');
    assert.throws(() => plain.reset(), envError(/reset\(\) observation must be a Float32Array .*got Array/));
    const nan = validateEnv(good({ reset: () => ({ observation: Float32Array.of(0, NaN) }) }), 'nan');
    assert.throws(() => nan.reset(), envError(/observation\[1\] is not finite/));
    const nothing = validateEnv(good({ reset: () => undefined }), 'nothing');
    assert.throws(() => nothing.reset(), envError(/reset\(\) must return \{observation\}/));
  });

  test('a non-finite reward or a non-boolean flag is an EnvError', () => {
    const step = (r: Record<string, unknown>) => () => ({ observation: new Float32Array(2), reward: 0, terminated: false, truncated: false, ...r });
    assert.throws(() => validateEnv(good({ step: step({ reward: NaN }) }), 'e').step(0), envError(/env "e": step\(\) reward must be a finite number \(got NaN\)/));
    assert.throws(() => validateEnv(good({ step: step({ reward: '1' }) }), 'e').step(0), envError(/reward must be a finite number \(got '1'\)/));
    assert.throws(() => validateEnv(good({ step: step({ terminated: 0 }) }), 'e').step(0), envError(/terminated must be a boolean \(got 0\)/));
    assert.throws(() => validateEnv(good({ step: step({ truncated: undefined }) }), 'e').step(0), envError(/truncated must be a boolean \(got undefined\)/));
  });

  test('a throw inside reset or step becomes an EnvError that keeps the cause', () => {
    const boom = new Error('boom');
    const env = validateEnv(good({ step: () => { throw boom; }, reset: () => { throw 'oops'; } }), 'thrower');
    assert.throws(() => env.step(0), (e: unknown) => envError(/env "thrower": step\(\) threw: boom/)(e) && (e as Error).cause === boom);
    assert.throws(() => env.reset(), envError(/env "thrower": reset\(\) threw: oops/));
  });

  test('actionMask is checked and forwarded; only for discrete spaces', () => {
    const masked = validateEnv(good({ actionMask: () => Uint8Array.of(0, 1) }), 'm');
    assert.deepEqual(masked.actionMask!(), Uint8Array.of(0, 1));
    assert.throws(() => validateEnv(good({ actionMask: () => Uint8Array.of(1) }), 'm').actionMask!(), envError(/actionMask\(\) must return a Uint8Array of length 2/));
    assert.throws(() => validateEnv(good({ actionMask: () => Uint8Array.of(0, 0) }), 'm').actionMask!(), envError(/allows no action/));
    const cont = { type: 'continuous', shape: [1], low: -1, high: 1 };
    assert.throws(() => validateEnv(good({ actionSpace: cont, actionMask: () => Uint8Array.of(1) }), 'm'), envError(/only supported for discrete/));
  });

  test('close is forwarded', () => {
    let closed = 0;
    const env: Env = validateEnv(good({ close: () => closed++ }), 'c');
    env.close!();
    assert.equal(closed, 1);
  });
});
