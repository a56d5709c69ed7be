/**
 * A dead worker and `agent.restart()`: the game goes on while the worker is gone, a new worker
 * loads the policy last saved, the attached scene switches to it, and failures of the replaced
 * worker are not reported again. Also: two players sharing one policy through a real Trainer.
 */
import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAgent } from '../../src/agent/create_agent';
import { AgentError, StorageError } from '../../src/util/errors';
import type { EpisodeInfo } from '../../src/attach/loop_events';
import { decodePolicyFile } from '../../src/store/policy_file';
import type { WorkerError } from '../../src/util/errors';
import { FakeWorker } from '../worker/fake_worker';
import { FakeScene, flush, VECTOR_SPEC } from '../attach/fakes';

async function frames(scene: FakeScene, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    scene.frame();
    await flush();
  }
}

test('after a worker crash, restart() starts a new worker from the last saved policy and the scene plays on', async () => {
  const workers: FakeWorker[] = [];
  const agent = await createAgent(VECTOR_SPEC, {
    actions: ['left', 'right'],
    observation: { vector: 2 },
    backend: 'cpu',
    seed: 3,
    worker: () => {
      workers.push(new FakeWorker());
      return workers.at(-1)!;
    },
  });
  try {
    const scene = new FakeScene();
    const workerErrors: WorkerError[] = [];
    const restarts: { from: string | null }[] = [];
    agent.on('worker-error', (e) => workerErrors.push(e));
    agent.on('restart', (r) => restarts.push(r));
    const acted: number[] = [];
    const attachment = agent.attach(scene, { observe: () => [1, 0], act: (a) => acted.push(a), reward: () => 1 });
    await frames(scene, 20);
    await attachment.settled();
    const stepsAtSave = (await agent.stats()).steps;
    await agent.save('indexeddb://restart-test');
    assert.equal(agent.lastPolicy, 'indexeddb://restart-test');
    const saved = await agent.trainer.exportPolicy();

    workers[0]!.crash('GPU device lost');
    await flush();
    assert.equal(workerErrors.length, 1);
    const before = acted.length;
    await frames(scene, 5);
    assert.equal(acted.length, before, 'no heuristic: act stops while the worker is gone, the game runs on');

    const result = await agent.restart();
    assert.deepEqual(result, { from: 'indexeddb://restart-test' });
    assert.deepEqual(restarts, [result]);
    assert.equal(workers.length, 2);
    assert.equal(workers[0]!.terminated, true);
    // The new worker holds the saved weights.
    const weights = (bytes: Uint8Array): Uint8Array => new Uint8Array(decodePolicyFile(bytes, 'test').weightData as ArrayBuffer);
    const reloaded = await agent.trainer.exportPolicy();
    assert.deepEqual(weights(reloaded), weights(saved));

    const observedBefore = attachment.counters.observed;
    await frames(scene, 20);
    await attachment.settled();
    assert.ok(acted.length >= before + 18, `acts after restart: ${acted.length - before}`);
    assert.ok(attachment.counters.observed > observedBefore, 'steps reach the new worker');
    // The Trainer's counters resume from the save.
    assert.equal((await agent.stats()).steps, stepsAtSave + attachment.counters.observed - observedBefore);
    // The old worker's late failure is not reported again.
    workers[0]!.crash('late');
    await flush();
    assert.equal(workerErrors.length, 1);

    // A missing policy: StorageError, and the agent can start fresh instead.
    await assert.rejects(agent.restart({ from: 'indexeddb://no-such-policy' }), StorageError);
    assert.deepEqual(await agent.restart({ from: null }), { from: null });
    await frames(scene, 3);
    await attachment.settled();
    assert.equal(workers.length, 4);
  } finally {
    await agent.dispose();
  }
});

