/**
 * The main-thread client in Node, with a stand-in Worker over a MessageChannel (comlink on both
 * ends, as in a browser): calls reach the Trainer, typed errors come back as their class, frames are
 * transferred, and a worker that crashes, is terminated or stays silent makes pending calls reject
 * instead of hanging. (The real module worker is tested in Chromium: test/browser/worker_trainer.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpecError, WorkerError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { spawnTrainer } from '../../src/worker/spawn_trainer';
import { Trainer } from '../../src/worker/trainer';
import { FakeWorker } from './fake_worker';
import { frames, randomStep, tinyInit } from './fixtures';

/** A "trainer" whose calls never answer. */
const silent = { act: () => new Promise(() => undefined), stats: () => new Promise(() => undefined) };

test('calls reach the Trainer, frames are transferred, typed errors keep their class', async () => {
  const worker = new FakeWorker(new Trainer());
  const client = spawnTrainer(worker);
  try {
    await assert.rejects(client.init({ ...tinyInit('cpu'), spec: '{"agent": {"name": "a", "algorithm": {"name": "DQN"}, "memroy": {}}}' }), (e: unknown) => {
      assert.ok(e instanceof SpecError, String(e));
      assert.ok(e.problems.length > 0 && e.problems.every((p) => typeof p.path === 'string'));
      return true;
    });
    const result = await client.init(tinyInit('cpu'));
    assert.equal(result.backend, 'cpu');
    const rng = new Rng(1);
    const obs = frames(rng);
    const kept = obs.slice();
    const actions = await client.act(obs);
    assert.equal(obs.buffer.byteLength, 0, 'the frame buffer is detached on the sending side');
    assert.ok(actions instanceof Int32Array && actions.length === 2);
    const step = randomStep(rng, kept, actions as Int32Array);
    assert.equal(await client.observe(step, 2), null);
    assert.equal(step.nextObservations.buffer.byteLength, 0);
    const copy = randomStep(rng, frames(rng), Int32Array.from([0, 0]));
    await client.observe(copy, 4, { transfer: false });
    assert.equal(copy.observations.length, 200, 'transfer: false leaves the step usable');
    const bytes = await client.exportPolicy();
    await client.importPolicy(bytes);
    assert.equal(bytes.length > 0, true);
    assert.equal((await client.stats()).steps, 2);
    const timing = await client.timing();
    assert.deepEqual([timing.acts, timing.stores, timing.trainRounds], [1, 2, 0], 'the worker\'s timing comes back');
    await client.dispose();
  } finally {
    client.terminate();
  }
});

test('terminate() rejects a pending call with WorkerError "terminated", and every later call', async () => {
  const worker = new FakeWorker(silent);
  let reported: WorkerError | null = null;
  const client = spawnTrainer(worker, { onFailure: (e) => (reported = e) });
  const pending = client.act(new Uint8Array(4));
  client.terminate();
  await assert.rejects(pending, (e: unknown) => e instanceof WorkerError && e.reason === 'terminated' && e.method === 'act');
  await assert.rejects(client.stats(), (e: unknown) => e instanceof WorkerError && e.reason === 'terminated');
  assert.equal(worker.terminated, true);
  assert.equal((await client.failed).reason, 'terminated');
  assert.equal(reported!.reason, 'terminated');
});

test("a worker 'error' event (load failure or crash) rejects pending calls and terminates the worker", async () => {
  const worker = new FakeWorker(silent);
  const client = spawnTrainer(worker);
  const pending = client.stats();
  const event = new Event('error', { cancelable: true });
  Object.assign(event, { message: 'Uncaught Error: boom at load', filename: 'worker_entry.js', lineno: 3, colno: 7 });
  worker.dispatchEvent(event);
  await assert.rejects(pending, (e: unknown) => e instanceof WorkerError && e.reason === 'crashed' && /boom at load \(worker_entry.js:3:7\)/.test(e.message));
  assert.equal(event.defaultPrevented, true);
  assert.equal(worker.terminated, true);
  assert.equal(client.failureReason?.reason, 'crashed');
});

test("a 'messageerror' rejects the pending calls but keeps the client", async () => {
  const worker = new FakeWorker({ ...silent, ok: () => 1 });
  const client = spawnTrainer(worker);
  const pending = client.stats();
  worker.dispatchEvent(new Event('messageerror'));
  await assert.rejects(pending, (e: unknown) => e instanceof WorkerError && e.reason === 'message_error');
  assert.equal(client.failureReason, null);
  client.terminate();
});

test('a call with no reply within callTimeoutMs rejects with WorkerError "timeout"', async () => {
  const worker = new FakeWorker(silent);
  const client = spawnTrainer(worker, { callTimeoutMs: 50 });
  await assert.rejects(client.act(new Uint8Array(4)), (e: unknown) => e instanceof WorkerError && e.reason === 'timeout' && /within 50 ms/.test(e.message));
  assert.equal(client.failureReason, null, 'a timeout does not end the client');
  client.terminate();
});
