/**
 * The game's named agents (`this.pixelpilot.agent(name, recipe)`): one agent per name across scene
 * restarts and scenes, made once even when asked for twice at once; `dispose(name)` frees the name;
 * the game's destruction disposes them, saving per `saveOnDispose` or warning about lost training.
 * Real Trainers behind fake workers, Phaser-shaped fake scenes sharing one game.
 */
import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Agent } from '../../src/agent/agent';
import { AgentError } from '../../src/util/errors';
import { agentRegistry, type AgentRecipe } from '../../src/phaser/agent_registry';
import { PixelpilotPlugin } from '../../src/phaser/plugin';
import { loadPolicyFile } from '../../src/store/policy_store';
import { FakeWorker } from '../worker/fake_worker';
import { FakeScene, flush, VECTOR_SPEC } from '../attach/fakes';

/** A scene of `game` with the plugin booted, as Phaser starts it. */
function startScene(game: FakeScene['game']): { scene: FakeScene; plugin: PixelpilotPlugin } {
  const scene = new FakeScene();
  (scene as { game: FakeScene['game'] }).game = game;
  const plugin = new PixelpilotPlugin(scene);
  scene.events.emit('boot');
  return { scene, plugin };
}

function recipeCounting(workers: FakeWorker[], calls: { n: number }, extra: Partial<AgentRecipe> = {}): () => AgentRecipe {
  return () => {
    calls.n++;
    return {
      spec: VECTOR_SPEC,
      options: { actions: ['a', 'b'], observation: { vector: 1 }, backend: 'cpu', seed: 2, worker: () => (workers.push(new FakeWorker()), workers.at(-1)!) },
      ...extra,
    };
  };
}

/** Plays `n` frames of an attachment of `agent` to `scene` (training starts at step 8, every 2 steps). */
async function play(plugin: PixelpilotPlugin, scene: FakeScene, agent: Agent, n: number): Promise<void> {
  const attachment = plugin.attach(agent, { observe: () => [0.5], act: () => undefined, reward: () => 1 });
  for (let i = 0; i < n; i++) {
    scene.frame();
    await attachment.settled();
  }
}

test('one agent per name survives scene restarts and is shared by scenes; concurrent first calls make it once', async () => {
  const game = new FakeScene().game;
  const workers: FakeWorker[] = [];
  const calls = { n: 0 };
  const recipe = recipeCounting(workers, calls);
  let { scene, plugin } = startScene(game);
  const [a, b] = await Promise.all([plugin.agent('catch', recipe), plugin.agent('catch', recipe)]);
  assert.equal(a, b);
  assert.equal(calls.n, 1, 'the recipe runs once');
  await play(plugin, scene, a, 12);
  // Game over -> menu -> play again, three times: the same agent, still one live worker.
  for (let round = 0; round < 3; round++) {
    scene.events.emit('shutdown');
    ({ scene, plugin } = startScene(game));
    const again = await plugin.agent('catch', recipe);
    assert.equal(again, a);
    assert.equal(again.attached, false, 'the shutdown detached it');
    await play(plugin, scene, again, 4);
  }
  assert.equal(calls.n, 1);
  assert.equal(workers.length, 1);
  assert.equal(workers[0]!.terminated, false);
  assert.ok((await a.stats()).trainRounds > 0);
  assert.deepEqual(plugin.agents.names(), ['catch']);
  // Without a recipe: the existing agent, or an AgentError naming what to pass.
  assert.equal(await plugin.agent('catch'), a);
  await assert.rejects(plugin.agent('pong'), (e: unknown) => e instanceof AgentError && /no agent of that name/.test(e.message));
  // dispose(name) ends it and frees the name: the next call makes a new agent.
  const events: { unsavedTrainRounds: number }[] = [];
  a.on('dispose', (e) => events.push(e));
  const warnings = await capturingWarnings(() => plugin.agents.dispose('catch'));
  assert.equal(events.length, 1);
  assert.ok(events[0]!.unsavedTrainRounds > 0);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /agent 'catch' disposed \(dispose\) with \d+ training rounds? not saved/);
  assert.equal(workers[0]!.terminated, true);
  assert.equal(plugin.agents.has('catch'), false);
  const fresh = await plugin.agent('catch', recipe);
  assert.notEqual(fresh, a);
  assert.equal(workers.length, 2);
  await fresh.dispose(); // disposed by its holder: the name is free too
  await flush();
  assert.equal(plugin.agents.has('catch'), false);
  game.events.emit('destroy');
});

test('the game\'s destruction disposes its agents: saved first per saveOnDispose, else a warning when training is lost', async () => {
  const game = new FakeScene().game;
  const workers: FakeWorker[] = [];
  const calls = { n: 0 };
  const { scene, plugin } = startScene(game);
  const kept = await plugin.agent('kept', recipeCounting(workers, calls, { saveOnDispose: 'indexeddb://kept-on-destroy' }));
  const lost = await plugin.agent('lost', recipeCounting(workers, calls));
  const idle = await plugin.agent('idle', recipeCounting(workers, calls));
  await play(plugin, scene, kept, 12);
  plugin.detachAll();
  await play(plugin, scene, lost, 12);
  assert.ok(kept.unsavedTrainRounds > 0 && lost.unsavedTrainRounds > 0);
  assert.equal(idle.unsavedTrainRounds, 0);
  const keptRounds = (await kept.stats()).trainRounds;
  const warnings = await capturingWarnings(async () => {
    scene.events.emit('shutdown');
    game.events.emit('destroy');
    for (let i = 0; i < 20 && !workers.every((w) => w.terminated); i++) await new Promise((r) => setTimeout(r, 10));
  });
  assert.deepEqual(workers.map((w) => w.terminated), [true, true, true]);
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0]!, /agent 'lost' disposed \(game destroyed\)/);
  const saved = await loadPolicyFile('indexeddb://kept-on-destroy');
  assert.ok(saved.bytes.length > 0);
  assert.ok(keptRounds > 0);
  await assert.rejects(plugin.agent('kept', recipeCounting(workers, calls)), /the game was destroyed/);
  assert.equal(agentRegistry(game), plugin.agents, 'one registry per game');
});

async function capturingWarnings(fn: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
  try {
    await fn();
  } finally {
    console.warn = warn;
  }
  return seen;
}
