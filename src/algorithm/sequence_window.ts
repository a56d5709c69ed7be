/**
 * Sliding observation windows for recurrent agents (SLM Lab v4's SeqReplay state buffer): a
 * RecurrentNet sees the last `seqLen` observations of its env, `[seqLen, ...obsShape]`, oldest
 * first, zero-padded before the episode's first observation. A window restarts (all zeros) when
 * its env's episode ends (terminated or truncated) or when the env is reset from outside.
 *
 * Replay memories store the windows themselves (obsShape `[seqLen, ...obsShape]`): the window of
 * a next observation is the acting window shifted by one with the next observation appended,
 * which `withNext` builds without touching the state.
 *
 * Acting and storing meet through `act` / `forStep`, keyed by content, never by object identity:
 * a driver may hand `update` a copy of what it gave `act` (the worker's structured clone does), or
 * an observation that was never acted on (a decision without an action request), and the stored
 * window is the same as the run loop's.
 */
import type { ObsBatch } from './algorithm';
import { ShapeError } from '../util/errors';

/** What a SequenceWindow is built with. */
export interface SequenceWindowOptions {
  numEnvs: number;
  /** One env's observation shape (frames already stacked). */
  obsShape: readonly number[];
  obsDtype: 'uint8' | 'float32';
  /** Steps per window (the net's seq_len), >= 1. */
  seqLen: number;
}

/** Per-env windows of the last `seqLen` observations. */
export class SequenceWindow {
  readonly numEnvs: number;
  readonly seqLen: number;
  readonly obsDtype: 'uint8' | 'float32';
  /** One window's shape: `[seqLen, ...obsShape]`. */
  readonly windowShape: readonly number[];
  /** Elements of one observation and of one window. */
  readonly obsSize: number;
  readonly windowSize: number;
  /** `[numEnvs, seqLen, ...obsShape]`, each env's window oldest first. */
  private readonly buffer: ObsBatch;
  /** 1 where the env's next push starts a new episode (its window is cleared first). */
  private readonly restart: Uint8Array;
  /** A copy of the observations the last `act` pushed, until a `forStep` takes them. */
  private acted: ObsBatch | null = null;

  constructor(o: SequenceWindowOptions) {
    if (!Number.isInteger(o.numEnvs) || o.numEnvs < 1) throw new ShapeError(`SequenceWindow: numEnvs must be a positive integer (got ${o.numEnvs})`);
    if (!Number.isInteger(o.seqLen) || o.seqLen < 1) throw new ShapeError(`SequenceWindow: seqLen must be a positive integer (got ${o.seqLen})`);
    if (o.obsShape.length === 0 || o.obsShape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new ShapeError(`SequenceWindow: obsShape must be positive integers (got [${o.obsShape}])`);
    }
    this.numEnvs = o.numEnvs;
    this.seqLen = o.seqLen;
    this.obsDtype = o.obsDtype;
    this.windowShape = Object.freeze([o.seqLen, ...o.obsShape]);
    this.obsSize = o.obsShape.reduce((a, b) => a * b, 1);
    this.windowSize = this.obsSize * o.seqLen;
    this.buffer = this.allocate(this.numEnvs * this.windowSize);
    this.restart = new Uint8Array(this.numEnvs).fill(1);
  }

  /**
   * Appends each env's observation (`[numEnvs, ...obsShape]`) to its window, dropping the
   * oldest, and returns a copy of all windows `[numEnvs, seqLen, ...obsShape]`.
   */
  push(observations: ObsBatch): ObsBatch {
    this.check(observations, 'push');
    const w = this.windowSize;
    const s = this.obsSize;
    for (let e = 0; e < this.numEnvs; e++) {
      const at = e * w;
      if (this.restart[e]) {
        this.buffer.fill(0, at, at + w);
        this.restart[e] = 0;
      } else {
        this.buffer.copyWithin(at, at + s, at + w);
      }
      this.buffer.set(observations.subarray(e * s, (e + 1) * s), at + w - s);
    }
    return this.buffer.slice();
  }

  /** `push` for acting: the windows, remembering `observations` (by value) for `forStep`. */
  act(observations: ObsBatch): ObsBatch {
    const windows = this.push(observations);
    this.acted = observations.slice();
    return windows;
  }

  /**
   * The windows a step's `observations` were acted on: the current ones when the last `act`
   * pushed equal observations (and no step took them since), else `observations` pushed now.
   */
  forStep(observations: ObsBatch): ObsBatch {
    const acted = this.acted;
    this.acted = null;
    return acted !== null && sameValues(acted, observations) ? this.current() : this.push(observations);
  }

  /** A copy of the current windows (what the last `push` returned). */
  current(): ObsBatch {
    return this.buffer.slice();
  }

  /**
   * The windows the envs would have after pushing `next` (`[numEnvs, ...obsShape]`), as if no
   * episode had ended in between: the next-observation windows of a replay transition. The
   * state is not changed.
   */
  withNext(next: ObsBatch): ObsBatch {
    this.check(next, 'withNext');
    const w = this.windowSize;
    const s = this.obsSize;
    const out = this.allocate(this.numEnvs * w);
    for (let e = 0; e < this.numEnvs; e++) {
      const at = e * w;
      if (!this.restart[e]) out.set(this.buffer.subarray(at + s, at + w), at);
      out.set(next.subarray(e * s, (e + 1) * s), at + w - s);
    }
    return out;
  }

  /** Restarts the windows of envs whose episode ended (`terminated` or `truncated` is 1). */
  endEpisodes(terminated: ArrayLike<number>, truncated: ArrayLike<number>): void {
    if (terminated.length !== this.numEnvs || truncated.length !== this.numEnvs) {
      throw new ShapeError(`SequenceWindow.endEpisodes: flags for ${terminated.length}/${truncated.length} envs, expected ${this.numEnvs}`);
    }
    for (let e = 0; e < this.numEnvs; e++) if (terminated[e] || truncated[e]) this.restart[e] = 1;
  }

  /** Restarts env `index`'s window: its next push starts from zeros (what was acted on is forgotten). */
  reset(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.numEnvs) {
      throw new RangeError(`SequenceWindow.reset: env ${index} outside [0, ${this.numEnvs})`);
    }
    this.restart[index] = 1;
    this.acted = null;
  }

  /** Restarts every window. */
  resetAll(): void {
    this.restart.fill(1);
    this.acted = null;
  }

  private allocate(n: number): ObsBatch {
    return this.obsDtype === 'uint8' ? new Uint8Array(n) : new Float32Array(n);
  }

  private check(x: ObsBatch, op: string): void {
    const want = this.obsDtype === 'uint8' ? Uint8Array : Float32Array;
    if (!(x instanceof want) || x.length !== this.numEnvs * this.obsSize) {
      throw new ShapeError(
        `SequenceWindow.${op}: expected a ${want.name} of ${this.numEnvs} x ${this.obsSize} values (got ${x.constructor.name} of ${x.length})`,
      );
    }
  }
}

/** Element-wise equality of two observation batches of the same type. */
function sameValues(a: ObsBatch, b: ObsBatch): boolean {
  if (a.constructor !== b.constructor || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
