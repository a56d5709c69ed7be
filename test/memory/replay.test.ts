import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_REPLAY_BYTES, Replay } from '../../src/memory/replay';
import { MemoryLayout } from '../../src/memory/memory_layout';
import { TransitionStore } from '../../src/memory/transition_store';
import { MemoryError, SpecError } from '../../src/util/errors';
import type { MemoryOptions, Transition } from '../../src/memory/types';
import { Rng } from '../../src/util/rng';
import { generateRollout } from './fixtures';

const vectorOpts = (rng = new Rng(0)): MemoryOptions => ({
  obsShape: [2],
  obsDtype: 'float32',
  actionSpace: { type: 'discrete', n: 4 },
  rng,
});

/** Step i of one endless episode: obs [i, -i], next obs [i+1, -(i+1)], reward i. */
const chainStep = (i: number): Transition => ({
  obs: Float32Array.from([i, -i]),
  action: i % 4,
  reward: i,
  nextObs: Float32Array.from([i + 1, -(i + 1)]),
  terminated: false,
  truncated: false,
});

describe('Replay ring buffer', () => {
  test('after wrapping, holds exactly the newest max_size-1 transitions of one episode', () => {
    const mem = new Replay({ name: 'Replay', batch_size: 10, max_size: 10 }, vectorOpts());
    for (let i = 0; i < 25; i++) mem.add(chainStep(i));
    // 26 records written, 10 kept: transitions 16..24 (the newest record awaits its step).
    assert.equal(mem.size, 9);
    const seen = new Set<number>();
    for (let n = 0; n < 100; n++) {
      const b = mem.sample();
      for (let i = 0; i < b.batchSize; i++) {
        const id = b.rewards[i];
        seen.add(id);
        assert.deepEqual([...b.observations.subarray(2 * i, 2 * i + 2)], [id, -id]);
        assert.deepEqual([...b.nextObservations.subarray(2 * i, 2 * i + 2)], [id + 1, -(id + 1)]);
        assert.equal(b.actions[i], id % 4);
      }
    }
    assert.deepEqual([...seen].sort((a, b) => a - b), [16, 17, 18, 19, 20, 21, 22, 23, 24]);
  });

  test('terminated and truncated are stored apart', () => {
    const mem = new Replay({ name: 'Replay', batch_size: 32, max_size: 100 }, vectorOpts());
    mem.add({ ...chainStep(0), terminated: true });
    mem.add({ ...chainStep(1), truncated: true });
    const b = mem.sample();
    for (let i = 0; i < 32; i++) {
      assert.equal(b.terminated[i], b.rewards[i] === 0 ? 1 : 0);
      assert.equal(b.truncated[i], b.rewards[i] === 1 ? 1 : 0);
    }
  });

  test('sampling is uniform over the stored transitions', () => {
    const mem = new Replay({ name: 'Replay', batch_size: 50, max_size: 50 }, vectorOpts(new Rng(3)));
    for (let i = 0; i < 10; i++) mem.add(chainStep(i));
    const counts = new Array(10).fill(0);
    for (let n = 0; n < 400; n++) {
      const b = mem.sample();
      for (const r of b.rewards) counts[r]++;
    }
    // 2000 expected per bucket; sd ~42.
    for (const c of counts) assert.ok(Math.abs(c - 2000) < 250, `bucket ${c}`);
  });
});

test('use_cer puts the newest transition last in every batch', () => {
  const mem = new Replay({ name: 'Replay', batch_size: 8, max_size: 30, use_cer: true }, vectorOpts(new Rng(1)));
  for (let i = 0; i < 60; i++) {
    mem.add(chainStep(i));
    const b = mem.sample();
    assert.equal(b.rewards[7], i);
    assert.deepEqual([...b.observations.subarray(14, 16)], [i, -i]);
  }
  // Without CER the newest is not always there.
  const plain = new Replay({ name: 'Replay', batch_size: 8, max_size: 30 }, vectorOpts(new Rng(1)));
  let missing = 0;
  for (let i = 0; i < 60; i++) {
    plain.add(chainStep(i));
    if (!plain.sample().rewards.includes(i)) missing++;
  }
  assert.ok(missing > 10);
});

