/**
 * Training resumes from a saved policy: a PPO Trainer trained N steps, exported with its training
 * state and imported into a fresh Trainer (other seed), then trained M more steps beside the
 * original on the same observation stream, ends with bit-identical weights, optimizer slots and
 * counters, for each optimizer kind. The same import without the training state (mode
 * 'inference', or an inference export) ends elsewhere. cpu backend.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { readPolicyArtifacts } from '../../src/store/policy_artifact';
import { decodePolicyFile } from '../../src/store/policy_file';
import { Trainer } from '../../src/worker/trainer';
import { bits, OPTIMIZERS, play, ppoInit, Stream, TIME_HORIZON, weightsOf } from './resume_fixtures';

/** All weight bytes of a full export (acting nets, optimizer slots) and its training block. */
async function fullState(t: Trainer): Promise<{ weights: Map<string, number[]>; training: unknown }> {
  const c = await readPolicyArtifacts(decodePolicyFile(await t.exportPolicy(), 'test'), 'test');
  return { weights: new Map([...c.weights].map(([k, v]) => [k, bits(v)])), training: c.manifest.training };
}

describe('Trainer resume from a policy with training state [cpu]', () => {
  for (const [kind, optim] of Object.entries(OPTIMIZERS)) {
    test(`${kind}: saved after ${2 * TIME_HORIZON} steps and restored, ${2 * TIME_HORIZON} more steps give the original's bits`, async () => {
      const before = tf.memory().numTensors;
      const original = new Trainer();
      await original.init(ppoInit(optim, 1));
      const stream = new Stream(7);
      let frame = await play([original], stream, 2 * TIME_HORIZON, 0);
      const stats = await original.stats();
      assert.equal(stats.trainRounds, 2, 'PPO trained twice before the save (its memory is empty at the save)');

      const saved = await original.exportPolicy();
      const resumed = new Trainer();
      await resumed.init(ppoInit(optim, 99));
      const weightsOnly = new Trainer();
      await weightsOnly.init(ppoInit(optim, 99));
      assert.deepEqual(await resumed.importPolicy(saved), { restoredTraining: true, frame, formatVersion: 3 });
      assert.deepEqual(await weightsOnly.importPolicy(saved, { mode: 'inference' }), { restoredTraining: false, frame: 0, formatVersion: 3 });
      const { events: _e, numTensors: _n, ...counters } = stats;
      const { events: _e2, numTensors: _n2, ...restored } = await resumed.stats();
      assert.deepEqual(restored, counters, 'the Trainer counters come back');
      assert.deepEqual(await fullState(resumed), await fullState(original), 'weights, optimizer slots and training block equal right after import');

      // Same observation stream for all three. The weights-only Trainer counts frames from 0.
      const stream2 = new Stream(8);
      const after = await play([original, resumed], stream2, 2 * TIME_HORIZON, frame);
      await play([weightsOnly], new Stream(8), 2 * TIME_HORIZON, 0);
      frame = after;
      assert.equal((await original.stats()).trainRounds, 4);
      const a = await fullState(original);
      const b = await fullState(resumed);
      assert.deepEqual(b.weights, a.weights, 'bit-identical weights and optimizer slots after resuming');
      assert.deepEqual(b.training, a.training);
      const plain = await weightsOf(weightsOnly);
      const wa = await weightsOf(original);
      const differing = [...wa].filter(([k, v]) => bits(v).join() !== bits(plain.get(k)!).join()).length;
      assert.ok(differing > 0, 'without the training state the run goes elsewhere');
      console.log(`[${kind}] without training state ${differing}/${wa.size} weight tensors differ after ${2 * TIME_HORIZON} more steps`);

      await Promise.all([original.dispose(), resumed.dispose(), weightsOnly.dispose()]);
      assert.equal(tf.memory().numTensors, before);
    });
  }

  test('an inference export carries no training state; importing it in train mode loads weights only', async () => {
    const before = tf.memory().numTensors;
    const original = new Trainer();
    await original.init(ppoInit(OPTIMIZERS.Adam!, 1));
    await play([original], new Stream(3), TIME_HORIZON, 0);
    const full = await original.exportPolicy();
    const lean = await original.exportPolicy({ training: false });
    const leanContents = await readPolicyArtifacts(decodePolicyFile(lean, 'lean'), 'lean');
    assert.equal(leanContents.manifest.training, null);
    assert.ok(leanContents.manifest.weights.every((w) => w.kind === 'parameter' || w.kind === 'buffer'));
    const fullContents = await readPolicyArtifacts(decodePolicyFile(full, 'full'), 'full');
    assert.ok(fullContents.manifest.weights.some((w) => w.kind === 'optimizer'));
    console.log(`PPO policy file: ${full.length} B with training state, ${lean.length} B without`);
    assert.ok(lean.length < full.length);

    const other = new Trainer();
    await other.init(ppoInit(OPTIMIZERS.Adam!, 5));
    assert.deepEqual(await other.importPolicy(lean), { restoredTraining: false, frame: 0, formatVersion: 3 });
    const [wa, wb] = [await weightsOf(original), await weightsOf(other)];
    assert.deepEqual([...wb].map(([k, v]) => [k, bits(v)]), [...wa].map(([k, v]) => [k, bits(v)]));
    assert.equal((await other.stats()).steps, 0);
    await Promise.all([original.dispose(), other.dispose()]);
    assert.equal(tf.memory().numTensors, before);
  });
});
