import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryLayout } from '../../src/memory/memory_layout';
import { ShapeError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { naiveStack } from './fixtures';

test('extractNewestFrame and gatherStack invert a naive stack (C = 1 and C = 3)', () => {
  const rng = new Rng(4);
  for (const c of [1, 3]) {
    const k = 4;
    const p = 5 * 7;
    const layout = new MemoryLayout({
      obsShape: [5, 7, c * k], obsDtype: 'uint8', actionSpace: { type: 'discrete', n: 2 }, frameStack: k,
    });
    assert.equal(layout.frameSize, p * c);
    const frames = Array.from({ length: k }, () => Uint8Array.from({ length: p * c }, () => rng.int(256)));
    const stacked = naiveStack(frames, p, c, 'uint8');
    const newest = new Uint8Array(p * c + 3);
    layout.extractNewestFrame(stacked, newest, 3);
    assert.deepEqual(newest.subarray(3), frames[k - 1]);
    // Frames laid out back to back in a store, gathered in a shuffled order.
    const store = new Uint8Array(k * p * c);
    const order = [2, 0, 3, 1];
    order.forEach((f, slot) => store.set(frames[f], slot * p * c));
    const offsets = Int32Array.from([1, 3, 0, 2].map((slot) => slot * p * c));
    // At an offset of 4 bytes the packed Uint32 path runs (C = 1), at 2 the byte loop.
    for (const at of [2, 4]) {
      const out = new Uint8Array(layout.obsSize + at);
      layout.gatherStack(store, offsets, out, at);
      assert.deepEqual(out.subarray(at), stacked, `C=${c}, at=${at}`);
    }
  }
});

test('float32 frames stack the same way (C = 1, K = 4)', () => {
  const rng = new Rng(6);
  const layout = new MemoryLayout({
    obsShape: [9, 4], obsDtype: 'float32', actionSpace: { type: 'discrete', n: 2 }, frameStack: 4,
  });
  const frames = Array.from({ length: 4 }, () => Float32Array.from({ length: 9 }, () => rng.normal()));
  const store = new Float32Array(36);
  frames.forEach((f, i) => store.set(f, i * 9));
  const out = new Float32Array(36);
  layout.gatherStack(store, Int32Array.of(0, 9, 18, 27), out, 0);
  assert.deepEqual(out, naiveStack(frames, 9, 1, 'float32'));
  const newest = new Float32Array(9);
  layout.extractNewestFrame(out, newest, 0);
  assert.deepEqual(newest, frames[3]);
});

test('bad shapes and inputs are ShapeErrors naming the field', () => {
  const opts = { obsShape: [4, 4, 6], obsDtype: 'uint8' as const, actionSpace: { type: 'discrete' as const, n: 3 } };
  assert.throws(() => new MemoryLayout({ ...opts, frameStack: 4 }), ShapeError);
  assert.throws(() => new MemoryLayout({ ...opts, obsShape: [4, 0] }), ShapeError);
  assert.throws(
    () => new MemoryLayout({ ...opts, actionSpace: { type: 'continuous', shape: [2], low: -1, high: 1 }, actionMask: true }),
    ShapeError,
  );
  const layout = new MemoryLayout({ ...opts, frameStack: 3 });
  const ok = { obs: new Uint8Array(96), action: 2, reward: 0, nextObs: new Uint8Array(96), terminated: false, truncated: false };
  layout.check(ok);
  assert.throws(() => layout.check({ ...ok, obs: new Uint8Array(95) }), /obs must hold 96/);
  assert.throws(() => layout.check({ ...ok, nextObs: new Float32Array(96) }), /nextObs must be a Uint8Array/);
  assert.throws(() => layout.check({ ...ok, action: 3 }), /discrete action/);
  assert.throws(() => layout.check({ ...ok, action: [0, 1] }), /action must hold 1/);
});

test('action widths: multi-discrete Int32, continuous Float32; mask width sums nvec', () => {
  const md = new MemoryLayout({
    obsShape: [3], obsDtype: 'float32', actionSpace: { type: 'multi_discrete', nvec: [2, 5] }, actionMask: true,
  });
  assert.equal(md.actionSize, 2);
  assert.ok(md.newActions(4) instanceof Int32Array);
  assert.equal(md.maskSize, 7);
  const ct = new MemoryLayout({ obsShape: [3], obsDtype: 'float32', actionSpace: { type: 'continuous', shape: [2, 3] } });
  assert.equal(ct.actionSize, 6);
  assert.ok(ct.newActions(4) instanceof Float32Array);
});
