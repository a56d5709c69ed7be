/**
 * Replay: SLM Lab's uniform experience replay (with optional combined experience replay), on
 * frame-deduplicating storage (see transition_store.ts).
 *
 * Capacity: `max_size` records split evenly over `numEnvs` stream rings (ceil(max_size/numEnvs)
 * each, at least 2). Sampling is uniform with replacement over the sampleable transitions.
 */
import type { Rng } from '../util/rng';
import { MemoryError, SpecError } from '../util/errors';
import { MemoryLayout } from './memory_layout';
import { SpecReader } from './spec_checks';
import { TransitionStore } from './transition_store';
import type { MemoryOptions, MemorySpec, ObsArray, Transition } from './types';

/**
 * Bytes one replay memory may hold (its frames and per-step fields): 4 GiB, about what one browser
 * tab can allocate; a spec asking for more is a SpecError at load, not a RangeError in the worker.
 */
export const MAX_REPLAY_BYTES = 4 * 2 ** 30;

const gib = (bytes: number): string => (bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 2 : 1);

/**
 * One sampled batch, batch-major, ready to upload as tensors. The arrays are the memory's own
 * buffers, reused by every call: the record is valid until the next `sample()`.
 */
export interface ReplayBatch {
  /** Shape of one observation; `observations` is [batchSize, ...obsShape]. */
  readonly obsShape: readonly number[];
  readonly batchSize: number;
  readonly observations: ObsArray;
  /** [batchSize] (discrete) or [batchSize, actionSize]. */
  readonly actions: Int32Array | Float32Array;
  readonly rewards: Float32Array;
  readonly nextObservations: ObsArray;
  /** 1 where the episode terminated: the only flag that stops bootstrapping. */
  readonly terminated: Float32Array;
  /** 1 where the episode was cut short (time limit): bootstrap from nextObservations. */
  readonly truncated: Float32Array;
  /** Slots sampled; pass them back to `PrioritizedReplay.updatePriorities`. */
  readonly indices: Int32Array;
  /** Importance-sampling weights (PrioritizedReplay only). */
  readonly weights?: Float32Array;
  /** [batchSize, maskSize] masks of observations / next observations (when masks are stored). */
  readonly actionMasks?: Uint8Array;
  readonly nextActionMasks?: Uint8Array;
}

/** Buffers one or more transitions are copied into (a ReplayBatch's, or a caller's own). */
export type TransitionRows = Pick<ReplayBatch, 'observations' | 'nextObservations' | 'actions' | 'rewards' | 'terminated' | 'truncated' | 'actionMasks' | 'nextActionMasks'>;

/** Uniform replay memory. Spec keys: batch_size (32), max_size (10000), use_cer (false). */
export class Replay {
  readonly name: string = 'Replay';
  readonly batchSize: number;
  readonly maxSize: number;
  readonly useCer: boolean;
  readonly layout: MemoryLayout;
  protected readonly store: TransitionStore;
  protected readonly rng: Rng;
  protected readonly batch: ReplayBatch;

  /**
   * @param read subclasses pass the reader holding their own spec problems, so that one
   *   SpecError lists every problem of the spec.
   */
  constructor(spec: MemorySpec, opts: MemoryOptions, read: SpecReader = new SpecReader(spec)) {
    this.batchSize = read.int('batch_size', 32);
    this.maxSize = read.int('max_size', 10000, 2);
    this.useCer = read.bool('use_cer', false);
    const numEnvs = opts.numEnvs ?? 1;
    const perStream = Math.ceil(this.maxSize / numEnvs);
    if (this.batchSize > this.maxSize) {
      read.problem('batch_size', `must be <= max_size (got ${this.batchSize} > ${this.maxSize})`);
    }
    if (Number.isInteger(numEnvs) && numEnvs >= 1 && perStream < 2) {
      read.problem('max_size', `must give each of the ${numEnvs} envs at least 2 records (got ${this.maxSize})`);
    }
    if (!Number.isInteger(numEnvs) || numEnvs < 1) {
      read.done();
      throw new MemoryError(`memory: numEnvs must be a positive integer (got ${numEnvs})`);
    }
    this.layout = new MemoryLayout(opts);
    const bytes = TransitionStore.bytes(this.layout, numEnvs, perStream);
    if (bytes > MAX_REPLAY_BYTES) {
      read.problem('max_size', `${this.maxSize} transitions of [${this.layout.obsShape}] ${this.layout.obsDtype} need ${gib(bytes)} GiB; at most ${gib(MAX_REPLAY_BYTES)} GiB fits (about ${Math.floor(this.maxSize * MAX_REPLAY_BYTES / bytes)} transitions)`);
    }
    read.done();
    try {
      this.store = new TransitionStore(this.layout, numEnvs, perStream);
    } catch (e) {
      // Under the cap, yet more than this machine or tab can allocate now.
      if (!(e instanceof RangeError)) throw e;
      throw new SpecError([{ path: 'memory.max_size', message: `${this.maxSize} transitions need ${gib(bytes)} GiB, which could not be allocated here (${e.message}); lower max_size` }]);
    }
    this.rng = opts.rng;
    const b = this.batchSize;
    const l = this.layout;
    const masked = l.maskSize > 0;
    this.batch = {
      obsShape: l.obsShape,
      batchSize: b,
      observations: l.newObs(b * l.obsSize),
      actions: l.newActions(b),
      rewards: new Float32Array(b),
      nextObservations: l.newObs(b * l.obsSize),
      terminated: new Float32Array(b),
      truncated: new Float32Array(b),
      indices: new Int32Array(b),
      ...(masked
        ? { actionMasks: new Uint8Array(b * l.maskSize), nextActionMasks: new Uint8Array(b * l.maskSize) }
        : {}),
    };
  }

