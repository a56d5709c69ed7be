/**
 * The page link's WebSocket server (src/cli/page_socket.ts) at the byte level: RFC 6455's own
 * handshake example, server frames of each length form, masked client frames read back whole,
 * split anywhere and fragmented; an unmasked client frame is refused. (The page's real WebSocket
 * speaks to it in test/browser/cli_serve.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptKey, wsFrame, WsReader } from '../../src/cli/page_socket';

/** A client frame: masked with `mask`. */
function clientFrame(opcode: number, payload: Uint8Array, fin = true, mask = [1, 2, 3, 4]): Buffer {
  const n = payload.length;
  const head = n < 126 ? [n | 0x80] : n < 65536 ? [126 | 0x80, n >> 8, n & 255] : [127 | 0x80, 0, 0, 0, 0, (n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
  return Buffer.from([(fin ? 0x80 : 0) | opcode, ...head, ...mask, ...payload.map((b, i) => b ^ mask[i & 3]!)]);
}

test('the handshake answers RFC 6455\'s example key with its example accept value', () => {
  assert.equal(acceptKey('dGhlIHNhbXBsZSBub25jZQ=='), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
});

test('server frames: 7-bit, 16-bit and 64-bit lengths, unmasked', () => {
  assert.deepEqual([...wsFrame(0x2, Uint8Array.from([5, 6]))], [0x82, 2, 5, 6]);
  const mid = wsFrame(0x1, new Uint8Array(300));
  assert.deepEqual([...mid.subarray(0, 4)], [0x81, 126, 1, 44]);
  assert.equal(mid.length, 304);
  const big = wsFrame(0x2, new Uint8Array(70_000));
  assert.deepEqual([...big.subarray(0, 10)], [0x82, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70]);
});

test('client frames are unmasked and read whole however the stream is split', () => {
  const payloads = [Uint8Array.from([1, 2, 3, 4, 5]), new Uint8Array(300).map((_, i) => i), new Uint8Array(70_000).map((_, i) => i * 7)];
  const stream = Buffer.concat(payloads.map((p) => clientFrame(0x2, p)));
  for (const cut of [1, 2, 9, 11, 320, 70_001]) {
    const got: Buffer[] = [];
    const r = new WsReader((op, fin, p) => {
      assert.equal(op, 0x2);
      assert.ok(fin);
      got.push(p);
    });
    r.push(stream.subarray(0, cut));
    r.push(stream.subarray(cut));
    assert.deepEqual(got.map((g) => [...g]), payloads.map((p) => [...p]), `cut at ${cut}`);
  }
});

test('fragments arrive in order with their fin bits; an unmasked client frame is an error', () => {
  const seen: [number, boolean, number[]][] = [];
  const r = new WsReader((op, fin, p) => seen.push([op, fin, [...p]]));
  r.push(Buffer.concat([clientFrame(0x1, Uint8Array.from([104]), false), clientFrame(0x0, Uint8Array.from([105]), true)]));
  assert.deepEqual(seen, [[0x1, false, [104]], [0x0, true, [105]]]);
  assert.throws(() => new WsReader(() => undefined).push(Buffer.from([0x82, 1, 7])), /unmasked frame/);
});
