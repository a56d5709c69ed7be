/**
 * Policy files written by an attacker, not by the SDK. Most cases are "re-signed": the attacker
 * recomputes the checksum after the edit (it is an integrity check, not a signature), so what
 * stops them is the structural checks: sizes before allocation, the header's canonical form, the
 * plan of the file's own spec, the parameter cap, finite weights. Every case must fail with a
 * typed error naming the problem, through readPolicyArtifacts and through loadBot, before any
 * net is built (tf.memory().numTensors stays flat).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../src/backend/select_backend';
import { tf } from '../../src/backend/tf';
import { loadBot } from '../../src/play/load_bot';
import { policyChecksum, sha256Hex } from '../../src/store/checksum';
import { policyArtifacts, readPolicyArtifacts } from '../../src/store/policy_artifact';
import { decodePolicyFile, encodePolicyFile } from '../../src/store/policy_file';
import { SpecError, StorageError } from '../../src/util/errors';
import { buildNet } from '../../src/net/net';
import { Rng } from '../../src/util/rng';
import { SMALL_POLICY_SPEC } from './small_policy_spec';

type Header = { modelTopology: any; format: string; generatedBy: string; weightSpecs: any[] };

let good: Uint8Array;

const spec = SMALL_POLICY_SPEC;

before(async () => {
  await selectBackend({ gpu: 'cpu' });
  const built = buildNet(spec.agent.net, { inShape: [7, 7, 1], outDims: [3], rng: new Rng(1) });
  try {
    const artifacts = await policyArtifacts({ spec, observation: { shape: [7, 7, 1], dtype: 'uint8', frameStack: 1 }, actionSpace: { type: 'discrete', n: 3 }, frames: 10, nets: new Map([['net', built]]) });
    good = encodePolicyFile(artifacts);
  } finally {
    built.dispose();
  }
});

const headerLength = (b: Uint8Array): number => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(8, true);
const headerOf = (b: Uint8Array): Header => JSON.parse(new TextDecoder().decode(b.subarray(12, 12 + headerLength(b))));
const weightsOf = (b: Uint8Array): Uint8Array => b.slice(12 + headerLength(b));

/** A file from a header and weights, written as encodePolicyFile would (text as given when `text`). */
function fileOf(text: string | Uint8Array, weights: Uint8Array): Uint8Array {
  const head = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const out = new Uint8Array(12 + head.length + weights.length);
  out.set(new TextEncoder().encode('PXPILOT\n'));
  new DataView(out.buffer).setUint32(8, head.length, true);
  out.set(head, 12);
  out.set(weights, 12 + head.length);
  return out;
}

/** Edits the header (and weights) of the good file; `resign` recomputes the checksum as an attacker can. */
async function edit(mutate: (h: Header, w: { bytes: Uint8Array }) => void, resign = true): Promise<Uint8Array> {
  const h = headerOf(good);
  const w = { bytes: weightsOf(good) };
  mutate(h, w);
  if (resign) {
    h.modelTopology.checksum = await policyChecksum(h.modelTopology, w.bytes);
    h.weightSpecs = h.modelTopology.weights.map((e: any) => ({ name: e.name, shape: e.shape, dtype: e.dtype === 'float32' ? 'float32' : e.dtype }));
  }
  return fileOf(JSON.stringify(h), w.bytes);
}

const net = (h: Header): any => h.modelTopology.spec.agent.net;
const setFloat = (w: { bytes: Uint8Array }, index: number, value: number): void => {
  new DataView(w.bytes.buffer, w.bytes.byteOffset).setFloat32(4 * index, value, true);
};

type Case = [name: string, make: () => Promise<Uint8Array> | Uint8Array, cls: typeof StorageError | typeof SpecError, message: RegExp];

