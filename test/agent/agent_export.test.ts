/**
 * agent.exportPolicy: the policy file's bytes, with the training state unless asked not to; they
 * load into an agent with another players count (how a demo page moves an agent trained on 8
 * copies by trainGame onto its 1-player visible game). Node, cpu, the Trainer behind a
 * MessageChannel (FakeWorker).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Agent } from '../../src/agent/agent';
import { AgentError } from '../../src/util/errors';
import { createAgent } from '../../src/agent/create_agent';
import { loadAgent } from '../../src/agent/load_agent';
import { tf } from '../../src/backend/tf';
import { readPolicyArtifacts } from '../../src/store/policy_artifact';
import { decodePolicyFile } from '../../src/store/policy_file';
import { Trainer } from '../../src/worker/trainer';
import { FakeWorker } from '../worker/fake_worker';
import { bits, OPTIMIZERS, ppoSpec, Stream, TIME_HORIZON } from '../worker/resume_fixtures';

const worker = (): FakeWorker => new FakeWorker(new Trainer());

/** The acting weights in a policy file, as bits by name. */
async function weightBits(bytes: Uint8Array): Promise<[string, number[]][]> {
  const c = await readPolicyArtifacts(decodePolicyFile(bytes, 'test'), 'test');
  return [...c.weights].map(([k, v]) => [k, bits(v)]);
}

test('exportPolicy gives the policy file, which loads into a 1-player agent from a 2-player one', async () => {
  const before = tf.memory().numTensors;
  const agent = await createAgent(ppoSpec(OPTIMIZERS.Adam!), { actions: ['left', 'right'], observation: { vector: 4 }, backend: 'cpu', worker, players: 2 });
  let single: Agent | undefined;
  try {
    const stream = new Stream(5);
    for (let k = 1; k <= 2 * TIME_HORIZON; k++) {
      const act = (await agent.trainer.act(stream.current.slice())) as Int32Array;
      await agent.trainer.observe(stream.step(act), 2 * k, { transfer: false });
    }
    const full = await agent.exportPolicy();
    const lean = await agent.exportPolicy({ training: false });
    const fullManifest = (await readPolicyArtifacts(decodePolicyFile(full, 'full'), 'full')).manifest;
    const leanManifest = (await readPolicyArtifacts(decodePolicyFile(lean, 'lean'), 'lean')).manifest;
    assert.notEqual(fullManifest.training, null, 'the training state by default');
    assert.equal(leanManifest.training, null, 'none with training: false');
    assert.ok(lean.length < full.length);
    const leanWeights = await weightBits(lean);
    const names = new Set(leanWeights.map(([k]) => k));
    assert.ok(names.has('net/model.0.weight') && !names.has('optimizer/0/0.exp_avg'), [...names].join(', '));
    assert.deepEqual((await weightBits(full)).filter(([k]) => names.has(k)), leanWeights, 'the same nets\' weights either way');
    assert.equal((await agent.stats()).trainRounds, 2);

    single = await loadAgent(full, { backend: 'cpu', worker, players: 1 });
    assert.equal(single.players, 1);
    assert.deepEqual(single.actions, ['left', 'right']);
    assert.deepEqual(await weightBits(await single.exportPolicy({ training: false })), leanWeights);
    assert.equal((await single.stats()).trainRounds, 2, 'the training counters came along');
    const acted = (await single.trainer.act(Float32Array.from([0.1, -0.2, 0.3, 0.4]))) as Int32Array;
    assert.equal(acted.length, 1, 'one action: one player');
    assert.ok(acted[0] === 0 || acted[0] === 1);

    await agent.dispose();
    await assert.rejects(agent.exportPolicy(), (e: unknown) => e instanceof AgentError && /exportPolicy: the agent was disposed/.test(e.message));
  } finally {
    await agent.dispose();
    await single?.dispose();
  }
  assert.equal(tf.memory().numTensors, before);
});