  /** Adds one step of env stream `stream` (0 <= stream < numEnvs; default 0). */
  add(t: Transition, stream = 0): void {
    this.store.add(t, stream);
  }

  /** Makes the next `add` on `stream` start a new episode (an env reset without done). */
  resetStream(stream: number): void {
    this.store.resetStream(stream);
  }

  /** Transitions that can be sampled now. */
  get size(): number {
    return this.store.valid.size;
  }

  /** Transitions added since construction, over all streams. */
  get totalAdded(): number {
    return this.store.added;
  }

  /** Bytes of storage held (frames, per-slot data and index arrays; batch buffers excluded). */
  get byteLength(): number {
    return this.store.byteLength;
  }

  /**
   * Draws `batchSize` transitions uniformly with replacement (the newest one last when
   * `use_cer`). Reuses the batch buffers: the record is valid until the next call.
   * @param rng the random stream (default: the memory's own `opts.rng`).
   */
  sample(rng: Rng = this.rng): ReplayBatch {
    if (this.store.valid.size === 0) {
      throw new MemoryError(`${this.name}: cannot sample, no complete transition stored yet`);
    }
    const idx = this.batch.indices;
    this.selectIndices(rng, idx);
    if (this.useCer && this.store.valid.has(this.store.latest)) idx[idx.length - 1] = this.store.latest;
    this.fill();
    return this.batch;
  }

  /** Fills `out` with sampled slots; PrioritizedReplay draws by priority instead. */
  protected selectIndices(rng: Rng, out: Int32Array): void {
    const valid = this.store.valid;
    const n = valid.size;
    for (let i = 0; i < out.length; i++) out[i] = valid.at(rng.int(n));
  }

  /** Copies the transitions at `batch.indices` into the batch buffers. */
  private fill(): void {
    const b = this.batch;
    for (let i = 0; i < b.batchSize; i++) this.copyTransition(b.indices[i], b, i);
  }

  /**
   * Copies transition `slot` into row `row` of batch-shaped buffers (sizes as `sample`'s; the
   * masks only when the memory stores them and `out` has them).
   */
  copyTransition(slot: number, out: TransitionRows, row: number): void {
    const s = this.store;
    const l = this.layout;
    const os = l.obsSize;
    const as = l.actionSize;
    const ms = l.maskSize;
    const g = slot;
    const i = row;
    s.writeObs(g, out.observations, i * os);
    s.writeNextObs(g, out.nextObservations, i * os);
    for (let j = 0; j < as; j++) out.actions[i * as + j] = s.actions[g * as + j];
    out.rewards[i] = s.rewards[g];
    out.terminated[i] = s.terminated[g];
    out.truncated[i] = s.truncated[g];
    if (ms > 0 && out.actionMasks && out.nextActionMasks) {
      const next = s.nextRecord(g);
      for (let j = 0; j < ms; j++) {
        out.actionMasks[i * ms + j] = s.masks[g * ms + j];
        out.nextActionMasks[i * ms + j] = s.masks[next * ms + j];
      }
    }
  }

  /** The j-th sampleable transition's slot, 0 <= j < size (a uniform draw over several memories picks j). */
  slotAt(j: number): number {
    return this.store.valid.at(j);
  }

  /** The newest transition's slot when it is sampleable (use_cer puts it in every batch), else -1. */
  get newestSlot(): number {
    const latest = this.store.latest;
    return latest >= 0 && this.store.valid.has(latest) ? latest : -1;
  }

  /** The n-step return of transition `slot` (see TransitionStore.nStep). */
  nStep(slot: number, n: number, gamma: number): { ret: number; discount: number; record: number } {
    return this.store.nStep(slot, n, gamma);
  }

  /** Writes the stacked observation of record `record` (e.g. an n-step bootstrap) to `out[at..]`. */
  writeRecordObs(record: number, out: ObsArray, at: number): void {
    this.store.writeObs(record, out, at);
  }

  /** Copies the action mask stored with record `record` to `out[at..]` (nothing without masks). */
  writeRecordMask(record: number, out: Uint8Array, at: number): void {
    const ms = this.layout.maskSize;
    for (let j = 0; j < ms; j++) out[at + j] = this.store.masks[record * ms + j];
  }
}
