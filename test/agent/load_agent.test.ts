/**
 * loadAgent in Node (the Trainer behind a MessageChannel, as in a worker; fake-indexeddb): an
 * agent saved to indexeddb:// comes back from the policy alone with the same actions, observation
 * pipeline, weights and counters, or as weights only in 'inference' mode; asking for other spaces
 * is a ShapeError naming both; a policy trained by the `pixelpilot train` CLI loads from its file
 * and acts. cpu backend.
 */
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgent } from '../../src/agent/create_agent';
import { loadAgent } from '../../src/agent/load_agent';
import { tf } from '../../src/backend/tf';
import { main } from '../../src/cli/main';
import { readPolicyArtifacts } from '../../src/store/policy_artifact';
import { decodePolicyFile } from '../../src/store/policy_file';
import { listPolicies } from '../../src/store/policy_store';
import { ShapeError, SpecError } from '../../src/util/errors';
import { Trainer } from '../../src/worker/trainer';
import { freshIndexedDB } from '../store/policy_fixture';
import { FakeWorker } from '../worker/fake_worker';
import { bits, OPTIMIZERS, ppoSpec, Stream, TIME_HORIZON } from '../worker/resume_fixtures';

const ROOT = join(__dirname, '..', '..', '..');
const worker = (): FakeWorker => new FakeWorker(new Trainer());
beforeEach(freshIndexedDB);

/** Acting weights (bits) of an agent's policy. */
async function weights(agent: { trainer: { exportPolicy(o: { training: boolean }): Promise<Uint8Array> } }): Promise<[string, number[]][]> {
  const c = await readPolicyArtifacts(decodePolicyFile(await agent.trainer.exportPolicy({ training: false }), 'test'), 'test');
  return [...c.weights].map(([k, v]) => [k, bits(v)]);
}

test('an agent saved to indexeddb:// comes back from the policy alone, with weights, spaces and counters', async () => {
  const before = tf.memory().numTensors;
  const actions = ['left', 'right'];
  const agent = await createAgent(ppoSpec(OPTIMIZERS.Adam!), { actions, observation: { vector: 4 }, backend: 'cpu', worker, players: 2 });
  // Train through the worker client directly (no scene): two PPO rounds.
  const stream = new Stream(1);
  for (let k = 1; k <= 2 * TIME_HORIZON; k++) {
    const act = (await agent.trainer.act(stream.current.slice())) as Int32Array;
    await agent.trainer.observe(stream.step(act), 2 * k, { transfer: false });
  }
  const saved = await agent.save('indexeddb://ppo');
  const lean = await agent.save('indexeddb://ppo-lean', { training: false });
  console.log(`policy in IndexedDB: ${saved.weightBytes} weight bytes with training state, ${lean.weightBytes} without`);
  assert.ok(lean.weightBytes < saved.weightBytes);
  assert.deepEqual((await listPolicies()).map((p) => p.name), ['ppo', 'ppo-lean']);
  const { numTensors: _a, events: _b, ...counters } = await agent.stats();

  const back = await loadAgent('indexeddb://ppo', { backend: 'cpu', worker, players: 2 });
  assert.deepEqual(back.actions, actions);
  assert.deepEqual(back.observation, { kind: 'vector', length: 4 });
  assert.equal(back.specName, 'tiny_ppo');
  assert.deepEqual(await weights(back), await weights(agent));
  const { numTensors: _c, events: _d, ...restored } = await back.stats();
  assert.deepEqual(restored, counters);
  assert.equal(restored.trainRounds, 2);

  const bot = await loadAgent('indexeddb://ppo', { backend: 'cpu', worker, players: 2, mode: 'inference' });
  assert.deepEqual(await weights(bot), await weights(agent));
  assert.equal((await bot.stats()).steps, 0, 'inference mode restores no counters');

  await assert.rejects(loadAgent('indexeddb://ppo', { backend: 'cpu', worker, players: 2, actions: ['up', 'down'] }), (e) =>
    e instanceof ShapeError && /\["left","right"\]/.test(e.message) && /\["up","down"\]/.test(e.message));
  await assert.rejects(loadAgent('indexeddb://ppo', { backend: 'cpu', worker, players: 2, observation: { width: 84 } }), (e) =>
    e instanceof ShapeError && /"kind":"vector","length":4/.test(e.message) && /"kind":"pixels"/.test(e.message));
  await Promise.all([agent.dispose(), back.dispose(), bot.dispose()]);
  assert.equal(tf.memory().numTensors, before);
});

test('a policy trained by `pixelpilot train --save` loads with loadAgent and acts', async () => {
  const before = tf.memory().numTensors;
  const file = join(mkdtempSync(join(tmpdir(), 'pixelpilot-load-')), 'dqn_catch.ppol');
  const out: string[] = [];
  const code = await main(['train', join(ROOT, 'demos/specs/dqn_catch.json'), '--steps', '600', '--backend', 'cpu', '--save', file, '--json'], { log: (s) => out.push(s), err: (s) => out.push(s) });
  assert.equal(code, 0, out.join('\n'));
  const agent = await loadAgent(file, { backend: 'cpu', worker });
  assert.deepEqual(agent.actions, ['0', '1', '2'], 'a CLI policy has no action names');
  assert.deepEqual(agent.observation, { kind: 'pixels', width: 10, height: 10, grayscale: true, frameStack: 1, crop: undefined });
  const stats = await agent.stats();
  assert.equal(stats.frame, 600, 'frames go on from the CLI run');
  const act = await agent.trainer.act(new Uint8Array(100).fill(200), null, { explore: false });
  assert.ok(act.length === 1 && act[0]! >= 0 && act[0]! < 3);
  await agent.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('maxParams reaches createAgent and loadAgent: a policy or spec over the cap is a SpecError before any net is built', async () => {
  const actions = ['left', 'right'];
  const over = createAgent(ppoSpec(OPTIMIZERS.Adam!), { actions, observation: { vector: 4 }, backend: 'cpu', worker, maxParams: 10 });
  await assert.rejects(over, (e: unknown) => e instanceof SpecError && /over the limit of 10 /.test(e.message));
  await assert.rejects(createAgent(ppoSpec(OPTIMIZERS.Adam!), { actions, observation: { vector: 4 }, backend: 'cpu', worker, maxParams: 0 }), /maxParams must be a positive integer/);
  const agent = await createAgent(ppoSpec(OPTIMIZERS.Adam!), { actions, observation: { vector: 4 }, backend: 'cpu', worker });
  const bytes = await agent.exportPolicy();
  await agent.dispose();
  await assert.rejects(loadAgent(bytes, { backend: 'cpu', worker, maxParams: 10 }), (e: unknown) => e instanceof SpecError && /over the limit of 10 /.test(e.message));
  const again = await loadAgent(bytes, { backend: 'cpu', worker, maxParams: 1_000_000 });
  assert.equal(again.params, agent.params);
  await again.dispose();
});
