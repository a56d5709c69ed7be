/**
 * Typed errors survive what production builds do to them: minification without keepNames (class
 * names become `e`, `yb`...) and two copies of the SDK in one page (`pixelpilot` and
 * `pixelpilot/play` each bundle their classes; the worker rebuilds errors on its side). Two
 * separately minified bundles of the error classes and the transport stand for the two copies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';

interface ErrorsModule {
  PixelpilotError: new (code: string, message: string) => Error & { code: string };
  SpecError: new (problems: { path: string; message: string }[], name?: string) => Error & { problems: unknown[] };
  StorageError: new (message: string) => Error;
  WorkerError: new (reason: string, message: string, method?: string) => Error & { reason: string };
  serializeError(e: unknown): unknown;
  deserializeError(d: unknown): unknown;
}

const ENTRY = `
export { PixelpilotError, SpecError, StorageError, WorkerError } from './src/util/errors';
export { serializeError, deserializeError } from './src/worker/error_transport';
`;

/** One minified copy of the error classes and the transport, imported from a data: URL. */
let copies = 0;
async function minifiedCopy(): Promise<ErrorsModule> {
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: 'ts' }, // the runner's cwd is the repository root
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    minify: true,
    keepNames: false,
    logLevel: 'silent',
  });
  const code = `${out.outputFiles[0]!.text}\n// copy ${++copies}`; // a distinct URL: its own module instance
  assert.doesNotMatch(code, /class SpecError|class WorkerError/, 'the class names are minified away');
  return (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as ErrorsModule;
}

test('errors keep their names and codes through a minifier, and instanceof holds across two copies', async () => {
  const a = await minifiedCopy();
  const b = await minifiedCopy();
  assert.notEqual(a.SpecError, b.SpecError, 'two distinct copies');
  const spec = new a.SpecError([{ path: 'agent.net.type', message: 'unknown' }], 'x');
  assert.equal(spec.name, 'SpecError');
  assert.match(String(spec), /^SpecError: 1 problem in spec "x"/);
  assert.ok(spec instanceof b.SpecError, 'a SpecError of copy A is a SpecError of copy B');
  assert.ok(spec instanceof b.PixelpilotError);
  assert.ok(!(spec instanceof b.StorageError));
  assert.ok((spec as object) instanceof Error);
  const lookAlike: object = { code: 'SPEC_INVALID' };
  assert.ok(!(lookAlike instanceof b.SpecError), 'a look-alike object is not an error of the SDK');
  assert.ok(!((new Error('plain') as object) instanceof b.PixelpilotError));
  const worker = new a.WorkerError('crashed', 'init(): the trainer worker crashed', 'init');
  assert.equal(worker.name, 'WorkerError');
  assert.match(String(worker), /^WorkerError: init\(\)/);
});

test('the worker transport rebuilds errors by code between two minified copies', async () => {
  const a = await minifiedCopy();
  const b = await minifiedCopy();
  const sent = new a.SpecError([{ path: 'agent.memory.batch_size', message: 'too big' }], 'catch');
  const back = b.deserializeError(structuredClone(a.serializeError(sent))) as InstanceType<ErrorsModule['SpecError']>;
  assert.ok(back instanceof b.SpecError);
  assert.equal(back.constructor, b.SpecError, 'rebuilt as copy B\'s own class');
  assert.equal(back.name, 'SpecError');
  assert.deepEqual(back.problems, [{ path: 'agent.memory.batch_size', message: 'too big' }]);
  const worker = b.deserializeError(structuredClone(a.serializeError(new a.WorkerError('timeout', 'too slow', 'observe')))) as InstanceType<ErrorsModule['WorkerError']>;
  assert.ok(worker instanceof b.WorkerError);
  assert.equal(worker.reason, 'timeout');
  const custom = b.deserializeError(structuredClone(a.serializeError(new a.PixelpilotError('NEWER_CODE', 'from a newer SDK'))));
  assert.ok(custom instanceof b.PixelpilotError);
  assert.equal((custom as { code: string }).code, 'NEWER_CODE');
});
