/**
 * The last K captured frames, stacked on the channel axis: HxWx(C*K), oldest first — the layout
 * of the env wrapper's 'concat' frame op (src/env/wrappers/frame_stack.ts) and of the replay
 * memory, so a browser observation and a Node observation look the same to a net. Frames live
 * in one ring buffer; pushing copies one frame and allocates nothing.
 */
import { ShapeError } from '../util/errors';

/** The shape of one frame and how many frames to keep. */
export interface FrameStackOptions {
  /** Frame height in pixels. */
  height: number;
  /** Frame width in pixels. */
  width: number;
  /** Channels per frame (1 for gray, 3 for RGB). Default 1. */
  channels?: number;
  /** Frames kept, K (SLM Lab's `frame_op_len`). Default 4. */
  length?: number;
}

/** K uint8 HxWxC frames, read out as one HxWx(C*K) observation with the oldest frame first. */
export class FrameStack {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** K. */
  readonly length: number;
  /** Values in one frame: height*width*channels. */
  readonly frameSize: number;
  /** [height, width, channels*length]. */
  readonly shape: readonly [number, number, number];
  /** The buffer `reset`/`push`/`read` fill when given no `out`: reused, so copy it to keep it. */
  readonly stacked: Uint8Array;

  // Frame slot s is ring[s*frameSize, (s+1)*frameSize).
  private readonly ring: Uint8Array;
  private oldest = 0;
  private filled = false;

  constructor(options: FrameStackOptions) {
    const { height, width } = options;
    const channels = options.channels ?? 1;
    const length = options.length ?? 4;
    for (const [name, v] of [['height', height], ['width', width], ['channels', channels], ['length', length]] as const) {
      if (!Number.isSafeInteger(v) || v < 1) throw new ShapeError(`FrameStack: ${name} must be a positive integer (got ${String(v)})`);
    }
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.length = length;
    this.frameSize = height * width * channels;
    this.shape = [height, width, channels * length];
    this.ring = new Uint8Array(this.frameSize * length);
    this.stacked = new Uint8Array(this.frameSize * length);
  }

  /** True once a frame has been given (by reset or push) since construction or clear(). */
  get started(): boolean {
    return this.filled;
  }

  /** Starts an episode: every one of the K slots holds `frame` (Gym's FrameStack does the same). Returns the stacked observation. */
  reset(frame: ArrayLike<number>, out?: Uint8Array): Uint8Array {
    this.checkFrame(frame);
    for (let s = 0; s < this.length; s++) this.ring.set(frame, s * this.frameSize);
    this.oldest = 0;
    this.filled = true;
    return this.read(out);
  }

  /**
   * Adds the newest frame, dropping the oldest, and returns the stacked observation (into `out`,
   * else `this.stacked`). The first push after construction or clear() acts as reset().
   */
  push(frame: ArrayLike<number>, out?: Uint8Array): Uint8Array {
    if (!this.filled) return this.reset(frame, out);
    this.checkFrame(frame);
    // The oldest slot becomes the newest.
    this.ring.set(frame, this.oldest * this.frameSize);
    this.oldest = (this.oldest + 1) % this.length;
    return this.read(out);
  }

  /** Forgets every frame: the next push starts a new stack. */
  clear(): void {
    this.filled = false;
    this.oldest = 0;
  }

  /** Writes the stacked observation HxWx(C*K), oldest frame first, into `out` (else `this.stacked`) and returns it; all zeros before the first frame. */
  read(out: Uint8Array = this.stacked): Uint8Array {
    const total = this.frameSize * this.length;
    if (out.length < total) throw new ShapeError(`FrameStack: out holds ${out.length} values; a ${this.shape.join('x')} stack needs ${total}`);
    const { ring, frameSize, length: k, channels: c } = this;
    const stride = c * k;
    for (let f = 0; f < k; f++) {
      const base = ((this.oldest + f) % k) * frameSize;
      if (c === 1) {
        for (let p = 0, d = f; p < frameSize; p++, d += stride) out[d] = ring[base + p];
      } else {
        for (let src = 0, d = f * c; src < frameSize; src += c, d += stride) {
          for (let j = 0; j < c; j++) out[d + j] = ring[base + src + j];
        }
      }
    }
    return out;
  }

  private checkFrame(frame: ArrayLike<number>): void {
    if (frame.length !== this.frameSize) {
      throw new ShapeError(`FrameStack: a frame must hold ${this.height}x${this.width}x${this.channels} = ${this.frameSize} values (got ${frame.length})`);
    }
  }
}
