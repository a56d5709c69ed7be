/**
 * The wire protocol's bytes (src/cli/serve_wire.ts): frames cut from a stream however it is split,
 * an oversized frame refused from its length field alone, the STEP_RESULT layout, byte for byte
 * the worked example of docs/serve-protocol.md (read from the page, so that the doc cannot drift).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FrameReader, frame, jsonFrame, MAX_CLIENT_FRAME, MESSAGE, obsFrame, readActions, readJsonObject, stepResultFrame } from '../../src/cli/serve_wire';
import { ServeError } from '../../src/util/errors';

const wireCode = (code: string) => (e: unknown): boolean => e instanceof ServeError && e.wireCode === code;

test('FrameReader cuts frames out of a stream split anywhere', () => {
  const bytes = Buffer.concat([jsonFrame(MESSAGE.HELLO, { protocol: 1, token: null, client: 'x' }), frame(MESSAGE.STEP, Buffer.from([1, 0, 0, 0, 2, 0, 0, 0])), frame(MESSAGE.CLOSE)]);
  for (const cut of [1, 3, 4, 5, 7, 30, bytes.length - 1]) {
    const r = new FrameReader();
    const got = [...r.push(bytes.subarray(0, cut)), ...r.push(bytes.subarray(cut))];
    assert.deepEqual(got.map((f) => f.type), [MESSAGE.HELLO, MESSAGE.STEP, MESSAGE.CLOSE], `cut at ${cut}`);
    assert.deepEqual(readJsonObject(got[0]!.payload, 'HELLO'), { protocol: 1, token: null, client: 'x' });
    assert.deepEqual([...readActions(got[1]!.payload, 2)], [1, 2]);
    assert.equal(got[2]!.payload.length, 0);
  }
});

test('a frame over 1 MiB is refused from its length field, before its bytes arrive; a frame of length 0 is malformed', () => {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(MAX_CLIENT_FRAME + 1, 0);
  assert.throws(() => new FrameReader().push(head), wireCode('too-large'));
  head.writeUInt32LE(MAX_CLIENT_FRAME, 0);
  assert.deepEqual(new FrameReader().push(head), [], 'exactly 1 MiB is allowed (waits for the bytes)');
  assert.throws(() => new FrameReader().push(Buffer.alloc(4)), wireCode('bad-message'));
});

test('payloads are checked: JSON objects only, STEP exactly 4*N bytes', () => {
  assert.throws(() => readJsonObject(Buffer.from('[1]'), 'RESET'), /RESET: the payload must be a JSON object/);
  assert.throws(() => readJsonObject(Buffer.from([0xff, 0xfe]), 'RESET'), wireCode('bad-message'));
  assert.throws(() => readActions(Buffer.alloc(12), 2), /STEP: the payload must be 2 i32 actions \(8 bytes\), got 12 bytes/);
  assert.deepEqual([...readActions(Buffer.from([0xff, 0xff, 0xff, 0xff]), 1)], [-1]);
});

test('OBS: u32 json_len, the infos, then the observations', () => {
  const f = obsFrame({}, Uint8Array.from([9, 8, 7]));
  assert.deepEqual([...f], [1 + 4 + 2 + 3, 0, 0, 0, MESSAGE.OBS, 2, 0, 0, 0, 0x7b, 0x7d, 9, 8, 7]);
});

test('STEP_RESULT: the worked example of docs/serve-protocol.md, byte for byte', () => {
  const doc = readFileSync('docs/serve-protocol.md', 'utf8');
  const block = /The 82 bytes of the frame:\n\n```\n([\s\S]*?)```/.exec(doc);
  assert.ok(block !== null, 'the doc has the example');
  const hex = block[1]!.trim().split('\n').map((l) => l.replace(/^[0-9a-f]{4}\s+/, '')).join(' ');
  const f = stepResultFrame({
    rewards: Float32Array.from([1, -0.5]),
    terminated: Uint8Array.from([1, 0]),
    truncated: Uint8Array.from([0, 0]),
    infos: { episode_return: [1, null], episode_length: [9, null] },
    observations: Uint8Array.from([0x00, 0xff, 0x10, 0x20, 0x07, 0x07, 0xc8, 0x00]),
  });
  assert.equal([...f].map((b) => b.toString(16).padStart(2, '0')).join(' '), hex);
  assert.equal(f.length, 82);
});
