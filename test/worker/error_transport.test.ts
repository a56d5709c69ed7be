/**
 * Typed errors survive the worker boundary: every registered class comes back as an instance of
 * itself with its fields, message, code and stack, both through plain structured cloning and
 * through comlink over a real MessageChannel.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expose, wrap } from 'comlink';
import { AgentError, EnvError, CaptureError, MemoryError, BackendError, PixelpilotError, ShapeError, SpecError, StorageError, TrainerError, WorkerError } from '../../src/util/errors';
import { deserializeError, ERROR_CLASSES, registerErrorTransport, serializeError } from '../../src/worker/error_transport';

/** What a thrown value looks like after crossing: serialised, cloned, rebuilt. */
const roundTrip = (e: unknown): unknown => deserializeError(structuredClone(serializeError(e)));

const cases: { error: Error; cls: new (...a: never[]) => Error; fields: Record<string, unknown> }[] = [
  { error: new PixelpilotError('CUSTOM_CODE', 'base'), cls: PixelpilotError, fields: { code: 'CUSTOM_CODE' } },
  {
    error: new SpecError([{ path: 'agent.net.conv_hid_layers[1][2]', message: 'stride must be a positive integer (got 0)' }, { path: 'agent.memory.batch_size', message: 'too big' }], 'catch_dqn'),
    cls: SpecError,
    fields: { code: 'SPEC_INVALID', specName: 'catch_dqn', problems: [{ path: 'agent.net.conv_hid_layers[1][2]', message: 'stride must be a positive integer (got 0)' }, { path: 'agent.memory.batch_size', message: 'too big' }] },
  },
  {
    error: new BackendError([{ backend: 'webgpu', reason: 'no adapter' }, { backend: 'wasm', reason: 'fetch failed' }], 'nothing works'),
    cls: BackendError,
    fields: { code: 'BACKEND_UNAVAILABLE', attempts: [{ backend: 'webgpu', reason: 'no adapter' }, { backend: 'wasm', reason: 'fetch failed' }] },
  },
  { error: new StorageError('checksum mismatch'), cls: StorageError, fields: { code: 'STORAGE_FAILED' } },
  { error: new ShapeError('observations have 99 elements but need 100'), cls: ShapeError, fields: { code: 'SHAPE_MISMATCH' } },
  { error: new MemoryError('sampled before it holds enough'), cls: MemoryError, fields: { code: 'MEMORY_STATE' } },
  { error: new EnvError('step threw', { env: 'my_env.js', cause: new RangeError('inner') }), cls: EnvError, fields: { code: 'ENV_INVALID', env: 'my_env.js' } },
  { error: new TrainerError('act', 'not initialised'), cls: TrainerError, fields: { code: 'TRAINER_INVALID', method: 'act' } },
  { error: new WorkerError('timeout', 'too slow', 'observe'), cls: WorkerError, fields: { code: 'WORKER_FAILED', reason: 'timeout', method: 'observe' } },
  { error: new AgentError('attach: the scene has no canvas'), cls: AgentError, fields: { code: 'AGENT_INVALID' } },
  { error: new CaptureError('crop outside the canvas'), cls: CaptureError, fields: { code: 'CAPTURE_INVALID' } },
  { error: new TypeError('not a function'), cls: TypeError, fields: {} },
  { error: new RangeError('out of range'), cls: RangeError, fields: {} },
];

describe('serializeError / deserializeError', () => {
  for (const c of cases) {
    test(`a ${c.error.name} comes back as a ${c.error.name} with its fields, message and stack`, () => {
      const back = roundTrip(c.error) as Error;
      assert.ok(back instanceof c.cls, `${c.error.name} rebuilt as ${back?.constructor?.name}`);
      assert.equal(back.name, c.error.name);
      assert.equal(back.message, c.error.message);
      assert.equal(back.stack, c.error.stack);
      for (const [k, v] of Object.entries(c.fields)) assert.deepEqual((back as unknown as Record<string, unknown>)[k], v, k);
      if (c.error instanceof PixelpilotError) assert.ok(back instanceof PixelpilotError);
    });
  }

  test('every registered class has a round-trip case', () => {
    const covered = new Set(cases.map((c) => (c.error as { code?: string }).code));
    for (const code of Object.keys(ERROR_CLASSES)) assert.ok(covered.has(code), `${code} untested`);
  });

  test('an error cause crosses too, as its own class', () => {
    const back = roundTrip(new EnvError('reset failed', { env: 'e', cause: new ShapeError('inner shape') })) as EnvError;
    assert.ok(back.cause instanceof ShapeError);
    assert.equal((back.cause as ShapeError).message, 'inner shape');
  });

  test('an unknown error class becomes a plain Error naming the original class, with code and loose fields', () => {
    class QuotaError extends Error {
      quota = 5;
      code = 'Q_FULL';
      constructor(m: string) {
        super(m);
        this.name = 'QuotaError';
      }
    }
    const back = roundTrip(new QuotaError('disk full')) as Error & { quota?: number; code?: string };
    assert.equal(back.constructor, Error);
    assert.equal(back.message, 'QuotaError: disk full');
    assert.equal(back.quota, 5);
    assert.equal(back.code, 'Q_FULL');
  });

  test('a DOMException stays a DOMException with its name', () => {
    const back = roundTrip(new DOMException('could not clone', 'DataCloneError')) as DOMException;
    assert.ok(back instanceof DOMException);
    assert.equal(back.name, 'DataCloneError');
    assert.equal(back.message, 'could not clone');
  });

  test('non-error thrown values pass as they are, or as text when they cannot be cloned', () => {
    assert.equal(roundTrip('just a string'), 'just a string');
    assert.equal(roundTrip(42), 42);
    assert.deepEqual(roundTrip({ a: [1, 2] }), { a: [1, 2] });
    assert.equal(typeof roundTrip(() => 1), 'string');
  });
});

describe('errors thrown across comlink', () => {
  registerErrorTransport();
  registerErrorTransport(); // idempotent
  const { port1, port2 } = new MessageChannel();
  const thrower = {
    spec(): void {
      throw new SpecError([{ path: 'agent.algorithm.gamma', message: 'must be in [0, 1] (got 2)' }], 'bad');
    },
    async backend(): Promise<void> {
      throw new BackendError([{ backend: 'webgpu', reason: 'navigator.gpu is missing' }]);
    },
    odd(): void {
      throw 'a bare string';
    },
  };
  expose(thrower, port2);
  const remote = wrap<typeof thrower>(port1);
  after(() => {
    port1.close();
    port2.close();
  });

  test('can keep the class and fields of a thrown SpecError (sync throw)', async () => {
    await assert.rejects(remote.spec(), (e: unknown) => {
      assert.ok(e instanceof SpecError);
      assert.deepEqual(e.problems, [{ path: 'agent.algorithm.gamma', message: 'must be in [0, 1] (got 2)' }]);
      assert.equal(e.specName, 'bad');
      assert.match(e.stack ?? '', /spec/);
      return true;
    });
  });

  test('can keep the attempts of a rejected BackendError (async throw)', async () => {
    await assert.rejects(remote.backend(), (e: unknown) => e instanceof BackendError && e.attempts[0]!.reason === 'navigator.gpu is missing');
  });

  test('can keep a thrown non-error value', async () => {
    await assert.rejects(remote.odd(), (e: unknown) => e === 'a bare string');
  });
});
