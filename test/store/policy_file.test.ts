import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/backend/tf';
import { buildNet, type Net } from '../../src/net/net';
import { applyWeights, policyArtifacts, readPolicyArtifacts, type PolicySource } from '../../src/store/policy_artifact';
import { decodePolicyFile, encodePolicyFile } from '../../src/store/policy_file';
import { ShapeError, StorageError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { SMALL_POLICY_SPEC } from './small_policy_spec';

const spec = SMALL_POLICY_SPEC;

const nets = (seed: number, fc = 8): Map<string, Net> =>
  new Map([['net', buildNet({ ...spec.agent.net, fc_hid_layers: [fc] }, { inShape: [7, 7, 1], outDims: [3], rng: new Rng(seed) })]]);

const source = (n: Map<string, Net>): PolicySource => ({
  spec,
  observation: { shape: [7, 7, 1], dtype: 'uint8', frameStack: 1 },
  actionSpace: { type: 'discrete', n: 3 },
  frames: 123,
  nets: n,
});

const values = async (n: Map<string, Net>): Promise<number[][]> => {
  const net = n.get('net')!;
  return Promise.all([...net.parameters, ...net.buffers].map(async (p) => Array.from(await p.variable.data())));
};

test('a policy survives the file round trip: same weights, buffers and manifest', async () => {
  const before = tf.memory().numTensors;
  const a = nets(1);
  const b = nets(2);
  const bytes = encodePolicyFile(await policyArtifacts(source(a)));
  // Read it from a view into a larger buffer, as Node's readFile may hand it over.
  const view = new Uint8Array(bytes.length + 100).subarray(50, 50 + bytes.length);
  view.set(bytes);
  const contents = await readPolicyArtifacts(decodePolicyFile(view, 'p.ppol'), 'p.ppol');
  assert.equal(contents.manifest.frames, 123);
  assert.equal(contents.manifest.weights[0]!.name, 'net/conv_model.0.weight');
  assert.ok(contents.manifest.weights.some((w) => w.kind === 'buffer' && w.name.endsWith('running_var')));
  assert.notDeepEqual(await values(a), await values(b));
  applyWeights(b, contents, 'p.ppol');
  assert.deepEqual(await values(b), await values(a));
  for (const n of [a, b]) n.get('net')!.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('damaged files give a StorageError naming the problem, and leave the agent untouched', async () => {
  const a = nets(1);
  const good = encodePolicyFile(await policyArtifacts(source(a)));
  const read = async (bytes: Uint8Array) => readPolicyArtifacts(decodePolicyFile(bytes, 'x.ppol'), 'x.ppol');

  await assert.rejects(read(new TextEncoder().encode('{"format": "nope"}')), (e) => e instanceof StorageError && /bad signature/.test(e.message));
  await assert.rejects(read(good.slice(0, 20)), /truncated policy file/);
  await assert.rejects(read(good.slice(0, good.length - 8)), /weight data is \d+ bytes, the manifest lists \d+/);
  const tampered = good.slice();
  tampered[tampered.length - 3]! ^= 0x40;
  await assert.rejects(read(tampered), /checksum mismatch/);

  const header = JSON.parse(new TextDecoder().decode(good.subarray(12, 12 + new DataView(good.buffer).getUint32(8, true))));
  const rewrite = async (mutate: (h: any) => void) => {
    const h = structuredClone(header);
    mutate(h);
    const artifacts = decodePolicyFile(good, 'x');
    return readPolicyArtifacts({ ...artifacts, modelTopology: h.modelTopology }, 'x.ppol');
  };
  await assert.rejects(rewrite((h) => (h.modelTopology.formatVersion = 99)), /format version 99 is not supported/);
  await assert.rejects(rewrite((h) => (h.modelTopology.format = 'keras')), /format is "keras"/);
  await assert.rejects(rewrite((h) => (h.modelTopology.weights[0].shape = 'big')), /weights\[0\]/);

  // Weights that do not fit the agent: a ShapeError, and no variable changed.
  const other = nets(3, 16);
  const snapshot = await values(other);
  const contents = await read(good);
  assert.throws(() => applyWeights(other, contents, 'x.ppol'), (e) => e instanceof ShapeError && /fc_model\.0\.weight' has shape \[\d+,8\] but the agent's is \[\d+,16\]/.test(e.message));
  assert.deepEqual(await values(other), snapshot);
  for (const n of [a, other]) n.get('net')!.dispose();
});
