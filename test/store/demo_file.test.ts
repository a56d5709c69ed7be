/**
 * Demonstration files: round trips of every observation and action kind, and files written by an
 * attacker. Most hostile cases are re-signed (the checksum recomputed after the edit: it is an
 * integrity check, not a signature), so what stops them is the header's checks (sizes before
 * allocation, the canonical form) and the checks of every value. A seeded fuzz loop may only get
 * StorageErrors or a file that decodes whole.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Demonstrations } from '../../src/memory/demonstrations';
import { imageDemos } from './demo_fixture';
import { decodeDemoFile, demoChecksum, encodeDemoFile } from '../../src/store/demo_file';
import { DEMO_LIMITS } from '../../src/store/demo_manifest';
import { PixelpilotError, StorageError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';

const framed = (b: Uint8Array): { header: Record<string, any>; data: Uint8Array } => {
  const n = new DataView(b.buffer, b.byteOffset).getUint32(8, true);
  return { header: JSON.parse(new TextDecoder().decode(b.subarray(12, 12 + n))), data: b.slice(12 + n) };
};

function frame(header: object | string, data: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(12 + text.length + data.length);
  out.set(new TextEncoder().encode('PXDEMOS\n'));
  new DataView(out.buffer).setUint32(8, text.length, true);
  out.set(text, 12);
  out.set(data, 12 + text.length);
  return out;
}

/** The good file with its header and data edited, then re-signed as an attacker can. */
async function edited(good: Uint8Array, mutate: (h: Record<string, any>, d: Uint8Array) => Uint8Array | void): Promise<Uint8Array> {
  const { header, data } = framed(good);
  const d = mutate(header, data) ?? data;
  header.checksum = await demoChecksum(header, d);
  return frame(header, d);
}

test('a demonstration file round-trips every step of every episode, with its header', async () => {
  const d = imageDemos();
  const bytes = await encodeDemoFile(d, { actionNames: ['left', 'stay', 'right'], reflexLag: 2, source: 'keys', pipeline: { kind: 'pixels', width: 2, height: 3, grayscale: false, frameStack: 2, crop: null }, createdAt: '2026-01-01T00:00:00.000Z' });
  const { manifest, demonstrations } = await decodeDemoFile(bytes, 'mem');
  assert.equal(manifest.steps, 9);
  assert.deepEqual(manifest.episodes, [{ player: 0, steps: 4 }, { player: 1, steps: 2 }, { player: 0, steps: 3 }]);
  assert.deepEqual(manifest.actionNames, ['left', 'stay', 'right']);
  assert.equal(manifest.reflexLag, 2);
  assert.equal(manifest.source, 'keys');
  assert.deepEqual(manifest.observation, { shape: [3, 2, 2], dtype: 'uint8', frameStack: 2, pipeline: { kind: 'pixels', width: 2, height: 3, grayscale: false, frameStack: 2, crop: null } });
  assert.deepEqual(demonstrations, d);
  // Same input, same bytes.
  assert.deepEqual(await encodeDemoFile(d, { actionNames: ['left', 'stay', 'right'], reflexLag: 2, source: 'keys', pipeline: manifest.observation.pipeline, createdAt: manifest.createdAt }), bytes);
});

test('float vectors, multi-discrete and continuous actions round-trip', async () => {
  const vec = (space: Demonstrations['actionSpace'], actions: Int32Array | Float32Array): Demonstrations => ({
    obsShape: [3], obsDtype: 'float32', frameStack: 1, actionSpace: space,
    episodes: [{ player: 2, steps: 2, observations: Float32Array.of(0.5, -1, 3e8, 1, 2, 3, -0, 1e-30, 7), actions, rewards: Float32Array.of(0, 2.5), terminated: Uint8Array.of(0, 1), truncated: Uint8Array.of(0, 0) }],
  });
  for (const d of [vec({ type: 'multi_discrete', nvec: [2, 5] }, Int32Array.of(1, 4, 0, 3)), vec({ type: 'continuous', shape: [2], low: -1, high: 1 }, Float32Array.of(0.25, -1, 1, 0.5))]) {
    const { demonstrations } = await decodeDemoFile(await encodeDemoFile(d), 'mem');
    assert.deepEqual(demonstrations, d);
  }
});

