/**
 * Trainer.importPolicy with training state: DQN's target net and explore schedule position come
 * back (and, without training state, the target net copies the net); a damaged, truncated or
 * ill-fitting policy gives a typed error and changes nothing at all (weights, optimizer slots,
 * counters); a format-1 file from the previous SDK still loads, as weights only. cpu backend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../../src/backend/tf';
import { readPolicyArtifacts, type PolicyContents } from '../../src/store/policy_artifact';
import { policyChecksum } from '../../src/store/checksum';
import { decodePolicyFile, encodePolicyFile } from '../../src/store/policy_file';
import { specInput } from '../../src/store/saved_spec';
import { ShapeError, StorageError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { Trainer } from '../../src/worker/trainer';
import { frames, randomStep, tinyInit } from './fixtures';
import { bits, OPTIMIZERS, play, ppoInit, Stream, TIME_HORIZON } from './resume_fixtures';

const ROOT = join(__dirname, '..', '..', '..');

const read = (bytes: Uint8Array): Promise<PolicyContents> => readPolicyArtifacts(decodePolicyFile(bytes, 'test'), 'test');

/** Every weight entry's bits and the training block of a Trainer's full export. */
async function snapshot(t: Trainer): Promise<{ weights: [string, string, number[]][]; training: unknown; stats: unknown }> {
  const c = await read(await t.exportPolicy());
  const { numTensors: _n, events: _e, ...stats } = await t.stats();
  return { weights: c.manifest.weights.map((w) => [w.name, w.kind, bits(c.weights.get(w.name)!)]), training: c.manifest.training, stats };
}

/** A policy file with its manifest edited (the weight bytes untouched). */
/** Edits a policy's manifest and re-signs it (a version-3 checksum covers the manifest), as a tool could. */
async function editManifest(bytes: Uint8Array, edit: (m: Record<string, any>) => void): Promise<Uint8Array> {
  const artifacts = decodePolicyFile(bytes, 'edit');
  const manifest = structuredClone(artifacts.modelTopology) as Record<string, any>;
  edit(manifest);
  manifest.checksum = await policyChecksum(manifest, artifacts.weightData as ArrayBuffer);
  return encodePolicyFile({ ...artifacts, modelTopology: manifest });
}

async function trainDqn(t: Trainer, steps: number): Promise<void> {
  const rng = new Rng(11);
  let obs = frames(rng);
  for (let k = 1; k <= steps; k++) {
    const step = randomStep(rng, obs, (await t.act(obs.slice())) as Int32Array);
    await t.observe(step, 2 * k);
    obs = step.nextObservations as Uint8Array;
  }
}

test('DQN: the target net, optimizer and explore position come back in train mode; inference mode syncs the target net', async () => {
  const before = tf.memory().numTensors;
  const original = new Trainer();
  await original.init(tinyInit('cpu', 7));
  await trainDqn(original, 120); // frame 240: target last replaced at 200, net trained since
  const saved = await original.exportPolicy();
  const c = await read(saved);
  const kinds = new Set(c.manifest.weights.map((w) => w.kind));
  assert.deepEqual([...kinds].sort(), ['optimizer', 'parameter', 'target']);
  assert.equal(c.manifest.training!.counters.frame, 240);
  assert.equal(c.manifest.training!.algorithm, 'DoubleDQN');
  const net = c.manifest.weights.filter((w) => w.kind === 'parameter');
  const differ = net.filter((w) => bits(c.weights.get(w.name)!).join() !== bits(c.weights.get(`target_${w.name}`)!).join());
  assert.ok(differ.length > 0, 'the saved target net is not a copy of the net');

  const resumed = new Trainer();
  await resumed.init(tinyInit('cpu', 99));
  await resumed.importPolicy(saved);
  assert.deepEqual(await snapshot(resumed), await snapshot(original));

  const inference = new Trainer();
  await inference.init(tinyInit('cpu', 99));
  assert.deepEqual(await inference.importPolicy(saved, { mode: 'inference' }), { restoredTraining: false, frame: 0, formatVersion: 3 });
  const ci = await read(await inference.exportPolicy());
  for (const w of net) {
    assert.deepEqual(bits(ci.weights.get(w.name)!), bits(c.weights.get(w.name)!));
    assert.deepEqual(bits(ci.weights.get(`target_${w.name}`)!), bits(c.weights.get(w.name)!), 'target copies the loaded net');
  }
  assert.equal(ci.manifest.training!.counters.frame, 0);
  assert.equal((await inference.stats()).frame, 0);
  await Promise.all([original.dispose(), resumed.dispose(), inference.dispose()]);
  assert.equal(tf.memory().numTensors, before);
});

