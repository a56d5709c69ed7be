import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { readPolicyArtifacts } from '../../src/store/policy_artifact';
import { deletePolicy, listPolicies, loadPolicy, loadPolicyArtifacts, savePolicy } from '../../src/store/policy_store';
import { StorageError } from '../../src/util/errors';
import { freshIndexedDB, makePolicy, plain, rawDatabase, result, tamper } from './policy_fixture';

beforeEach(freshIndexedDB);

test('a policy saved to indexeddb:// loads back with identical weights and manifest', async () => {
  const before = tf.memory().numTensors;
  const p = await makePolicy(1, 321);
  const saved = await savePolicy('indexeddb://catch-v1', p.artifacts);
  assert.deepEqual(saved, { url: 'indexeddb://catch-v1', checksum: p.checksum, weightBytes: (p.artifacts.weightData as ArrayBuffer).byteLength });

  const artifacts = await loadPolicyArtifacts('indexeddb://catch-v1');
  assert.ok(artifacts.weightData instanceof ArrayBuffer);
  assert.deepEqual(new Uint8Array(artifacts.weightData as ArrayBuffer), new Uint8Array(p.artifacts.weightData as ArrayBuffer));
  assert.deepEqual(artifacts.modelTopology, p.artifacts.modelTopology);
  assert.deepEqual(artifacts.weightSpecs, p.artifacts.weightSpecs);

  const contents = await loadPolicy('indexeddb://catch-v1');
  assert.equal(contents.manifest.frames, 321);
  assert.equal(contents.manifest.checksum, p.checksum);
  assert.deepEqual(plain(contents.weights), p.weights);
  assert.equal(tf.memory().numTensors, before);
});

test('listPolicies lists saved policies by name; deletePolicy removes one', async () => {
  assert.deepEqual(await listPolicies(), []);
  const a = await makePolicy(1, 10);
  const b = await makePolicy(2, 20);
  await savePolicy('indexeddb://zeta', a.artifacts);
  await savePolicy('indexeddb://alpha', b.artifacts);
  const listed = await listPolicies();
  assert.deepEqual(listed.map((l) => [l.name, l.url, l.checksum, l.frames]), [
    ['alpha', 'indexeddb://alpha', b.checksum, 20],
    ['zeta', 'indexeddb://zeta', a.checksum, 10],
  ]);
  assert.ok(listed.every((l) => l.savedAt instanceof Date && l.weightBytes === (a.artifacts.weightData as ArrayBuffer).byteLength));

  await deletePolicy('indexeddb://zeta');
  assert.deepEqual((await listPolicies()).map((l) => l.name), ['alpha']);
  await assert.rejects(loadPolicyArtifacts('indexeddb://zeta'), (e) => e instanceof StorageError && /no policy named "zeta"/.test(e.message));
  await deletePolicy('alpha'); // a bare name works too
  assert.deepEqual(await listPolicies(), []);
  await assert.rejects(deletePolicy('alpha'), (e) => e instanceof StorageError && /indexeddb:\/\/alpha: no policy named "alpha"/.test(e.message));
});

test('overwriting keeps only the new version, as one record', async () => {
  const v1 = await makePolicy(1, 1);
  const v2 = await makePolicy(2, 2);
  await savePolicy('indexeddb://p', v1.artifacts);
  await savePolicy('indexeddb://p', v2.artifacts);
  const contents = await loadPolicy('indexeddb://p');
  assert.equal(contents.manifest.checksum, v2.checksum);
  assert.deepEqual(plain(contents.weights), v2.weights);
  assert.deepEqual((await listPolicies()).map((l) => [l.name, l.checksum, l.frames]), [['p', v2.checksum, 2]]);
  const counts = await rawDatabase(async (db) => {
    const tx = db.transaction(['models_store', 'model_info_store'], 'readonly');
    return [await result(tx.objectStore('models_store').count()), await result(tx.objectStore('model_info_store').count())];
  });
  assert.deepEqual(counts, [1, 1]);
});

test('loading a missing name is a StorageError naming it', async () => {
  await assert.rejects(loadPolicyArtifacts('indexeddb://nowhere'), (e) => e instanceof StorageError && e.code === 'STORAGE_FAILED' && /indexeddb:\/\/nowhere: no policy named "nowhere"/.test(e.message));
  await assert.rejects(loadPolicyArtifacts('indexeddb://'), (e) => e instanceof StorageError && /not a valid policy name/.test(e.message));
});

