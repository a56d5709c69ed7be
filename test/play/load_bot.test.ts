import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentError, ShapeError, StorageError } from '../../src/util/errors';
import { selectBackend } from '../../src/backend/select_backend';
import { tf } from '../../src/backend/tf';
import { loadBot } from '../../src/play/load_bot';
import { sha256Hex } from '../../src/store/checksum';
import { decodePolicyFile, encodePolicyFile } from '../../src/store/policy_file';
import { savePolicy } from '../../src/store/policy_store';
import { Rng } from '../../src/util/rng';
import { algorithmFor, BATCH_NORM_DQN, parityCases, policyFile, randomObservation, scramble } from './play_fixtures';

const c = BATCH_NORM_DQN;
let bytes: Uint8Array;
let server: Server;
let base: string;
let dir: string;
let expected: { obs: Uint8Array; action: number }[];

before(async () => {
  await selectBackend({ gpu: 'cpu' });
  const { algorithm } = algorithmFor(c);
  scramble(algorithm, 5);
  bytes = await policyFile(c, algorithm, ['left', 'right', 'stay']);
  const rng = new Rng(9);
  expected = [];
  for (let i = 0; i < 6; i++) {
    const obs = randomObservation(c, rng) as Uint8Array;
    expected.push({ obs, action: (await algorithm.act(obs, { explore: false }))[0]! });
  }
  algorithm.dispose();
  dir = await mkdtemp(join(tmpdir(), 'pixelpilot-play-'));
  server = createServer((req, res) => {
    if (req.url === '/bot.ppol') res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

after(async () => {
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  (globalThis as { indexedDB?: IDBFactory }).indexedDB = new IDBFactory();
});

/** Loads from `source`, checks the bot's actions against the algorithm's, and disposes it. */
async function actsAsTrained(source: string | Uint8Array | ArrayBuffer): Promise<void> {
  const start = tf.memory().numTensors;
  const bot = await loadBot(source, { backend: 'cpu' });
  try {
    assert.deepEqual(bot.actions, ['left', 'right', 'stay'], 'action names saved with the policy');
    for (const e of expected) assert.equal(await bot.act(e.obs), e.action);
  } finally {
    bot.dispose();
  }
  assert.equal(tf.memory().numTensors, start);
}

test('loads from bytes, an ArrayBuffer, indexeddb://, an http URL and a file path, and acts as trained', async () => {
  await actsAsTrained(bytes);
  await actsAsTrained(bytes.slice().buffer);
  await savePolicy('indexeddb://catch-bot', decodePolicyFile(bytes, 'test'));
  await actsAsTrained('indexeddb://catch-bot');
  await actsAsTrained(`${base}/bot.ppol`);
  const path = join(dir, 'bot.ppol');
  await writeFile(path, bytes);
  await actsAsTrained(path);
});

test('a version 1 policy file (with its target net) loads and acts', async () => {
  const v1 = await readFile(join(process.cwd(), 'test/store/fixtures/v1_tiny_dqn_catch.ppol'));
  const bot = await loadBot(new Uint8Array(v1), { backend: 'cpu', actions: ['left', 'stay', 'right'], observation: { width: 10, height: 10, frameStack: 1 } });
  try {
    const obs = new Uint8Array(100);
    obs[5] = 255;
    const { action, heads } = await bot.decide(obs);
    assert.ok([0, 1, 2].includes(action as number));
    assert.equal(heads[0]!.length, 3);
    assert.ok(heads[0]!.every(Number.isFinite));
  } finally {
    bot.dispose();
  }
});

test('a damaged policy is a StorageError, and nothing is left allocated', async () => {
  const start = tf.memory().numTensors;
  const flipped = bytes.slice();
  flipped[flipped.length - 5]! ^= 0x40; // one bit of one weight
  await assert.rejects(loadBot(flipped, { backend: 'cpu' }), (e) => e instanceof StorageError && /checksum mismatch/.test(e.message));
  await assert.rejects(loadBot(bytes.subarray(0, bytes.length - 8), { backend: 'cpu' }), (e) => e instanceof StorageError && /truncated or padded/.test(e.message));
  const badMagic = bytes.slice();
  badMagic[0] = 0;
  await assert.rejects(loadBot(badMagic, { backend: 'cpu' }), (e) => e instanceof StorageError && /bad signature/.test(e.message));
  await assert.rejects(loadBot('indexeddb://nothing-here', { backend: 'cpu' }), (e) => e instanceof StorageError && /no policy named "nothing-here"/.test(e.message));
  await assert.rejects(loadBot(`${base}/missing.ppol`, { backend: 'cpu' }), (e) => e instanceof StorageError && /HTTP 404/.test(e.message));
  await assert.rejects(loadBot(42 as unknown as Uint8Array, { backend: 'cpu' }), StorageError);
  assert.equal(tf.memory().numTensors, start);
});

test('a policy whose header was edited is refused before any net is built (no variable leaked)', async () => {
  const start = tf.memory().numTensors;
  const artifacts = decodePolicyFile(bytes, 'test');
  const manifest = structuredClone(artifacts.modelTopology) as { formatVersion: number; checksum: string; spec: { agent: { net: { fc_hid_layers: number[] } } } };
  manifest.spec.agent.net.fc_hid_layers = [32];
  // Version 3: the checksum covers the header, so the edit alone is caught.
  const edited = encodePolicyFile({ ...artifacts, modelTopology: manifest });
  await assert.rejects(loadBot(edited, { backend: 'cpu' }), (e) => e instanceof StorageError && /checksum mismatch: the policy's header or weights/.test(e.message));
  // Version 2 (checksum of the weights only): the edit is caught by the planned shapes.
  manifest.formatVersion = 2;
  manifest.checksum = await sha256Hex(artifacts.weightData as ArrayBuffer);
  const legacy = encodePolicyFile({ ...artifacts, modelTopology: manifest });
  await assert.rejects(loadBot(legacy, { backend: 'cpu' }), (e) => e instanceof StorageError && /weight 'net\/fc_model\.0\.weight' has shape \[\d+,\d+\], the policy's spec builds \[\d+,32\]/.test(e.message));
  assert.equal(tf.memory().numTensors, start);
});

test('a policy that does not fit the game is a ShapeError naming both sides', async () => {
  await assert.rejects(loadBot(bytes, { backend: 'cpu', actions: ['a', 'b'] }), (e) => e instanceof ShapeError && /acts in \{"type":"discrete","n":3\}, the game has 2 actions/.test(e.message));
  await assert.rejects(loadBot(bytes, { backend: 'cpu', observation: { width: 84, height: 84, frameStack: 4 } }), (e) => e instanceof ShapeError && /the policy observes .*"shape":\[7,7,2\].*the game gives .*\[84,84,4\]/.test(e.message));
  await assert.rejects(loadBot(bytes, { backend: 'cpu', observation: { width: 7, height: 7, frameStack: 1, grayscale: false } }), ShapeError);
  await assert.rejects(loadBot(bytes, { backend: 'cpu', observation: { vector: 98 } }), ShapeError);
  const fits = await loadBot(bytes, { backend: 'cpu', actions: ['l', 'r', 's'], observation: { width: 7, height: 7, frameStack: 2 } });
  assert.deepEqual(fits.actions, ['l', 'r', 's']);
  fits.dispose();
});

test('act checks each observation and mask against the policy (ShapeError) and refuses after dispose (AgentError)', async () => {
  const start = tf.memory().numTensors;
  const bot = await loadBot(bytes, { backend: 'cpu' });
  await assert.rejects(bot.act(new Uint8Array(97)), (e) => e instanceof ShapeError && /observes uint8 \[7,7,2\] \(98 values\); got 97/.test(e.message));
  await assert.rejects(bot.act(new Float32Array(98)), (e) => e instanceof ShapeError && /pass a Uint8Array/.test(e.message));
  await assert.rejects(bot.act(new Uint8Array(98), { actionMask: [true, false] }), (e) => e instanceof ShapeError && /3 entries/.test(e.message));
  // Clamped pixels (getImageData's type) are taken as they are.
  assert.equal(await bot.act(new Uint8ClampedArray(expected[0]!.obs)), expected[0]!.action);
  // A mask leaves only allowed actions.
  const only = [0, 1, 2].find((a) => a !== expected[0]!.action)!;
  assert.equal(await bot.act(expected[0]!.obs, { actionMask: [0, 1, 2].map((a) => a === only) }), only);
  assert.equal(tf.memory().numTensors, start + bot.manifest.weights.length);
  bot.dispose();
  bot.dispose();
  await assert.rejects(bot.act(expected[0]!.obs), AgentError);
  assert.equal(tf.memory().numTensors, start);
});

test('vector policies check length and finiteness of each observation', async () => {
  const v = parityCases()[2]!; // ActorCritic on 4 floats
  const { algorithm } = algorithmFor(v);
  const file = await policyFile(v, algorithm);
  const want = (await algorithm.act(Float32Array.of(0.1, -0.2, 0.3, 0.05), { explore: false }))[0];
  algorithm.dispose();
  const bot = await loadBot(file, { backend: 'cpu', observation: { vector: 4 } });
  try {
    assert.equal(await bot.act([0.1, -0.2, 0.3, 0.05]), want, 'a plain number array is accepted');
    await assert.rejects(bot.act([1, 2, 3]), ShapeError);
    await assert.rejects(bot.act([1, 2, NaN, 4]), (e) => e instanceof ShapeError && /observation\[2\] must be a finite number/.test(e.message));
  } finally {
    bot.dispose();
  }
});
