/**
 * Seeded fuzz loops over policy files and safetensors files: random byte flips, truncations,
 * insertions, and header values replaced by junk (policy headers re-signed with a valid checksum,
 * as an attacker could). Only typed errors may come out (StorageError, SpecError, ShapeError),
 * or a policy that then loads into a bot; the per-test timeout is the "nothing hangs" guard.
 * The counts are printed as diagnostics.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '../../src/backend/select_backend';
import { tf } from '../../src/backend/tf';
import { buildNet } from '../../src/net/net';
import { loadBot } from '../../src/play/load_bot';
import { policyChecksum } from '../../src/store/checksum';
import { policyArtifacts, readPolicyArtifacts } from '../../src/store/policy_artifact';
import { decodePolicyFile, encodePolicyFile } from '../../src/store/policy_file';
import { readSafetensors } from '../../src/store/safetensors';
import { PixelpilotError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { SMALL_POLICY_SPEC } from './small_policy_spec';

const spec = SMALL_POLICY_SPEC;

let good: Uint8Array;

before(async () => {
  await selectBackend({ gpu: 'cpu' });
  const net = buildNet(spec.agent.net, { inShape: [7, 7, 1], outDims: [3], rng: new Rng(1) });
  try {
    good = encodePolicyFile(await policyArtifacts({ spec, observation: { shape: [7, 7, 1], dtype: 'uint8', frameStack: 1 }, actionSpace: { type: 'discrete', n: 3 }, frames: 1, nets: new Map([['net', net]]) }));
  } finally {
    net.dispose();
  }
});

type Json = unknown;

/** A replacement value: wrong types, edge numbers, huge or odd structures. */
function junk(rng: Rng, original: Json): Json {
  switch (rng.int(16)) {
    case 0: return null;
    case 1: return -1;
    case 2: return 0;
    case 3: return 1e9;
    case 4: return 2 ** 53 + 2;
    case 5: return 0.5;
    case 6: return '__proto__';
    case 7: return 'constructor';
    case 8: return [];
    case 9: return {};
    case 10: return [65536, 65536];
    case 11: return typeof original === 'number' ? original + 1 + rng.int(4) : 'x';
    case 12: return typeof original === 'number' ? Math.max(1, original * (2 + rng.int(100))) : [1];
    case 13: return Array.isArray(original) ? [...original, ...original] : true;
    case 14: return './evil_env.mjs';
    default: return typeof original === 'boolean' ? !original : 'MLPNet';
  }
}

/** Every [container, key] path of a JSON value. */
function slots(v: Json, out: [Record<string, Json> | Json[], string | number][] = []): [Record<string, Json> | Json[], string | number][] {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([v, i]), slots(x, out)));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) out.push([v as Record<string, Json>, k]), slots(x, out);
  return out;
}

const headerLength = (b: Uint8Array): number => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(8, true);

/** One fuzzed file: `kind` names the mutation. */
async function mutate(rng: Rng): Promise<{ kind: string; bytes: Uint8Array }> {
  const pick = rng.int(5);
  if (pick === 0) {
    const b = good.slice();
    for (let n = 1 + rng.int(4); n > 0; n--) b[rng.int(b.length)] ^= 1 << rng.int(8);
    return { kind: 'bit flips', bytes: b };
  }
  if (pick === 1) return { kind: 'truncation', bytes: good.slice(0, rng.int(good.length)) };
  if (pick === 2) {
    const at = rng.int(good.length);
    const extra = Uint8Array.from({ length: 1 + rng.int(16) }, () => rng.int(256));
    return { kind: 'insertion', bytes: new Uint8Array([...good.subarray(0, at), ...extra, ...good.subarray(at)]) };
  }
  // Header values replaced by junk, then re-signed (pick 3) or left with the old checksum (pick 4).
  const header = JSON.parse(new TextDecoder().decode(good.subarray(12, 12 + headerLength(good))));
  const all = slots(header);
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const [container, key] = all[rng.int(all.length)]!;
    (container as Record<string | number, Json>)[key] = junk(rng, (container as Record<string | number, Json>)[key]);
  }
  const weights = good.slice(12 + headerLength(good));
  if (pick === 3 && typeof header.modelTopology === 'object' && header.modelTopology !== null) {
    try {
      header.modelTopology.checksum = await policyChecksum(header.modelTopology, weights);
    } catch {
      // a junk manifest that cannot be serialised keeps its old checksum
    }
  }
  const artifacts = { ...header, weightData: weights.buffer };
  let bytes: Uint8Array;
  try {
    bytes = encodePolicyFile(artifacts);
  } catch {
    bytes = good;
  }
  return { kind: pick === 3 ? 'header junk, re-signed' : 'header junk', bytes };
}

