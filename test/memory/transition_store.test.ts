import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryLayout } from '../../src/memory/memory_layout';
import { TransitionStore } from '../../src/memory/transition_store';
import { generateRollout, type GeneratedStep, type RolloutConfig } from './fixtures';

/** Ids of the transitions a store of `perStream` records per stream must hold, computed from lists. */
function expectedIds(steps: GeneratedStep[], upTo: number, streams: number, perStream: number, k: number): Set<number> {
  const records: { id: number; inEpisode: number }[][] = Array.from({ length: streams }, () => []);
  const open = new Array(streams).fill(false);
  for (const { stream, id, t } of steps.slice(0, upTo)) {
    const recs = records[stream];
    if (!open[stream]) recs.push({ id: -1, inEpisode: 0 });
    const last = recs[recs.length - 1];
    last.id = id;
    recs.push({ id: -1, inEpisode: last.inEpisode + 1 });
    open[stream] = !(t.terminated || t.truncated);
  }
  const ids = new Set<number>();
  for (const recs of records) {
    const window = recs.slice(-perStream);
    window.forEach((r, pos) => {
      if (r.id >= 0 && pos >= Math.min(k - 1, r.inEpisode)) ids.add(r.id);
    });
  }
  return ids;
}

function checkAgainstReference(cfg: RolloutConfig, perStream: number, seed: number): void {
  const steps = generateRollout(cfg, seed);
  const layout = new MemoryLayout({
    obsShape: [cfg.p, cfg.c * cfg.k],
    obsDtype: cfg.dtype,
    actionSpace: { type: 'discrete', n: cfg.discreteActions },
    frameStack: cfg.k,
    actionMask: true,
  });
  const store = new TransitionStore(layout, cfg.streams, perStream);
  const obs = layout.newObs(layout.obsSize);
  const next = layout.newObs(layout.obsSize);
  let checks = 0;
  steps.forEach(({ stream, t }, i) => {
    store.add(t, stream);
    if (i % 13 !== 12 && i !== steps.length - 1) return;
    const want = expectedIds(steps, i + 1, cfg.streams, perStream, cfg.k);
    const got = new Set<number>();
    for (let j = 0; j < store.valid.size; j++) {
      const slot = store.valid.at(j);
      const id = store.rewards[slot];
      got.add(id);
      const ref = steps[id].t;
      store.writeObs(slot, obs, 0);
      store.writeNextObs(slot, next, 0);
      assert.deepEqual(obs, ref.obs, `obs of step ${id}`);
      assert.deepEqual(next, ref.nextObs, `next obs of step ${id}`);
      assert.equal(store.actions[slot], ref.action);
      assert.equal(store.terminated[slot], ref.terminated ? 1 : 0);
      assert.equal(store.truncated[slot], ref.truncated ? 1 : 0);
      const m = layout.maskSize;
      assert.deepEqual(store.masks.subarray(slot * m, slot * m + m), ref.actionMask);
      const ns = store.perStream;
      const nextSlot = slot - (slot % ns) + ((slot % ns) + 1) % ns;
      assert.deepEqual(store.masks.subarray(nextSlot * m, nextSlot * m + m), ref.nextActionMask);
      checks++;
    }
    assert.deepEqual([...got].sort((a, b) => a - b), [...want].sort((a, b) => a - b), `valid set after ${i + 1} steps`);
  });
  assert.ok(checks >= 20, `too few transitions checked (${checks})`);
}

const base: RolloutConfig = {
  streams: 1, steps: 400, k: 4, p: 6, c: 1, dtype: 'uint8', maxEpLen: 9, discreteActions: 3, shuffleStreams: false,
};

describe('TransitionStore frame stacking matches a store-everything FrameStack', () => {
  test('one stream, 84x84-like grayscale stacking (C=1, K=4), ring wraps many times', () => {
    checkAgainstReference(base, 23, 1);
  });
  test('three randomly interleaved streams, C=2, K=3, float32 frames', () => {
    checkAgainstReference({ ...base, streams: 3, k: 3, c: 2, dtype: 'float32', shuffleStreams: true }, 17, 2);
  });
  test('episodes of length 1 and 2 (every record near an episode boundary)', () => {
    checkAgainstReference({ ...base, streams: 2, maxEpLen: 2 }, 11, 3);
  });
  test('long episodes in a ring shorter than an episode', () => {
    checkAgainstReference({ ...base, maxEpLen: 60 }, 9, 4);
  });
  test('ring smaller than the stack (3 records, K=4)', () => {
    checkAgainstReference({ ...base, maxEpLen: 5 }, 3, 5);
  });
  test('no stacking (K=1): plain observations', () => {
    checkAgainstReference({ ...base, k: 1, c: 3, streams: 2, shuffleStreams: true }, 15, 6);
  });
});

test('each frame is stored once: the frame array holds one frame per record', () => {
  const layout = new MemoryLayout({
    obsShape: [84, 84, 4], obsDtype: 'uint8', actionSpace: { type: 'discrete', n: 4 }, frameStack: 4,
  });
  const store = new TransitionStore(layout, 2, 50);
  assert.equal(store.frames.length, 2 * 50 * 84 * 84);
});

test('resetStream starts a new episode on the next add even without done', () => {
  const layout = new MemoryLayout({
    obsShape: [2, 2], obsDtype: 'float32', actionSpace: { type: 'discrete', n: 2 }, frameStack: 2,
  });
  const store = new TransitionStore(layout, 1, 10);
  // Frames are 2-vectors laid out per position: obs [p0f0, p0f1, p1f0, p1f1].
  const stack = (f0: number, f1: number): Float32Array => Float32Array.from([f0, f1, f0 + 10, f1 + 10]);
  store.add({ obs: stack(1, 1), action: 0, reward: 0, nextObs: stack(1, 2), terminated: false, truncated: false });
  store.resetStream(0);
  store.add({ obs: stack(5, 5), action: 1, reward: 1, nextObs: stack(5, 6), terminated: false, truncated: false });
  const out = new Float32Array(4);
  store.writeObs(store.latest, out, 0);
  assert.deepEqual(out, stack(5, 5));
  store.writeNextObs(store.latest, out, 0);
  assert.deepEqual(out, stack(5, 6));
  // The cut-off first episode keeps its one transition, next obs intact.
  assert.equal(store.valid.size, 2);
  const first = store.valid.at(0) === store.latest ? store.valid.at(1) : store.valid.at(0);
  store.writeNextObs(first, out, 0);
  assert.deepEqual(out, stack(1, 2));
});
