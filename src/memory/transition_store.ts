/**
 * Storage behind Replay and PrioritizedReplay: every observation FRAME is stored once, as a
 * record in a per-stream ring, and stacked observations are rebuilt on demand.
 *
 * Index scheme. Each env stream s owns a ring of `perStream` records (global slot s*perStream+r).
 * A record holds one frame (the newest frame of an observation), its action mask, `startDist` =
 * how many earlier records of the same episode precede it (capped at K-1), and, once the next
 * step arrives, the transition taken from it (action, reward, terminated, truncated). An episode
 * of L steps uses L+1 records: o_0 .. o_L. Transition t is (record t, record t+1), so next_obs is
 * the following record, never a second copy. The stacked observation at record r takes frames
 * r - min(K-1-f, startDist[r]) for f = 0..K-1 (oldest first): before an episode's first frame
 * the first frame repeats, which is what Gym's FrameStack shows the agent after reset.
 *
 * A slot is sampleable ("valid") when it holds a transition and every frame of its stack is
 * still in the ring; the newest record of a stream, an episode's last record and the first
 * records of a wrapped ring whose history was overwritten are not. Capacity is counted in
 * records, so `max_size` frames hold max_size minus (episodes stored) transitions.
 */
import { assert } from '../util/assert';
import { MemoryError } from '../util/errors';
import type { MemoryLayout } from './memory_layout';
import { DenseSet } from './dense_set';
import type { ObsArray, Transition } from './types';

/** Called when a slot becomes sampleable (true) or stops being sampleable (false). */
export type SlotListener = (slot: number, valid: boolean) => void;

/** Per-stream rings of frame records with O(1) validity bookkeeping. */
export class TransitionStore {
  readonly layout: MemoryLayout;
  readonly streams: number;
  readonly perStream: number;
  /** streams * perStream: slot indices are in [0, slots). */
  readonly slots: number;
  /** Sampleable slots. */
  readonly valid: DenseSet;
  /** Slot of the most recently added transition (-1 before any). */
  latest = -1;
  /** Transitions added since construction, over all streams. */
  added = 0;
  /** Told about every change of a slot's validity (PrioritizedReplay keeps its trees in step). */
  onValidChange: SlotListener | null = null;

  readonly frames: ObsArray;
  readonly actions: Int32Array | Float32Array;
  readonly rewards: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly masks: Uint8Array;
  private readonly startDist: Int32Array;
  private readonly hasNext: Uint8Array;
  private readonly head: Int32Array;
  private readonly count: Int32Array;
  private readonly open: Uint8Array;
  private readonly offsets: Int32Array;

  /** Bytes the store's arrays take for `streams` rings of `perStream` records. */
  static bytes(layout: MemoryLayout, streams: number, perStream: number): number {
    const n = streams * perStream;
    const obsBytes = layout.obsDtype === 'uint8' ? 1 : 4;
    // frames, actions (4 bytes a value), reward 4, terminated/truncated/hasNext 1 each, startDist 4,
    // masks, and the valid set's two Int32Arrays (see byteLength).
    return n * (layout.frameSize * obsBytes + layout.actionSize * 4 + 4 + 3 + 4 + layout.maskSize + 8);
  }

  /**
   * @param perStream records per stream ring (>= 2).
   */
  constructor(layout: MemoryLayout, streams: number, perStream: number) {
    assert(perStream >= 2 && streams >= 1, () => `TransitionStore: ${streams} streams x ${perStream}`);
    this.layout = layout;
    this.streams = streams;
    this.perStream = perStream;
    const n = streams * perStream;
    this.slots = n;
    this.frames = layout.newObs(n * layout.frameSize);
    this.actions = layout.newActions(n);
    this.rewards = new Float32Array(n);
    this.terminated = new Uint8Array(n);
    this.truncated = new Uint8Array(n);
    this.masks = new Uint8Array(n * layout.maskSize);
    this.startDist = new Int32Array(n);
    this.hasNext = new Uint8Array(n);
    this.head = new Int32Array(streams);
    this.count = new Int32Array(streams);
    this.open = new Uint8Array(streams);
    this.offsets = new Int32Array(layout.frameStack);
    this.valid = new DenseSet(n);
  }

