/** The page link's messages (src/game/page/serve_link_codec.ts): every command and reply comes back as it went. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCommand, decodeReply, encodeCommand, encodeReply } from '../../../src/game/page/serve_link_codec';
import type { ServeReply } from '../../../src/game/page/protocol';

test('commands round-trip (a step\'s actions as an Int32Array)', () => {
  assert.deepEqual(decodeCommand(encodeCommand({ type: 'reset', seed: -5 })), { type: 'reset', seed: -5 });
  assert.deepEqual(decodeCommand(encodeCommand({ type: 'step', actions: Int32Array.from([0, 2, 1]) })), { type: 'step', actions: Int32Array.from([0, 2, 1]) });
  assert.deepEqual(decodeCommand(encodeCommand({ type: 'release' })), { type: 'release' });
  assert.deepEqual(decodeCommand(encodeCommand({ type: 'stop' })), { type: 'stop' });
  assert.throws(() => decodeCommand('{"type":"reset"}'), /not a command/);
});

test('replies round-trip: observations as bytes, rewards as float32, flags as bytes', () => {
  const step: ServeReply = {
    type: 'step',
    rewards: Float32Array.from([0.1, -1]),
    terminated: Uint8Array.from([0, 1]),
    truncated: Uint8Array.from([1, 0]),
    observations: Uint8Array.from([0, 255, 3, 4]),
    episodeReturn: [null, -1.5],
    episodeLength: [null, 7],
    pageMs: 1.25,
  };
  const replies: ServeReply[] = [
    step,
    { type: 'obs', observations: Uint8Array.from([9, 9]), pageMs: 0.5 },
    { type: 'released', pageMs: 0 },
    { type: 'ready', info: { layout: { width: 2, height: 1, grayscale: true, frameStack: 2, shape: [1, 2, 2], crops: [undefined], actions: ['a', 'b'], noop: null }, decisionPeriod: 4, maxStep: null, randomStarts: { noops: 30 }, stickyActions: 0.25 } },
  ];
  for (const r of replies) {
    const back = decodeReply(encodeReply(r));
    // JSON has no undefined: a crop left out comes back as null.
    assert.deepEqual(back, r.type === 'ready' ? { ...r, info: { ...r.info, layout: { ...r.info.layout, crops: [null] } } } : r);
  }
  const back = decodeReply(encodeReply(step)) as Extract<ServeReply, { type: 'step' }>;
  assert.ok(back.rewards instanceof Float32Array && back.observations instanceof Uint8Array);
});
