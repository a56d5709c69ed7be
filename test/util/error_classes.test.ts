/**
 * Every error class the SDK exports names itself as written (never a minifier's name), has a
 * stable code of its own, and is told apart by `instanceof` through that code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as lab from '../../src/lab';
import { UsageError, PixelpilotError } from '../../src/util/errors';

/** Constructor arguments for each class (a class missing here fails the test: add it). */
const SAMPLES: Record<string, unknown[]> = {
  PixelpilotError: ['SOME_CODE', 'message'],
  SpecError: [[{ path: 'agent', message: 'x' }]],
  BackendError: [[{ backend: 'wasm', reason: 'x' }]],
  StorageError: ['x'],
  ShapeError: ['x'],
  AgentError: ['x'],
  AgentCallbackError: ['reward', 0, 'threw'],
  CaptureError: ['x'],
  TrainerError: ['act', 'x'],
  WorkerError: ['crashed', 'x'],
  EnvError: ['x'],
  MemoryError: ['x'],
  UsageError: ['x'],
  GameError: ['create', 'x'],
};

type ErrorClass = (new (...args: never[]) => Error) & { CODE?: string };

test('every exported error class names itself and has a code of its own', () => {
  const classes = Object.entries({ ...lab, UsageError } as Record<string, unknown>).filter(
    ([, v]) => typeof v === 'function' && (v === PixelpilotError || v.prototype instanceof PixelpilotError),
  ) as [string, ErrorClass][];
  assert.ok(classes.length >= 12, `found ${classes.map(([n]) => n)}`);
  const codes = new Map<string, string>();
  for (const [name, cls] of classes) {
    const args = SAMPLES[name];
    assert.ok(args !== undefined, `no sample arguments for ${name}`);
    const e = Reflect.construct(cls, args) as Error & { code: string };
    assert.equal(e.name, name, `${name} names itself`);
    assert.ok(e instanceof PixelpilotError);
    if (cls === PixelpilotError) continue;
    assert.equal(typeof cls.CODE, 'string', `${name}.CODE`);
    assert.equal(e.code, cls.CODE);
    assert.ok(!codes.has(cls.CODE!), `${name} and ${codes.get(cls.CODE!)} share the code ${cls.CODE}`);
    codes.set(cls.CODE!, name);
    for (const [other, otherCls] of classes) {
      if (other !== name && otherCls !== PixelpilotError) assert.ok(!(e instanceof otherCls), `a ${name} is not a ${other}`);
    }
  }
});