const CASES: Case[] = [
  ['empty file', () => new Uint8Array(0), StorageError, /bad signature/],
  ['wrong magic', () => new TextEncoder().encode('{"modelTopology":{}}'), StorageError, /bad signature/],
  ['truncated inside the header', () => good.slice(0, 40), StorageError, /truncated policy file/],
  ['truncated inside the weights', () => good.slice(0, good.length - 6), StorageError, /weight data is \d+ bytes, the manifest lists \d+ \(truncated or padded\)/],
  ['padded after the weights', () => fileOf(good.subarray(12, 12 + headerLength(good)), new Uint8Array([...weightsOf(good), 0, 0, 0, 0])), StorageError, /truncated or padded/],
  [
    'header length 0xFFFFFFFF',
    () => {
      const b = good.slice();
      new DataView(b.buffer).setUint32(8, 0xffffffff, true);
      return b;
    },
    StorageError,
    /truncated policy file \(header of 4294967295 bytes/,
  ],
  ['header not UTF-8', () => fileOf(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), new Uint8Array(0)), StorageError, /not valid UTF-8/],
  ['header JSON bomb: 1,000,000 nested arrays', () => fileOf('['.repeat(1_000_000) + ']'.repeat(1_000_000), new Uint8Array(0)), StorageError, /nests deeper than 64 levels/],
  ['header JSON bomb: nested objects inside the spec', () => edit((h) => (net(h).extra = JSON.parse('{"a":'.repeat(200) + '1' + '}'.repeat(200)))), StorageError, /nests deeper than 64 levels/],
  [
    'header JSON bomb: 200,000 empty weight entries',
    () =>
      edit((h) => {
        for (let i = 0; i < 200_000; i++) h.modelTopology.weights.push({ name: `net/x${i}`, shape: [0], dtype: 'float32', kind: 'parameter' });
      }), StorageError, /weight 'net\/x0' is not a weight of the nets the policy's spec builds/],
  ['header not JSON', () => fileOf('{"modelTopology": ', new Uint8Array(0)), StorageError, /not valid JSON/],
  ['header is a list', () => fileOf('[1,2]', new Uint8Array(0)), StorageError, /not an object/],
  ['header re-encoded with spaces', () => fileOf(JSON.stringify(headerOf(good), null, 1), weightsOf(good)), StorageError, /not in the form pixelpilot writes/],
  ['header with a duplicated key', () => fileOf(`{"format":"x",${new TextDecoder().decode(good.subarray(13, 12 + headerLength(good)))}`, weightsOf(good)), StorageError, /not in the form pixelpilot writes/],
  ['header with an unknown key (__proto__)', () => fileOf(`{"__proto__":{"polluted":1},${new TextDecoder().decode(good.subarray(13, 12 + headerLength(good)))}`, weightsOf(good)), StorageError, /unknown keys: "__proto__"/],
  ['edited spec key, checksum untouched', () => edit((h) => (net(h).fc_hid_layers = [16]), false), StorageError, /checksum mismatch: the policy's header or weights were altered/],
  ['edited frames, checksum untouched', () => edit((h) => (h.modelTopology.frames = 1e9), false), StorageError, /checksum mismatch/],
  ['one weight bit flipped', () => edit((_h, w) => (w.bytes[7]! ^= 1), false), StorageError, /checksum mismatch/],
  ['edited spec key, re-signed: weights no longer fit the spec', () => edit((h) => (net(h).fc_hid_layers = [16])), StorageError, /weight 'net\/fc_model\.0\.weight' has shape \[\d+,8\], the policy's spec builds \[\d+,16\]/],
  [
    'hid_layers [65536, 65536] (17 GB), re-signed',
    () =>
      edit((h) => {
        Object.assign(net(h), { type: 'MLPNet', hid_layers: [65536, 65536], conv_hid_layers: [], fc_hid_layers: [] });
      }),
    SpecError,
    /agent\.net: the nets would have 4,\d{3},\d{3},\d{3} trainable parameters .* over the limit of 50,000,000 .*nothing was built/,
  ],
  ['action space of 10^9 actions, re-signed', () => edit((h) => (h.modelTopology.actionSpace = { type: 'discrete', n: 1e9 })), SpecError, /over the limit of 50,000,000/],
  ['observation 100000x100000x1, re-signed', () => edit((h) => (h.modelTopology.observation.shape = [100000, 100000, 1])), SpecError, /agent\.net: /],
  ['action space n = -1, re-signed', () => edit((h) => (h.modelTopology.actionSpace = { type: 'discrete', n: -1 })), StorageError, /action space is not usable: actionSpace\.n must be an integer >= 1/],
  ['observation shape with an empty axis, re-signed', () => edit((h) => (h.modelTopology.observation.shape = [7, 0, 1])), StorageError, /has an empty axis/],
  ['rnn_num_layers 10^9, re-signed', () => edit((h) => Object.assign(net(h), { type: 'RecurrentNet', rnn_hidden_size: 4, rnn_num_layers: 1e9, seq_len: 4, cell_type: 'GRU', bidirectional: false })), SpecError, /agent\.net\.rnn_num_layers: must be an integer in 1\.\.64/],
  ['seq_len 10^9, re-signed', () => edit((h) => Object.assign(net(h), { type: 'RecurrentNet', rnn_hidden_size: 4, rnn_num_layers: 1, seq_len: 1e9, cell_type: 'GRU', bidirectional: false })), SpecError, /agent\.net\.seq_len/],
  ['conv kernel 10^6, re-signed', () => edit((h) => (net(h).conv_hid_layers[0][1] = 1e6)), SpecError, /agent\.net\.conv_hid_layers\[0\]: has a kernel, stride/],
  ['net type "__proto__", re-signed', () => edit((h) => (net(h).type = '__proto__')), SpecError, /agent\.net\.type: must be one of ConvNet/],
  ['algorithm "constructor", re-signed', () => edit((h) => (h.modelTopology.spec.agent.algorithm.name = 'constructor')), SpecError, /unknown algorithm "constructor"/],
  ['activation "eval", re-signed', () => edit((h) => (net(h).hid_layers_activation = 'eval')), SpecError, /agent\.net\.hid_layers_activation: must be one of relu/],
  ['spec without agent.net, re-signed', () => edit((h) => delete h.modelTopology.spec.agent.net), StorageError, /has no agent\.algorithm\.name or agent\.net/],
  ['weight dtype float16', () => edit((h) => (h.modelTopology.weights[0].dtype = 'float16')), StorageError, /weights\[0\] must be \{name, shape, dtype: "float32"/],
  ['weight dtype int32 in weightSpecs only', () => edit((h) => (h.weightSpecs[0].dtype = 'int32'), false), StorageError, /weightSpecs do not match/],
  ['weight shape transposed (same size), re-signed', () => edit((h) => h.modelTopology.weights[0].shape.reverse()), StorageError, /weight 'net\/conv_model\.0\.weight' has shape \[4,1,3,3\], the policy's spec builds \[3,3,1,4\]/],
  ['weight shape with a negative axis', () => edit((h) => (h.modelTopology.weights[0].shape = [-3, -3, 1, 4])), StorageError, /weights\[0\] must be/],
  ['weight shape with a fractional axis', () => edit((h) => (h.modelTopology.weights[0].shape = [1.5, 6, 1, 4])), StorageError, /weights\[0\] must be/],
  ['huge declared shape [2^31, 2^31]', () => edit((h) => (h.modelTopology.weights[0].shape = [2 ** 31, 2 ** 31])), StorageError, /weight data is \d+ bytes, the manifest lists \d+/],
  ['duplicated weight name, re-signed', () => edit((h) => (h.modelTopology.weights[1].name = h.modelTopology.weights[0].name)), StorageError, /weight names must be distinct/],
  [
    'missing weight, re-signed',
    () =>
      edit((h, w) => {
        const last = h.modelTopology.weights.pop();
        w.bytes = w.bytes.slice(0, w.bytes.length - 4 * last.shape.reduce((a: number, b: number) => a * b, 1));
      }),
    StorageError,
    /the policy lacks weights its spec builds: net\/conv_model\.\d\.running_var/,
  ],
  [
    'extra weight, re-signed',
    () =>
      edit((h, w) => {
        h.modelTopology.weights.push({ name: 'net/evil', shape: [1], dtype: 'float32', kind: 'parameter' });
        w.bytes = new Uint8Array([...w.bytes, 0, 0, 0, 0]);
      }),
    StorageError,
    /weight 'net\/evil' is not a weight of the nets/,
  ],
  [
    'a target entry that copies nothing, re-signed',
    () =>
      edit((h, w) => {
        h.modelTopology.weights.push({ name: 'target_net/evil', shape: [1], dtype: 'float32', kind: 'target' });
        w.bytes = new Uint8Array([...w.bytes, 0, 0, 0, 0]);
      }),
    StorageError,
    /target weight 'target_net\/evil' copies no weight/,
  ],
  ['a buffer relabelled as a parameter, re-signed', () => edit((h) => (h.modelTopology.weights.at(-1).kind = 'parameter')), StorageError, /is a parameter, the policy's spec makes it a buffer/],
  ['NaN weight, re-signed', () => edit((_h, w) => setFloat(w, 5, NaN)), StorageError, /weight 'net\/conv_model\.0\.weight' holds NaN at index 5/],
  ['Infinity weight, re-signed', () => edit((_h, w) => setFloat(w, w.bytes.length / 4 - 1, -Infinity)), StorageError, /weight 'net\/conv_model\.\d\.running_var' holds -Infinity/],
  ['training slot naming an acting weight, re-signed', () => edit((h) => (h.modelTopology.training = { algorithm: 'DQN', counters: {}, optimizers: [{ name: 'Adam', step: 1, slots: ['net/conv_model.0.weight'] }], schedulers: [0], trainer: null, rng: null })), StorageError, /is not an 'optimizer' weight entry/],
  ['format version 99, re-signed', () => edit((h) => (h.modelTopology.formatVersion = 99)), StorageError, /format version 99 is not supported/],
  [
    'version 2 with an edited spec (header not covered): caught by the plan',
    async () =>
      edit((h, w) => {
        h.modelTopology.formatVersion = 2;
        net(h).fc_hid_layers = [16];
        // Version 2's checksum: of the weights only, so the edit keeps it valid.
        void w;
      }, false).then(async (b) => {
        const h = headerOf(b);
        h.modelTopology.checksum = await sha256Hex(weightsOf(b));
        return fileOf(JSON.stringify(h), weightsOf(b));
      }),
    StorageError,
    /weight 'net\/fc_model\.0\.weight' has shape/,
  ],
  ['generatedBy changed, re-signed', () => edit((h) => (h.generatedBy = 'evil')), StorageError, /generatedBy is "evil"/],
];

test('the untouched file, and the same file re-signed, load (the cases below differ only by their edit)', async () => {
  const contents = await readPolicyArtifacts(decodePolicyFile(good, 'good.ppol'), 'good.ppol');
  assert.equal(contents.manifest.formatVersion, 3);
  const resigned = await edit(() => undefined);
  assert.deepEqual(resigned, good);
});

for (const [name, make, cls, message] of CASES) {
  test(`hostile file: ${name}`, async () => {
    const bytes = await make();
    const start = tf.memory().numTensors;
    const check = (e: unknown): boolean => {
      assert.ok(e instanceof cls, `${name}: expected ${cls.name}, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
      assert.match((e as Error).message, message);
      return true;
    };
    await assert.rejects(async () => readPolicyArtifacts(decodePolicyFile(bytes, 'evil.ppol'), 'evil.ppol'), check);
    await assert.rejects(loadBot(bytes, { backend: 'cpu' }), check);
    assert.equal(tf.memory().numTensors, start, 'nothing was built');
  });
}

test(`the hostile-file suite has ${CASES.length} named cases`, () => {
  assert.ok(CASES.length >= 40);
  assert.equal(new Set(CASES.map((c) => c[0])).size, CASES.length);
});

test('a larger cap admits a bigger net, a smaller one refuses this one (maxParams)', async () => {
  const big = await edit((h) => Object.assign(net(h), { type: 'MLPNet', hid_layers: [65536, 65536], conv_hid_layers: [], fc_hid_layers: [] }));
  // Still refused with a bigger cap, but by the shapes now: the plan passed the cap.
  await assert.rejects(async () => readPolicyArtifacts(decodePolicyFile(big, 'b'), 'b', { maxParams: 5e9 }), (e) => e instanceof StorageError && /has shape|lacks weights|not a weight/.test(e.message));
  await assert.rejects(async () => readPolicyArtifacts(decodePolicyFile(good, 'g'), 'g', { maxParams: 10 }), (e) => e instanceof SpecError && /over the limit of 10 /.test(e.message));
  await assert.rejects(loadBot(good, { backend: 'cpu', maxParams: 10 }), SpecError);
});