  /**
   * Adds one step of stream `stream`. A stream whose last step ended its episode (or that was
   * reset, or is new) starts an episode: the newest frame of `t.obs` becomes its first record.
   * Otherwise `t.obs` is taken to be the previous step's `nextObs` and is not read again.
   */
  add(t: Transition, stream = 0): void {
    if (!Number.isInteger(stream) || stream < 0 || stream >= this.streams) {
      throw new MemoryError(`memory: stream ${stream} outside [0, ${this.streams}) (numEnvs)`);
    }
    this.layout.check(t);
    const ns = this.perStream;
    const base = stream * ns;
    if (!this.open[stream]) this.writeRecord(stream, t.obs, 0, t.actionMask);
    const r = (this.head[stream] - 1 + ns) % ns;
    const g = base + r;
    this.layout.writeAction(this.actions, g, t.action);
    this.rewards[g] = t.reward;
    this.terminated[g] = t.terminated ? 1 : 0;
    this.truncated[g] = t.truncated ? 1 : 0;
    this.hasNext[g] = 1;
    const k1 = this.layout.frameStack - 1;
    this.writeRecord(stream, t.nextObs, Math.min(k1, this.startDist[g] + 1), t.nextActionMask);
    this.setValid(g, this.position(stream, r) >= this.startDist[g]);
    this.open[stream] = t.terminated || t.truncated ? 0 : 1;
    this.latest = g;
    this.added++;
  }

  /** The next step of `stream` starts a new episode, even though the last one did not end it. */
  resetStream(stream: number): void {
    if (stream >= 0 && stream < this.streams) this.open[stream] = 0;
  }

  /** Writes the stacked observation of slot `slot` to `out[at..]`. */
  writeObs(slot: number, out: ObsArray, at: number): void {
    this.gather(slot, out, at);
  }

  /** Writes the stacked next observation of slot `slot` to `out[at..]`. */
  writeNextObs(slot: number, out: ObsArray, at: number): void {
    this.gather(this.nextRecord(slot), out, at);
  }

  /** The record after `slot` in its stream's ring (its next observation). */
  nextRecord(slot: number): number {
    const ns = this.perStream;
    const r = slot % ns;
    return slot - r + ((r + 1) % ns);
  }

  /**
   * The n-step return from transition `slot` over the steps of its episode that are stored:
   * `ret` = sum_{j<k} gamma^j r_{t+j} for the k <= n steps taken; `record` the record it
   * bootstraps from (the next record of its k-th step), `discount` gamma^k, or 0 where the
   * episode terminated within the n steps. It stops early at a truncation and at the newest
   * record (whose step has not come yet): both bootstrap.
   */
  nStep(slot: number, n: number, gamma: number): { ret: number; discount: number; record: number } {
    let g = slot;
    let ret = 0;
    let discount = 1;
    for (let k = 0; ; k++) {
      ret += discount * this.rewards[g];
      discount *= gamma;
      const next = this.nextRecord(g);
      if (this.terminated[g]) return { ret, discount: 0, record: next };
      if (this.truncated[g] || k === n - 1 || !this.hasNext[next]) return { ret, discount, record: next };
      g = next;
    }
  }

  /** Bytes held by every array of the store. */
  get byteLength(): number {
    return (
      this.frames.byteLength + this.actions.byteLength + this.rewards.byteLength +
      this.terminated.byteLength + this.truncated.byteLength + this.masks.byteLength +
      this.startDist.byteLength + this.hasNext.byteLength + this.valid.byteLength
    );
  }

  private gather(slot: number, out: ObsArray, at: number): void {
    const ns = this.perStream;
    const r = slot % ns;
    const base = slot - r;
    const d0 = this.startDist[slot];
    const k = this.layout.frameStack;
    const fs = this.layout.frameSize;
    for (let f = 0; f < k; f++) {
      const d = Math.min(k - 1 - f, d0);
      this.offsets[f] = (base + ((r - d + ns) % ns)) * fs;
    }
    this.layout.gatherStack(this.frames, this.offsets, out, at);
  }

  /** Position of ring index r from the oldest live record of `stream`. */
  private position(stream: number, r: number): number {
    const ns = this.perStream;
    const oldest = this.count[stream] < ns ? 0 : this.head[stream];
    return (r - oldest + ns) % ns;
  }

  private writeRecord(stream: number, obs: ObsArray, startDist: number, mask: Uint8Array | undefined): void {
    const ns = this.perStream;
    const r = this.head[stream];
    const g = stream * ns + r;
    const wrapped = this.count[stream] === ns;
    if (wrapped) this.setValid(g, false);
    this.layout.extractNewestFrame(obs, this.frames, g * this.layout.frameSize);
    const m = this.layout.maskSize;
    if (m > 0 && mask) this.masks.set(mask, g * m);
    this.startDist[g] = startDist;
    this.hasNext[g] = 0;
    this.terminated[g] = 0;
    this.truncated[g] = 0;
    this.head[stream] = (r + 1) % ns;
    if (!wrapped) {
      this.count[stream]++;
      return;
    }
    // The oldest record moved on: records near the front may have lost frames of their stack.
    const front = Math.min(this.layout.frameStack - 1, ns);
    for (let p = 0; p < front; p++) {
      const s = stream * ns + ((this.head[stream] + p) % ns);
      if (this.startDist[s] > p) this.setValid(s, false);
    }
  }

  private setValid(slot: number, v: boolean): void {
    if (this.valid.has(slot) === v) return;
    if (v) this.valid.add(slot);
    else this.valid.delete(slot);
    this.onValidChange?.(slot, v);
  }
}
