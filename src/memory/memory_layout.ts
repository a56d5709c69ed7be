/**
 * Geometry shared by every memory: observation and frame sizes, how frames stack, action and mask
 * widths; plus the checks on what a caller adds (typed ShapeErrors) and the copy kernels.
 *
 * Stacking follows Gym's FrameStack: K frames concatenated on the last axis, oldest first. With
 * P = prod(obsShape[:-1]) and C = obsShape[-1] / K channels per frame, element (p, k, c) of the
 * stacked observation is at p*K*C + k*C + c. Vectors are the case P = 1.
 */
import { ShapeError } from '../util/errors';
import type { ActionSpaceLike, MemoryOptions, ObsArray, ObsDtype, Transition } from './types';

/** Whether a Uint32 read of 4 bytes puts the first byte lowest (true on every common platform). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Sizes and copy kernels for one memory's observations, actions and masks. */
export class MemoryLayout {
  readonly obsShape: readonly number[];
  readonly obsDtype: ObsDtype;
  /** Elements in one (stacked) observation. */
  readonly obsSize: number;
  /** K, frames per observation. */
  readonly frameStack: number;
  /** Elements in one frame (obsSize / K). */
  readonly frameSize: number;
  /** Positions before the last axis (P) and channels per frame (C). */
  readonly positions: number;
  readonly channels: number;
  readonly actionSpace: ActionSpaceLike;
  /** Values per action: 1 (discrete), nvec.length or prod(shape). */
  readonly actionSize: number;
  /** Whether actions are stored as Int32 (discrete kinds) or Float32 (continuous). */
  readonly actionIsInt: boolean;
  /** Mask values per observation, 0 when masks are not stored. */
  readonly maskSize: number;
  /** Uint32 views of output buffers, made once per buffer, for the packed 4-frame gather. */
  private readonly words = new WeakMap<ArrayBufferLike, Uint32Array>();

