/**
 * createAgent and the Agent in Node: a real Trainer (cpu) behind a comlink MessageChannel, a
 * fake Phaser scene ticked frame by frame, a vector observation. Attach/detach leave no
 * listeners, scene shutdown detaches, episodes and training rounds are reported, save/load go
 * through IndexedDB (fake-indexeddb), and a crashed worker is reported while the game goes on.
 */
import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAgent } from '../../src/agent/create_agent';
import { AgentError, SpecError, WorkerError } from '../../src/util/errors';
import type { EpisodeInfo, TrainInfo } from '../../src/attach/loop_events';
import { DQN_SPEC_TEXT } from '../worker/fixtures';
import { FakeWorker } from '../worker/fake_worker';
import { FakeScene, flush, VECTOR_SPEC } from '../attach/fakes';

const vectorAgent = (worker = new FakeWorker()) =>
  createAgent(VECTOR_SPEC, { actions: ['left', 'right'], observation: { vector: 2 }, backend: 'cpu', worker, seed: 3 });

/** Listeners on the scene and its game, over all events. */
const listeners = (s: FakeScene): number => s.events.total() + s.game.events.total();

test('an attached agent acts, learns and reports episodes; detach and scene shutdown remove every listener', async () => {
  const agent = await vectorAgent();
  try {
    assert.equal(agent.backend, 'cpu');
    assert.deepEqual(agent.observation, { kind: 'vector', length: 2 });
    const scene = new FakeScene();
    const episodes: EpisodeInfo[] = [];
    const trains: TrainInfo[] = [];
    agent.on('episode', (e) => episodes.push(e));
    agent.on('train', (t) => trains.push(t));
    let x = 0;
    let t = 0;
    const acted: string[] = [];
    const attachment = agent.attach(scene, {
      observe: () => [x, t / 10],
      act: (a, name) => {
        x += a === 1 ? 1 : -1;
        acted.push(name);
      },
      reward: () => (x > 0 ? 1 : 0),
      done: () => ++t % 10 === 0,
      decisionPeriod: 2,
    });
    assert.equal(scene.game.events.listenerCount('postrender'), 1);
    assert.equal(scene.events.listenerCount('shutdown') + scene.events.listenerCount('destroy'), 2);
    assert.throws(() => agent.attach(scene, { act: () => undefined, observe: () => [0, 0] }), AgentError);
    for (let i = 0; i < 100; i++) {
      scene.frame();
      await flush();
    }
    assert.ok(episodes.length >= 9, `episodes: ${episodes.length}`);
    assert.deepEqual(episodes.slice(0, 3).map((e) => e.episode), [1, 2, 3]);
    assert.ok(trains.length > 0, 'training rounds ran in the trainer');
    assert.ok(acted.length >= 95, `act calls: ${acted.length}`);
    const stats = await agent.stats();
    assert.equal(stats.steps, attachment.counters.observed);
    assert.ok(stats.acts > 0);
    agent.addReward(1);
    agent.endEpisode();
    attachment.detach();
    assert.equal(listeners(scene), 0, 'detach removes every listener');
    assert.equal(agent.attached, false);
    assert.throws(() => agent.addReward(1), /not attached/);

    // Attached again, then the scene shuts down: detached by itself.
    const again = new FakeScene();
    agent.attach(again, { act: () => undefined, observe: () => [0, 0], mode: 'inference' });
    again.frame();
    again.events.emit('shutdown');
    assert.equal(listeners(again), 0);
    assert.equal(agent.attached, false);
    await flush();

    // Save and load through IndexedDB.
    const saved = await agent.save('indexeddb://agent-test');
    assert.equal(saved.url, 'indexeddb://agent-test');
    await agent.load('indexeddb://agent-test');
  } finally {
    await agent.dispose();
  }
  assert.throws(() => agent.attach(new FakeScene(), { act: () => undefined, observe: () => [0, 0] }), /disposed/);
});

test("a crashed worker emits 'worker-error'; the game keeps running and act stops (or the heuristic plays)", async () => {
  const worker = new FakeWorker();
  const agent = await vectorAgent(worker);
  const scene = new FakeScene();
  const errors: WorkerError[] = [];
  agent.on('worker-error', (e) => errors.push(e));
  const acted: number[] = [];
  agent.attach(scene, { act: (a) => acted.push(a), observe: () => [1, 2], heuristic: () => 0 });
  for (let i = 0; i < 5; i++) {
    scene.frame();
    await flush();
  }
  worker.crash('out of memory');
  await flush();
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.reason, 'crashed');
  const before = acted.length;
  for (let i = 0; i < 5; i++) {
    scene.frame();
    await flush();
  }
  assert.deepEqual(acted.slice(before), [0, 0, 0, 0, 0], 'the heuristic plays once the worker is gone');
  await agent.dispose();
  assert.equal(listeners(scene), 0);
});

test('createAgent checks its options and the spec, and takes the frame stack from env.frame_op_len', async () => {
  // Bad options and specs are rejected before any worker starts.
  const unused = new FakeWorker();
  await assert.rejects(createAgent(VECTOR_SPEC, { actions: ['only'], worker: unused }), (e: unknown) => e instanceof AgentError && /actions/.test(e.message));
  await assert.rejects(
    createAgent(VECTOR_SPEC, { actions: ['a', 'a'], observation: { width: 0 }, worker: unused }),
    (e: unknown) => e instanceof AgentError && /2 problems/.test(e.message),
  );
  await assert.rejects(createAgent({ agent: { name: 'x', algorithm: { name: 'DQN', gama: 1 } } }, { actions: ['a', 'b'], worker: unused }), SpecError);
  unused.terminate();
  const stacked = DQN_SPEC_TEXT.replace('"env": {"name": "catch", "num_envs": 2}', '"env": {"name": "catch", "frame_op": "concat", "frame_op_len": 2}');
  assert.notEqual(stacked, DQN_SPEC_TEXT);
  const worker = new FakeWorker();
  const agent = await createAgent(stacked, { actions: ['a', 'b', 'c'], observation: { width: 10, height: 10 }, backend: 'cpu', worker });
  assert.deepEqual(agent.observation, { kind: 'pixels', width: 10, height: 10, grayscale: true, frameStack: 2, crop: undefined });
  await agent.dispose();
  assert.equal(worker.terminated, true);
});