test('same seed and same steps give the same batches; another seed differs', () => {
  const cfg = { streams: 3, steps: 300, k: 4, p: 12, c: 1, dtype: 'uint8' as const, maxEpLen: 20, discreteActions: 3, shuffleStreams: true };
  const steps = generateRollout(cfg, 8);
  const build = (seed: number): Replay => {
    const mem = new Replay(
      { name: 'Replay', batch_size: 16, max_size: 120 },
      { obsShape: [12, 4], obsDtype: 'uint8', actionSpace: { type: 'discrete', n: 3 }, frameStack: 4, numEnvs: 3, rng: new Rng(seed) },
    );
    for (const { stream, t } of steps) mem.add(t, stream);
    return mem;
  };
  const a = build(42);
  const b = build(42);
  const c = build(43);
  for (let n = 0; n < 5; n++) {
    const ba = a.sample();
    const bb = b.sample();
    assert.deepEqual(ba.indices, bb.indices);
    assert.deepEqual(ba.observations, bb.observations);
    assert.deepEqual(ba.nextObservations, bb.nextObservations);
    assert.notDeepEqual(ba.indices, c.sample().indices);
  }
});

test('the batch record and its buffers are reused across calls', () => {
  const mem = new Replay({ name: 'Replay', batch_size: 4, max_size: 20 }, vectorOpts());
  for (let i = 0; i < 5; i++) mem.add(chainStep(i));
  const first = mem.sample();
  const obs = first.observations;
  const second = mem.sample();
  assert.equal(second, first);
  assert.equal(second.observations, obs);
  assert.deepEqual(second.obsShape, [2]);
});

test('stream ids keep env frame histories apart', () => {
  const mem = new Replay(
    { name: 'Replay', batch_size: 40, max_size: 40 },
    { obsShape: [1, 2], obsDtype: 'uint8', actionSpace: { type: 'discrete', n: 2 }, frameStack: 2, numEnvs: 2, rng: new Rng(2) },
  );
  // Env 0 sees frames 10, 11, 12...; env 1 sees 100, 101...; steps interleaved.
  const stack = (a: number, b: number): Uint8Array => Uint8Array.from([a, b]);
  for (let t = 0; t < 5; t++) {
    for (const [e, f0] of [[0, 10], [1, 100]] as const) {
      const prev = t === 0 ? f0 : f0 + t - 1;
      mem.add({ obs: stack(prev, f0 + t), action: 0, reward: e, nextObs: stack(f0 + t, f0 + t + 1), terminated: false, truncated: false }, e);
    }
  }
  const b = mem.sample();
  for (let i = 0; i < 40; i++) {
    const [x, y] = b.observations.subarray(2 * i, 2 * i + 2);
    const base = b.rewards[i] === 0 ? 10 : 100;
    assert.ok(x >= base && x < base + 10 && y >= base && y < base + 10, `mixed stack [${x}, ${y}]`);
    assert.ok(y === x + 1 || (x === base && y === base), `stack [${x}, ${y}] not consecutive`);
  }
  assert.throws(() => mem.add(chainStepU8(), 2), MemoryError);
});

function chainStepU8(): Transition {
  return { obs: new Uint8Array(2), action: 0, reward: 0, nextObs: new Uint8Array(2), terminated: false, truncated: false };
}

test('continuous and multi-discrete actions come back as Float32 / Int32 rows', () => {
  const cont = new Replay(
    { name: 'Replay', batch_size: 3, max_size: 10 },
    { obsShape: [1], obsDtype: 'float32', actionSpace: { type: 'continuous', shape: [2], low: -1, high: 1 }, rng: new Rng(0) },
  );
  cont.add({ obs: Float32Array.of(0), action: Float32Array.of(0.25, -0.5), reward: 1, nextObs: Float32Array.of(1), terminated: true, truncated: false });
  const cb = cont.sample();
  assert.ok(cb.actions instanceof Float32Array);
  assert.deepEqual([...cb.actions], [0.25, -0.5, 0.25, -0.5, 0.25, -0.5]);
  const md = new Replay(
    { name: 'Replay', batch_size: 2, max_size: 10 },
    { obsShape: [1], obsDtype: 'float32', actionSpace: { type: 'multi_discrete', nvec: [3, 4] }, rng: new Rng(0) },
  );
  md.add({ obs: Float32Array.of(0), action: Int32Array.of(2, 3), reward: 1, nextObs: Float32Array.of(1), terminated: true, truncated: false });
  const mb = md.sample();
  assert.ok(mb.actions instanceof Int32Array);
  assert.deepEqual([...mb.actions], [2, 3, 2, 3]);
});