test('an agent made with a ready-made worker cannot restart (AgentError says what to pass)', async () => {
  const agent = await createAgent(VECTOR_SPEC, { actions: ['a', 'b'], observation: { vector: 2 }, backend: 'cpu', worker: new FakeWorker() });
  await assert.rejects(agent.restart(), (e: unknown) => e instanceof AgentError && /workerUrl/.test(e.message));
  await agent.dispose();
});

test('two players share one policy: one Trainer with two envs, per-player episodes', async () => {
  const agent = await createAgent(VECTOR_SPEC, { actions: ['left', 'right'], observation: { vector: 2 }, backend: 'cpu', seed: 4, players: 2, worker: new FakeWorker() });
  try {
    assert.equal(agent.players, 2);
    const scene = new FakeScene();
    const episodes: EpisodeInfo[] = [];
    agent.on('episode', (e) => episodes.push(e));
    const pos = [0, 0];
    let t = 0;
    const attachment = agent.attach(scene, {
      observe: (p) => [pos[p]!, p],
      act: (a, _name, p) => {
        pos[p]! += a === 1 ? 1 : -1;
      },
      reward: (p) => (pos[p]! > 0 ? 1 : 0),
      done: (p) => (p === 0 ? t % 7 === 0 : t % 11 === 0),
    });
    for (t = 1; t <= 80; t++) {
      scene.frame();
      await attachment.settled();
    }
    const byPlayer = [0, 1].map((p) => episodes.filter((e) => e.player === p).length);
    assert.deepEqual(byPlayer, [11, 7]);
    const stats = await agent.stats();
    assert.equal(stats.steps, attachment.counters.observed);
    assert.ok(stats.trainRounds > 0);
    assert.throws(() => attachment.addReward(1, 2), /player must be an integer 0..1/);
    const unused = new FakeWorker();
    await assert.rejects(
      createAgent(VECTOR_SPEC, { actions: ['a', 'b'], observation: { crop: [{ x: 0, y: 0, w: 1, h: 1 }] }, players: 2, worker: unused }),
      /one region per player/,
    );
    unused.terminate();
  } finally {
    await agent.dispose();
  }
});

test('restart() called twice at once starts one worker; a restart asking for another policy runs after it; none is left running', { timeout: 60_000 }, async () => {
  const workers: FakeWorker[] = [];
  const agent = await createAgent(VECTOR_SPEC, {
    actions: ['left', 'right'],
    observation: { vector: 2 },
    backend: 'cpu',
    worker: () => {
      workers.push(new FakeWorker());
      return workers.at(-1)!;
    },
  });
  const restarts: { from: string | null }[] = [];
  agent.on('restart', (r) => restarts.push(r));
  try {
    await agent.save('indexeddb://restart-twice');
    workers[0]!.crash('device lost');
    // Two handlers (or a handler firing twice) restart at once.
    const [a, b] = await Promise.all([agent.restart(), agent.restart()]);
    assert.deepEqual(a, { from: 'indexeddb://restart-twice' });
    assert.deepEqual(b, a);
    assert.equal(workers.length, 2, 'one new worker for both calls');
    assert.deepEqual(workers.map((w) => w.terminated), [true, false]);
    assert.equal(restarts.length, 1);

    // A restart from another policy during one in flight runs after it: still one worker alive.
    const [c, d] = await Promise.all([agent.restart(), agent.restart({ from: null })]);
    assert.deepEqual([c, d], [{ from: 'indexeddb://restart-twice' }, { from: null }]);
    assert.equal(workers.length, 4);
    assert.deepEqual(workers.map((w) => w.terminated), [true, true, true, false]);
    assert.equal(agent.trainer.failureReason, null);
    assert.ok((await agent.stats()).backend === 'cpu');

    // Disposed while the new worker starts: that worker is ended too, and the restart says why.
    const late = agent.restart({ from: null });
    await agent.dispose();
    await assert.rejects(late, (e: unknown) => e instanceof AgentError && /disposed/.test(e.message));
    assert.ok(workers.every((w) => w.terminated), `alive: ${workers.map((w) => !w.terminated)}`);
  } finally {
    await agent.dispose();
  }
});