test('damaged or ill-fitting policies give StorageError / ShapeError and change nothing', async () => {
  const before = tf.memory().numTensors;
  const source = new Trainer();
  await source.init(ppoInit(OPTIMIZERS.Adam!, 1));
  await play([source], new Stream(3), TIME_HORIZON, 0);
  const good = await source.exportPolicy();

  const target = new Trainer();
  await target.init(ppoInit(OPTIMIZERS.Adam!, 5));
  await play([target], new Stream(4), TIME_HORIZON + 3, 0);
  const untouched = await snapshot(target);

  const foreign = async (init: ReturnType<typeof ppoInit>): Promise<Uint8Array> => {
    const t = new Trainer();
    await t.init(init);
    await play([t], new Stream(5), TIME_HORIZON, 0);
    const bytes = await t.exportPolicy();
    await t.dispose();
    return bytes;
  };
  const flipped = good.slice();
  flipped[flipped.length - 3]! ^= 0x10; // inside the last optimizer slot
  const cases: [string, Uint8Array, 'train' | 'inference', (e: unknown) => boolean][] = [
    ['a flipped bit in the optimizer slots', flipped, 'train', (e) => e instanceof StorageError && /checksum mismatch/.test((e as Error).message)],
    ['a truncated file', good.subarray(0, good.length - 4), 'train', (e) => e instanceof StorageError && /truncated or padded/.test((e as Error).message)],
    ['a slot naming no optimizer entry', await editManifest(good, (m) => (m.training.optimizers[0].slots[0] = 'net/fc_model.0.weight')), 'train', (e) => e instanceof StorageError && /not an 'optimizer' weight entry/.test((e as Error).message)],
    ['a negative optimizer step', await editManifest(good, (m) => (m.training.optimizers[1].step = -1)), 'train', (e) => e instanceof StorageError && /optimizers\[1\]/.test((e as Error).message)],
    ['another algorithm\'s training state', await editManifest(good, (m) => (m.training.algorithm = 'ActorCritic')), 'train', (e) => e instanceof ShapeError && /ActorCritic's, this Trainer runs PPO/.test((e as Error).message)],
    ['other layer sizes', await foreign(ppoInit(OPTIMIZERS.Adam!, 1, 16)), 'inference', (e) => e instanceof ShapeError && /has shape \[\d+,?\d*\] but the agent's is/.test((e as Error).message)],
    ['another optimizer\'s state', await foreign(ppoInit(OPTIMIZERS.SGD!, 1)), 'train', (e) => e instanceof ShapeError && /optimizer 0: optimizer state is for SGD, this optimizer is Adam/.test((e as Error).message)],
  ];
  for (const [what, bytes, mode, check] of cases) {
    await assert.rejects(target.importPolicy(bytes, { mode }), check, what);
    assert.deepEqual(await snapshot(target), untouched, `${what}: nothing changed`);
  }
  // The other optimizer's policy still loads as weights only.
  assert.equal((await target.importPolicy(cases.at(-1)![1], { mode: 'inference' })).restoredTraining, false);
  await Promise.all([source.dispose(), target.dispose()]);
  assert.equal(tf.memory().numTensors, before);
});

test('a format-1 policy file from the previous SDK loads as weights only; its target net copies the net', async () => {
  const before = tf.memory().numTensors;
  // Made by the format-1 SDK: `pixelpilot train v1_tiny_dqn_catch.json --frames 200 --seed 3 --backend cpu --save ...`.
  const bytes = new Uint8Array(readFileSync(join(ROOT, 'test/store/fixtures/v1_tiny_dqn_catch.ppol')));
  const v1 = await read(bytes);
  assert.equal(v1.manifest.formatVersion, 1);
  assert.equal(v1.manifest.training, null);
  assert.deepEqual(v1.manifest.observation, { shape: [10, 10, 1], dtype: 'uint8', frameStack: 1, pipeline: null });
  assert.ok(v1.manifest.weights.some((w) => w.name.startsWith('target_net/') && w.kind === 'target'));

  const t = new Trainer();
  await t.init({ spec: specInput(v1.manifest.spec, 'v1'), obsShape: [10, 10, 1], obsDtype: 'uint8', actionSpace: { type: 'discrete', n: 3 }, numEnvs: 2, seed: 1, backend: 'cpu' });
  for (const mode of ['train', 'inference'] as const) {
    assert.deepEqual(await t.importPolicy(bytes, { mode }), { restoredTraining: false, frame: 0, formatVersion: 1 });
    const now = await read(await t.exportPolicy());
    for (const w of v1.manifest.weights.filter((x) => x.kind !== 'target')) {
      assert.deepEqual(bits(now.weights.get(w.name)!), bits(v1.weights.get(w.name)!), w.name);
      assert.deepEqual(bits(now.weights.get(`target_${w.name}`)!), bits(v1.weights.get(w.name)!), `target_${w.name}`);
    }
  }
  const actions = await t.act(new Uint8Array(200).fill(9), null, { explore: false });
  assert.equal(actions.length, 2);
  await t.dispose();
  assert.equal(tf.memory().numTensors, before);
});