test('fuzzed policy files give typed errors or a policy that loads, never anything else', { timeout: 300_000 }, async (t) => {
  const rng = new Rng(20261204);
  const start = tf.memory().numTensors;
  const counts = new Map<string, number>();
  const count = (k: string): void => void counts.set(k, (counts.get(k) ?? 0) + 1);
  const N = 3000;
  for (let i = 0; i < N; i++) {
    const mutated = await mutate(rng);
    const bytes = mutated.bytes;
    // A junk value equal to the one it replaced changes nothing: counted apart.
    const kind = bytes.length === good.length && bytes.every((b, j) => b === good[j]) ? 'no-op' : mutated.kind;
    try {
      const contents = await readPolicyArtifacts(decodePolicyFile(bytes, 'fuzz'), 'fuzz');
      // What passes every check must also build and act.
      const bot = await loadBot(bytes, { backend: 'cpu' });
      bot.dispose();
      assert.ok(contents.manifest.weights.length > 0);
      count(`${kind}: loaded`);
    } catch (e) {
      if (!(e instanceof PixelpilotError)) throw new Error(`case ${i} (${kind}): untyped ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
      count(`${kind}: ${e.name}`);
    }
  }
  assert.equal(tf.memory().numTensors, start);
  const lines = [...counts].sort().map(([k, n]) => `${k} ${n}`);
  t.diagnostic(`${N} fuzzed policy files: ${lines.join('; ')}`);
  assert.equal([...counts.values()].reduce((a, b) => a + b, 0), N);
});

test('fuzzed safetensors files give StorageErrors or tensors, never anything else', { timeout: 300_000 }, async (t) => {
  const dir = join(process.cwd(), 'test/store/fixtures');
  const files = ['mlp.safetensors', 'convnet_bn.safetensors', 'recurrent_vec_lstm.safetensors'].map((f) => new Uint8Array(readFileSync(join(dir, f))));
  const rng = new Rng(7);
  const counts = new Map<string, number>();
  const N = 3000;
  for (let i = 0; i < N; i++) {
    const base = files[rng.int(files.length)]!;
    let bytes: Uint8Array;
    const pick = rng.int(4);
    if (pick === 0) {
      bytes = base.slice();
      for (let n = 1 + rng.int(4); n > 0; n--) bytes[rng.int(Math.min(bytes.length, 600))] ^= 1 << rng.int(8);
    } else if (pick === 1) {
      bytes = base.slice(0, rng.int(base.length));
    } else {
      const view = new DataView(base.buffer, base.byteOffset, base.byteLength);
      const n = Number(view.getBigUint64(0, true));
      const header = JSON.parse(new TextDecoder().decode(base.subarray(8, 8 + n)));
      const all = slots(header);
      for (let k = 1 + rng.int(3); k > 0; k--) {
        const [container, key] = all[rng.int(all.length)]!;
        (container as Record<string | number, Json>)[key] = junk(rng, (container as Record<string | number, Json>)[key]);
      }
      const text = new TextEncoder().encode(JSON.stringify(header));
      bytes = new Uint8Array(8 + text.length + base.length - 8 - n);
      new DataView(bytes.buffer).setBigUint64(0, pick === 3 ? BigInt(rng.int(2) ? 2 ** 40 : text.length + rng.int(9) - 4) : BigInt(text.length), true);
      bytes.set(text, 8);
      bytes.set(base.subarray(8 + n), 8 + text.length);
    }
    const kind = ['bit flips', 'truncation', 'header junk', 'header junk, bad length'][pick]!;
    try {
      readSafetensors(bytes, 'fuzz.safetensors');
      counts.set(`${kind}: read`, (counts.get(`${kind}: read`) ?? 0) + 1);
    } catch (e) {
      if (!(e instanceof PixelpilotError)) throw new Error(`case ${i} (${kind}): untyped ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
      counts.set(`${kind}: ${e.name}`, (counts.get(`${kind}: ${e.name}`) ?? 0) + 1);
    }
  }
  t.diagnostic(`${N} fuzzed safetensors files: ${[...counts].sort().map(([k, n]) => `${k} ${n}`).join('; ')}`);
});