  constructor(opts: Pick<MemoryOptions, 'obsShape' | 'obsDtype' | 'actionSpace' | 'frameStack' | 'actionMask'>) {
    const shape = opts.obsShape;
    const k = opts.frameStack ?? 1;
    if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d <= 0)) {
      throw new ShapeError(`memory: obsShape must be positive integers (got [${shape.join(', ')}])`);
    }
    if (!Number.isInteger(k) || k < 1) {
      throw new ShapeError(`memory: frameStack must be a positive integer (got ${k})`);
    }
    const last = shape[shape.length - 1];
    if (last % k !== 0) {
      throw new ShapeError(
        `memory: the last axis of obsShape [${shape.join(', ')}] (${last}) is not divisible by frameStack ${k}`,
      );
    }
    this.obsShape = Object.freeze([...shape]);
    this.obsDtype = opts.obsDtype;
    this.obsSize = shape.reduce((a, b) => a * b, 1);
    this.frameStack = k;
    this.frameSize = this.obsSize / k;
    this.channels = last / k;
    this.positions = this.obsSize / last;
    this.actionSpace = opts.actionSpace;
    const a = opts.actionSpace;
    if (a.type === 'discrete') {
      this.actionSize = 1;
      this.actionIsInt = true;
    } else if (a.type === 'multi_discrete') {
      this.actionSize = a.nvec.length;
      this.actionIsInt = true;
    } else {
      this.actionSize = a.shape.reduce((x, y) => x * y, 1);
      this.actionIsInt = false;
    }
    if (opts.actionMask) {
      if (a.type === 'continuous') throw new ShapeError('memory: action masks need a discrete action space');
      this.maskSize = a.type === 'discrete' ? a.n : a.nvec.reduce((x, y) => x + y, 0);
    } else {
      this.maskSize = 0;
    }
  }

  /** A zeroed observation array of `n` observations' worth of elements. */
  newObs(elements: number): ObsArray {
    return this.obsDtype === 'uint8' ? new Uint8Array(elements) : new Float32Array(elements);
  }

  /** A zeroed action array for `rows` actions. */
  newActions(rows: number): Int32Array | Float32Array {
    const n = rows * this.actionSize;
    return this.actionIsInt ? new Int32Array(n) : new Float32Array(n);
  }

  /** Throws a ShapeError naming the field if `t` does not fit this memory. */
  check(t: Transition): void {
    this.checkObs(t.obs, 'obs');
    this.checkObs(t.nextObs, 'nextObs');
    const a = t.action;
    if (typeof a === 'number') {
      if (this.actionSize !== 1) {
        throw new ShapeError(`memory: action must hold ${this.actionSize} values (got a number)`);
      }
    } else if (a.length !== this.actionSize) {
      throw new ShapeError(`memory: action must hold ${this.actionSize} values (got ${a.length})`);
    }
    if (this.actionSpace.type === 'discrete') {
      const v = typeof a === 'number' ? a : a[0];
      if (!Number.isInteger(v) || v < 0 || v >= this.actionSpace.n) {
        throw new ShapeError(`memory: discrete action must be an integer in [0, ${this.actionSpace.n}) (got ${v})`);
      }
    }
    if (this.maskSize > 0) {
      this.checkMask(t.actionMask, 'actionMask');
      this.checkMask(t.nextActionMask, 'nextActionMask');
    }
  }

  /** Writes action `a` into row `row` of `dst`. */
  writeAction(dst: Int32Array | Float32Array, row: number, a: number | ArrayLike<number>): void {
    if (typeof a === 'number') dst[row] = a;
    else for (let i = 0; i < this.actionSize; i++) dst[row * this.actionSize + i] = a[i];
  }

  /** Copies the newest frame of stacked observation `obs` to `dst` at element `at`. */
  extractNewestFrame(obs: ObsArray, dst: ObsArray, at: number): void {
    const k = this.frameStack;
    if (k === 1) {
      dst.set(obs, at);
      return;
    }
    const c = this.channels;
    if (c === 1) {
      for (let p = 0, s = k - 1; p < this.positions; p++, s += k) dst[at + p] = obs[s];
      return;
    }
    const stride = k * c;
    let src = (k - 1) * c;
    let o = at;
    for (let p = 0; p < this.positions; p++, src += stride) {
      for (let j = 0; j < c; j++) dst[o++] = obs[src + j];
    }
  }

  /**
   * Builds one stacked observation at `out[at..]` from the K frames whose start elements in
   * `frames` are `offsets[0..K)` (oldest first).
   */
  gatherStack(frames: ObsArray, offsets: Int32Array, out: ObsArray, at: number): void {
    const k = this.frameStack;
    if (k === 1) {
      out.set(frames.subarray(offsets[0], offsets[0] + this.frameSize), at);
      return;
    }
    const c = this.channels;
    if (c === 1 && k === 4 && this.obsDtype === 'uint8' && LITTLE_ENDIAN && ((out.byteOffset + at) & 3) === 0) {
      this.gatherPacked4(frames as Uint8Array, offsets, out as Uint8Array, at);
      return;
    }
    let o = at;
    if (c === 1) {
      // The common grayscale case: one element per frame per position.
      for (let p = 0; p < this.positions; p++) {
        for (let f = 0; f < k; f++) out[o++] = frames[offsets[f] + p];
      }
      return;
    }
    for (let p = 0; p < this.positions; p++) {
      const base = p * c;
      for (let f = 0; f < k; f++) {
        const src = offsets[f] + base;
        for (let j = 0; j < c; j++) out[o++] = frames[src + j];
      }
    }
  }

  /** Atari's case (uint8, C = 1, K = 4): one Uint32 write per position, 3x the byte loop. */
  private gatherPacked4(frames: Uint8Array, offsets: Int32Array, out: Uint8Array, at: number): void {
    let w = this.words.get(out.buffer);
    if (!w) {
      w = new Uint32Array(out.buffer, 0, out.buffer.byteLength >> 2);
      this.words.set(out.buffer, w);
    }
    const a = offsets[0];
    const b = offsets[1];
    const c = offsets[2];
    const d = offsets[3];
    const o = (out.byteOffset + at) >> 2;
    for (let p = 0; p < this.positions; p++) {
      w[o + p] = frames[a + p] | (frames[b + p] << 8) | (frames[c + p] << 16) | (frames[d + p] << 24);
    }
  }

  private checkObs(x: ObsArray, field: string): void {
    const want = this.obsDtype === 'uint8' ? Uint8Array : Float32Array;
    if (!(x instanceof want)) {
      throw new ShapeError(`memory: ${field} must be a ${want.name} (obsDtype '${this.obsDtype}')`);
    }
    if (x.length !== this.obsSize) {
      throw new ShapeError(
        `memory: ${field} must hold ${this.obsSize} values for shape [${this.obsShape.join(', ')}] (got ${x.length})`,
      );
    }
  }

  private checkMask(m: Uint8Array | undefined, field: string): void {
    if (!(m instanceof Uint8Array) || m.length !== this.maskSize) {
      throw new ShapeError(`memory: ${field} must be a Uint8Array of ${this.maskSize} values`);
    }
  }
}
