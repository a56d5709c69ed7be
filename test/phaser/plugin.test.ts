/**
 * The scene plugin with a Phaser-shaped fake scene and a real Trainer behind a fake worker: Phaser's
 * construction protocol (new Plugin(scene, manager, key) then boot()), attach through the plugin,
 * detach of every attachment on scene shutdown, dispose of the agents it created on shutdown and destroy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PixelpilotPlugin } from '../../src/phaser/plugin';
import { FakeWorker } from '../worker/fake_worker';
import { FakeScene, flush, VECTOR_SPEC } from '../attach/fakes';

test('the game config entry names the plugin and its scene mapping', () => {
  assert.deepEqual(PixelpilotPlugin.config(), { key: 'PixelpilotPlugin', plugin: PixelpilotPlugin, mapping: 'pixelpilot' });
  assert.equal(PixelpilotPlugin.config('bots').mapping, 'bots');
});

test('attachments made through the plugin are detached on shutdown; the agents it created for the scene are disposed on shutdown and destroy', async () => {
  const scene = new FakeScene();
  const plugin = new PixelpilotPlugin(scene, {}, 'pixelpilot');
  assert.equal(scene.events.listenerCount('shutdown'), 0);
  scene.events.emit('boot'); // the scene's systems are ready
  plugin.boot(); // booting again (a plugin installed at run time) adds nothing
  assert.equal(scene.events.listenerCount('shutdown'), 1);
  assert.equal(scene.events.listenerCount('boot'), 0);
  const worker = new FakeWorker();
  const agent = await plugin.createAgent(VECTOR_SPEC, { actions: ['a', 'b'], observation: { vector: 1 }, backend: 'cpu', worker });
  const acted: number[] = [];
  const attachment = plugin.attach(agent, { observe: () => [0.5], act: (a) => acted.push(a) });
  assert.deepEqual(plugin.attachments, [attachment]);
  for (let i = 0; i < 5; i++) {
    scene.frame();
    await attachment.settled();
  }
  assert.equal(acted.length, 5);
  assert.equal(attachment.counters.decisions, 5);

  scene.events.emit('shutdown');
  assert.deepEqual(plugin.attachments, []);
  assert.equal(agent.attached, false);
  assert.equal(scene.game.events.listenerCount('postrender'), 0);

  // The agent this scene's run made ends with the run (its worker too); nothing was trained, so no warning.
  await flush();
  await flush();
  assert.equal(worker.terminated, true, 'the agent the scene made was disposed on shutdown');
  await assert.rejects(async () => plugin.attach(agent, { observe: () => [0.5], act: () => undefined }), /disposed/);

  // The scene starts again: a new agent, then the scene is destroyed.
  const worker2 = new FakeWorker();
  const agent2 = await plugin.createAgent(VECTOR_SPEC, { actions: ['a', 'b'], observation: { vector: 1 }, backend: 'cpu', worker: worker2 });
  const again = plugin.attach(agent2, { observe: () => [0.5], act: () => undefined });
  again.detach();
  assert.deepEqual(plugin.attachments, []);
  plugin.attach(agent2, { observe: () => [0.5], act: () => undefined });
  scene.events.emit('destroy');
  await flush();
  await flush();
  assert.equal(agent2.attached, false);
  assert.equal(worker2.terminated, true, 'the agent the plugin created was disposed');
  assert.equal(scene.events.total() + scene.game.events.total(), 0, 'no listener is left on the scene or the game');
});
