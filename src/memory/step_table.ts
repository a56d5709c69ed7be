/**
 * Column storage for on-policy memories: one row per step, whole (stacked) observations. A
 * rollout is short and cleared after every update, so these keep observations as the agent saw
 * them rather than deduplicating frames like Replay.
 */
import type { MemoryLayout } from './memory_layout';
import type { ObsArray, Transition } from './types';

/** The columns of a run of steps. Every array is [rows, ...] in row order. */
export interface StepColumns {
  readonly observations: ObsArray;
  readonly actions: Int32Array | Float32Array;
  readonly rewards: Float32Array;
  readonly nextObservations: ObsArray;
  readonly terminated: Float32Array;
  readonly truncated: Float32Array;
  /** terminated OR truncated: the episode ended after this step. */
  readonly dones: Float32Array;
  readonly actionMasks?: Uint8Array;
}

/** Typed-array columns with a row capacity that can grow (doubling). */
export class StepTable {
  private readonly layout: MemoryLayout;
  private rowsCap: number;
  private cols: StepColumns;

  constructor(layout: MemoryLayout, capacity: number) {
    this.layout = layout;
    this.rowsCap = Math.max(1, capacity);
    this.cols = this.allocate(this.rowsCap);
  }

  /** Rows that fit without growing. */
  get capacity(): number {
    return this.rowsCap;
  }

  /** Grows (keeping the first `keep` rows) so that at least `rows` rows fit. */
  reserve(rows: number, keep: number): void {
    if (rows <= this.rowsCap) return;
    let cap = this.rowsCap;
    while (cap < rows) cap *= 2;
    const old = this.cols;
    this.cols = this.allocate(cap);
    this.rowsCap = cap;
    this.copyFrom(old, 0, 0, keep);
  }

  /** Writes step `t` at row `row` (which must fit). */
  write(row: number, t: Transition): void {
    const l = this.layout;
    const c = this.cols;
    c.observations.set(t.obs, row * l.obsSize);
    c.nextObservations.set(t.nextObs, row * l.obsSize);
    l.writeAction(c.actions, row, t.action);
    c.rewards[row] = t.reward;
    c.terminated[row] = t.terminated ? 1 : 0;
    c.truncated[row] = t.truncated ? 1 : 0;
    c.dones[row] = t.terminated || t.truncated ? 1 : 0;
    if (c.actionMasks && t.actionMask) c.actionMasks.set(t.actionMask, row * l.maskSize);
  }

  /** Copies rows [from, from+n) of `src` to rows [to, to+n) of this table (which must fit). */
  copyRowsFrom(src: StepTable, from: number, to: number, n: number): void {
    this.copyFrom(src.cols, from, to, n);
  }

  /** Views of rows [0, rows): they alias this table's storage. */
  view(rows: number): StepColumns {
    const l = this.layout;
    const c = this.cols;
    const os = rows * l.obsSize;
    return {
      observations: c.observations.subarray(0, os),
      actions: c.actions.subarray(0, rows * l.actionSize),
      rewards: c.rewards.subarray(0, rows),
      nextObservations: c.nextObservations.subarray(0, os),
      terminated: c.terminated.subarray(0, rows),
      truncated: c.truncated.subarray(0, rows),
      dones: c.dones.subarray(0, rows),
      ...(c.actionMasks ? { actionMasks: c.actionMasks.subarray(0, rows * l.maskSize) } : {}),
    };
  }

  /** Bytes held. */
  get byteLength(): number {
    const c = this.cols;
    return (
      c.observations.byteLength * 2 + c.actions.byteLength + c.rewards.byteLength * 4 +
      (c.actionMasks?.byteLength ?? 0)
    );
  }

  private allocate(rows: number): StepColumns {
    const l = this.layout;
    return {
      observations: l.newObs(rows * l.obsSize),
      actions: l.newActions(rows),
      rewards: new Float32Array(rows),
      nextObservations: l.newObs(rows * l.obsSize),
      terminated: new Float32Array(rows),
      truncated: new Float32Array(rows),
      dones: new Float32Array(rows),
      ...(l.maskSize > 0 ? { actionMasks: new Uint8Array(rows * l.maskSize) } : {}),
    };
  }

  private copyFrom(src: StepColumns, from: number, to: number, n: number): void {
    const l = this.layout;
    const d = this.cols;
    const span = (a: number, w: number): [number, number] => [a * w, (a + n) * w];
    d.observations.set(src.observations.subarray(...span(from, l.obsSize)), to * l.obsSize);
    d.nextObservations.set(src.nextObservations.subarray(...span(from, l.obsSize)), to * l.obsSize);
    d.actions.set(src.actions.subarray(...span(from, l.actionSize)), to * l.actionSize);
    d.rewards.set(src.rewards.subarray(from, from + n), to);
    d.terminated.set(src.terminated.subarray(from, from + n), to);
    d.truncated.set(src.truncated.subarray(from, from + n), to);
    d.dones.set(src.dones.subarray(from, from + n), to);
    if (d.actionMasks && src.actionMasks) {
      d.actionMasks.set(src.actionMasks.subarray(...span(from, l.maskSize)), to * l.maskSize);
    }
  }
}