test('bad sizes are SpecErrors listing every problem; sampling an empty memory is a MemoryError', () => {
  assert.throws(
    () => new Replay({ name: 'Replay', batch_size: 64, max_size: 32 }, vectorOpts()),
    (e: unknown) => e instanceof SpecError && /memory\.batch_size: must be <= max_size \(got 64 > 32\)/.test(e.message),
  );
  assert.throws(
    () => new Replay({ name: 'Replay', batch_size: 0, max_size: 1.5 }, vectorOpts()),
    (e: unknown) => e instanceof SpecError && e.problems.length === 2,
  );
  const mem = new Replay({ name: 'Replay', batch_size: 2, max_size: 10 }, vectorOpts());
  assert.throws(() => mem.sample(), MemoryError);
});

test('1e5 transitions of 84x84x4 stacked uint8 frames fit in well under 1 GB', () => {
  const maxSize = 100_000;
  const mem = new Replay(
    { name: 'Replay', batch_size: 32, max_size: maxSize },
    { obsShape: [84, 84, 4], obsDtype: 'uint8', actionSpace: { type: 'discrete', n: 6 }, frameStack: 4, rng: new Rng(0) },
  );
  const frameBytes = maxSize * 84 * 84;
  // Storing obs and next obs whole would take 2 * 1e5 * 28224 B = 5.6 GB.
  assert.ok(mem.byteLength < 1e9, `${mem.byteLength} bytes`);
  assert.ok(mem.byteLength >= frameBytes && mem.byteLength < frameBytes + 40 * maxSize, `${mem.byteLength} bytes`);
  // And it works at that size: a short episode goes in and comes back out.
  const frame = (v: number): Uint8Array => new Uint8Array(84 * 84 * 4).fill(v);
  for (let i = 0; i < 3; i++) {
    mem.add({ obs: frame(i), action: 1, reward: i, nextObs: frame(i + 1), terminated: i === 2, truncated: false });
  }
  const b = mem.sample();
  assert.equal(b.observations.length, 32 * 84 * 84 * 4);
  for (let i = 0; i < 32; i++) assert.equal(b.nextObservations[i * 28224 + 28223], b.rewards[i] + 1);
});

test('a replay that could never be allocated is a SpecError at memory.max_size naming the bytes, not a RangeError', () => {
  const huge = { obsShape: [84, 84, 4], obsDtype: 'uint8' as const, actionSpace: { type: 'discrete' as const, n: 6 }, frameStack: 4, numEnvs: 1, rng: new Rng(0) };
  assert.throws(() => new Replay({ name: 'Replay', batch_size: 32, max_size: 10_000_000 }, huge), (e: unknown) => {
    assert.ok(e instanceof SpecError, String(e));
    assert.equal(e.problems[0]!.path, 'memory.max_size');
    assert.match(e.problems[0]!.message, /10000000 transitions of \[84,84,4\] uint8 need 65\.9 GiB; at most 4\.0 GiB fits \(about 606719 transitions\)/);
    return true;
  });
  // A million Nature-CNN transitions: frames are stored once, 84x84 bytes each, about 7 GB: also refused.
  assert.throws(() => new Replay({ name: 'Replay', batch_size: 32, max_size: 1_000_000 }, huge), SpecError);
});

test('the bytes checked before allocating are the bytes the store then holds', () => {
  const opts = { obsShape: [84, 84, 4], obsDtype: 'uint8' as const, actionSpace: { type: 'discrete' as const, n: 6 }, frameStack: 4, numEnvs: 2, rng: new Rng(0) };
  const layout = new MemoryLayout(opts);
  assert.equal(TransitionStore.bytes(layout, 2, 500), new Replay({ name: 'Replay', batch_size: 32, max_size: 1000 }, opts).byteLength);
  assert.ok(TransitionStore.bytes(layout, 1, 100_000) <= MAX_REPLAY_BYTES, '1e5 Nature-CNN transitions fit');
});
