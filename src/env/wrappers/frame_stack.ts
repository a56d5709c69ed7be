import type { Action, Env, Observation, ResetOptions, ResetResult, StepResult } from '../env';
import { emptyObservation, observationSize } from '../env';
import { EnvError } from '../../util/errors';
import { EnvWrapper } from './env_wrapper';

/** The spec's `frame_op`: how the last `frame_op_len` observations are combined. */
export type FrameOp = 'stack' | 'concat';

/**
 * Observes the last `len` observations together, oldest first (SLM Lab's `frame_op` /
 * `frame_op_len`). Shapes, for an inner observation of shape S:
 * - `'concat'`, vector S = [D]: `[D*len]`, the len vectors back to back;
 * - `'concat'`, image S = [H, W, C]: `[H, W, C*len]`, frames joined on the channel axis, so
 *   pixel (h, w) holds channels `[f0 c0..cC-1, f1 c0.., ...]` with f0 the oldest;
 * - `'stack'`, any S: `[len, ...S]`, a new leading axis (frame k is the k-th S-sized block).
 * On reset the first observation is repeated `len` times, like Gym's FrameStack. dtype and
 * bounds are kept. Every observation returned is a fresh array.
 */
export class FrameStack extends EnvWrapper {
  private readonly frames: Observation[];
  private readonly frameSize: number;
  private oldest = 0; // ring index of the oldest frame

  constructor(inner: Env, readonly op: FrameOp, readonly len: number) {
    super(inner);
    const shape = inner.observationSpace.shape;
    if (op !== 'stack' && op !== 'concat') throw new EnvError(`frame_op must be 'stack' or 'concat' (got ${JSON.stringify(op)})`);
    if (!Number.isSafeInteger(len) || len < 1) throw new EnvError(`frame_op_len must be a positive integer (got ${JSON.stringify(len)})`);
    if (op === 'concat' && shape.length !== 1 && shape.length !== 3) {
      throw new EnvError(`frame_op 'concat' needs a [D] or [H, W, C] observation (got shape ${JSON.stringify(shape)}); use 'stack'`);
    }
    let outShape: number[];
    if (op === 'stack') outShape = [len, ...shape];
    else if (shape.length === 1) outShape = [shape[0] * len];
    else outShape = [shape[0], shape[1], shape[2] * len];
    this.observationSpace = { ...inner.observationSpace, shape: outShape };
    this.frameSize = observationSize(inner.observationSpace);
    this.frames = Array.from({ length: len }, () => emptyObservation(inner.observationSpace));
  }

  override reset(options?: ResetOptions): ResetResult {
    const r = this.inner.reset(options);
    for (const f of this.frames) f.set(r.observation);
    this.oldest = 0;
    return { ...r, observation: this.combine() };
  }

  override step(action: Action): StepResult {
    const r = this.inner.step(action);
    // The oldest slot becomes the newest.
    this.frames[this.oldest].set(r.observation);
    this.oldest = (this.oldest + 1) % this.len;
    return { ...r, observation: this.combine() };
  }

  private combine(): Observation {
    const out = emptyObservation(this.observationSpace);
    const shape = this.inner.observationSpace.shape;
    const interleave = this.op === 'concat' && shape.length === 3;
    for (let k = 0; k < this.len; k++) {
      const f = this.frames[(this.oldest + k) % this.len];
      if (!interleave) {
        out.set(f, k * this.frameSize);
        continue;
      }
      const c = shape[2];
      const stride = c * this.len;
      for (let p = 0, src = 0; src < this.frameSize; p++, src += c) {
        const dst = p * stride + k * c;
        for (let j = 0; j < c; j++) out[dst + j] = f[src + j];
      }
    }
    return out;
  }
}