test('damaged and edited files are StorageErrors naming the problem', async () => {
  const good = await encodeDemoFile(imageDemos());
  const { header } = framed(good);
  const cases: [string, Uint8Array | Promise<Uint8Array>, RegExp][] = [
    ['bad signature', Uint8Array.from([...new TextEncoder().encode('PXPILOT\n'), ...good.subarray(8)]), /not a pixelpilot demonstration file/],
    ['truncated', good.subarray(0, good.length - 3), /the data is \d+ bytes, the header describes/],
    ['padded', Uint8Array.from([...good, 0]), /truncated or padded/],
    ['a flipped data byte', (() => { const b = good.slice(); b[b.length - 20] ^= 4; return b; })(), /checksum mismatch/],
    ['a re-encoded header', frame(JSON.stringify(header, null, 1), framed(good).data), /not in the form pixelpilot writes/],
    ['an unknown header key, re-signed', edited(good, (h) => void (h.extra = 1)), /unknown keys: "extra"/],
    ['a lying step count, re-signed', edited(good, (h) => void (h.steps = 10)), /steps is 10, the episodes hold 9/],
    ['an action out of range, re-signed', edited(good, (_h, d) => void new DataView(d.buffer).setInt32(144, 7, true)), /action 7 at step 0 is outside \[0, 3\)/],
    ['a non-finite reward, re-signed', edited(good, (_h, d) => void new DataView(d.buffer).setFloat32(180, NaN, true)), /reward NaN at step 0 is not finite/],
    ['an end flag mid-episode, re-signed', edited(good, (_h, d) => void (d[d.length - 9] = 1)), /step 0 ends the episode but is not its last step/],
    ['a flags byte with unknown bits, re-signed', edited(good, (_h, d) => void (d[d.length - 6] = 9)), /flags byte is 9/],
    ['a huge episode list, re-signed', edited(good, (h) => void (h.episodes = [{ player: 0, steps: DEMO_LIMITS.steps }, { player: 0, steps: 5 }])), /over the limit of 50000000/],
    ['a huge observation, re-signed', edited(good, (h) => void (h.observation.shape = [65536, 65536, 4])), /observation.shape|over the limit/],
    ['a player out of range, re-signed', edited(good, (h) => void (h.episodes[0].player = 5000)), /episodes\[0\] must be/],
    ['wrong action names, re-signed', edited(good, (h) => void (h.actionNames = ['a'])), /actionNames must be null or one string/],
    ['another format version, re-signed', edited(good, (h) => void (h.formatVersion = 2)), /format version 2 is not supported/],
    ['a deep header', frame(`{"a":${'['.repeat(40)}${']'.repeat(40)}}`, new Uint8Array(0)), /nests deeper than 16 levels/],
    ['a header length over the file', (() => { const b = good.slice(); new DataView(b.buffer).setUint32(8, 2 ** 31, true); return b; })(), /truncated demonstration file/],
  ];
  for (const [what, bytes, message] of cases) {
    await assert.rejects(decodeDemoFile(await bytes, 'evil.pxdemo'), (e) => e instanceof StorageError && /^evil\.pxdemo: /.test(e.message) && message.test(e.message), what);
  }
});

type Json = unknown;
function slots(v: Json, out: [Record<string, Json> | Json[], string | number][] = []): [Record<string, Json> | Json[], string | number][] {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([v, i]), slots(x, out)));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) out.push([v as Record<string, Json>, k]), slots(x, out);
  return out;
}
const JUNK: Json[] = [null, -1, 0, 1e9, 2 ** 53 + 2, 0.5, '__proto__', [], {}, [65536, 65536], 'float32', true, 1];

test('fuzzed demonstration files give StorageErrors or a file that decodes whole, never anything else', { timeout: 120_000 }, async (t) => {
  const good = await encodeDemoFile(imageDemos());
  const rng = new Rng(20260118);
  const counts = new Map<string, number>();
  const N = 1500;
  for (let i = 0; i < N; i++) {
    let bytes: Uint8Array;
    let kind: string;
    const pick = rng.int(4);
    if (pick === 0) {
      kind = 'bit flips';
      bytes = good.slice();
      for (let n = 1 + rng.int(4); n > 0; n--) bytes[rng.int(bytes.length)] ^= 1 << rng.int(8);
    } else if (pick === 1) {
      kind = 'truncation';
      bytes = good.slice(0, rng.int(good.length));
    } else {
      kind = pick === 2 ? 'header junk, re-signed' : 'data junk, re-signed';
      bytes = await edited(good, (h, d) => {
        if (pick === 3) {
          for (let n = 1 + rng.int(6); n > 0; n--) d[rng.int(d.length)] = rng.int(256);
          return;
        }
        const all = slots(h);
        for (let n = 1 + rng.int(3); n > 0; n--) {
          const [container, key] = all[rng.int(all.length)]!;
          (container as Record<string | number, Json>)[key] = JUNK[rng.int(JUNK.length)];
        }
      });
    }
    try {
      const { demonstrations } = await decodeDemoFile(bytes, 'fuzz');
      assert.ok(demonstrations.episodes.length > 0);
      counts.set(`${kind}: decoded`, (counts.get(`${kind}: decoded`) ?? 0) + 1);
    } catch (e) {
      if (!(e instanceof PixelpilotError)) throw new Error(`case ${i} (${kind}): untyped ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
      assert.ok(e instanceof StorageError, `case ${i} (${kind}): ${e.name}: ${e.message}`);
      counts.set(`${kind}: ${e.name}`, (counts.get(`${kind}: ${e.name}`) ?? 0) + 1);
    }
  }
  t.diagnostic(`${N} fuzzed demonstration files: ${[...counts].sort().map(([k, n]) => `${k} ${n}`).join('; ')}`);
});