test('tampered, truncated or wrong-version records are refused with a StorageError', async () => {
  const p = await makePolicy(1);
  const cases: [string, (r: { modelArtifacts: tf.io.ModelArtifacts }) => void, RegExp][] = [
    ['altered weights', (r) => { new Uint8Array(r.modelArtifacts.weightData as ArrayBuffer)[5]! ^= 0x10; }, /checksum mismatch/],
    ['truncated weights', (r) => { r.modelArtifacts.weightData = (r.modelArtifacts.weightData as ArrayBuffer).slice(0, 40); }, /weight data is 40 bytes, the manifest lists \d+/],
    ['wrong format version', (r) => { (r.modelArtifacts.modelTopology as { formatVersion: number }).formatVersion = 99; }, /format version 99 is not supported/],
    ['not a policy', (r) => { r.modelArtifacts.modelTopology = { class_name: 'Sequential' }; }, /format is undefined/],
    ['no weights', (r) => { delete r.modelArtifacts.weightData; }, /has no weight data/],
    // Version 3: the checksum covers the manifest too (an edited spec key, weights untouched).
    ['edited spec key', (r) => { (r.modelArtifacts.modelTopology as { spec: { agent: { net: { fc_hid_layers: number[] } } } }).spec.agent.net.fc_hid_layers = [9]; }, /checksum mismatch: the policy's header or weights were altered/],
    ['edited frames', (r) => { (r.modelArtifacts.modelTopology as { frames: number }).frames = 1; }, /checksum mismatch/],
    ['an extra artefact field', (r) => { (r.modelArtifacts as unknown as Record<string, unknown>).userDefinedMetadata = {}; }, /unknown artefact fields "userDefinedMetadata"/],
  ];
  for (const [label, mutate, message] of cases) {
    await savePolicy('indexeddb://t', p.artifacts);
    await tamper('t', mutate);
    await assert.rejects(loadPolicyArtifacts('indexeddb://t'), (e) => e instanceof StorageError && /^indexeddb:\/\/t: /.test(e.message) && message.test(e.message), label);
  }
});

test('an artefact that fails verification is never saved, and the stored one stays', async () => {
  const good = await makePolicy(1);
  await savePolicy('indexeddb://p', good.artifacts);
  const bad = { ...good.artifacts, weightData: (good.artifacts.weightData as ArrayBuffer).slice(0) };
  new Uint8Array(bad.weightData)[0]! ^= 1;
  await assert.rejects(savePolicy('indexeddb://p', bad), (e) => e instanceof StorageError && /policy to save.*checksum mismatch/.test(e.message));
  assert.equal((await loadPolicy('indexeddb://p')).manifest.checksum, good.checksum);
});

test("records use tfjs's IndexedDB layout: tfjs's own handler reads ours and ours reads its", async () => {
  const p = await makePolicy(1);
  await savePolicy('indexeddb://shared', p.artifacts);
  // tfjs offers its handler only in a browser; pretend to be one just while it is constructed.
  const env = tf.env();
  const g = globalThis as { self?: unknown };
  const hadSelf = 'self' in g;
  env.set('IS_BROWSER', true);
  if (!hadSelf) g.self = globalThis;
  let handlers: tf.io.IOHandler[];
  let other: tf.io.IOHandler[];
  try {
    handlers = tf.io.getLoadHandlers('indexeddb://shared');
    other = tf.io.getSaveHandlers('indexeddb://from-tfjs');
  } finally {
    env.set('IS_BROWSER', false);
    if (!hadSelf) delete g.self;
  }
  assert.equal(handlers.length, 1);
  const viaTfjs = await handlers[0]!.load!();
  assert.equal((await readPolicyArtifacts(viaTfjs, 'tfjs')).manifest.checksum, p.checksum);

  await other[0]!.save!(p.artifacts);
  assert.equal((await loadPolicy('indexeddb://from-tfjs')).manifest.checksum, p.checksum);
  // A record without our summary (written by plain tfjs) is loadable but not listed as a policy.
  assert.deepEqual((await listPolicies()).map((l) => l.name), ['shared']);
});

test('without a global indexedDB the store says so', async () => {
  const g = globalThis as { indexedDB?: unknown };
  const saved = g.indexedDB;
  delete g.indexedDB;
  try {
    await assert.rejects(listPolicies(), (e) => e instanceof StorageError && /IndexedDB is not available/.test(e.message));
    await assert.rejects(loadPolicyArtifacts('indexeddb://x'), (e) => e instanceof StorageError && /indexeddb:\/\/x: IndexedDB is not available/.test(e.message));
  } finally {
    g.indexedDB = saved;
  }
});
