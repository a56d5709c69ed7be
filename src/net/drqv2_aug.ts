/**
 * DrQ-v2's random shift (AMAGO's DrQv2Aug): replicate-pad each image by `pad` pixels, then crop
 * it back to h x w at an integer offset drawn per image from [0, 2*pad] on each axis. With
 * integer shifts DrQ-v2's grid_sample lands exactly on pixel centres, so this crop is the same
 * image. Shifts come from the Rng passed in, so a seeded run repeats them.
 *
 * The crop is one gather: every output pixel reads source pixel (clamp(r + dy), clamp(c + dx)),
 * which is what a replicate pad then a crop give. On backends whose tensors live in CPU memory
 * (wasm, cpu) the gather runs as a JS loop over the batch's data: a minibatch of 64 80x60x2
 * images takes ~5 ms there, against ~130 ms for a slice per image (which made training with
 * augmentation 3x slower on wasm). On WebGPU it is tf.gather, one kernel, with no read-back.
 */
import { tf } from '../backend/tf';
import type { Rng } from '../util/rng';

/** Backends whose tensor data a JS loop reads without a device round trip. */
const CPU_RESIDENT = new Set(['wasm', 'cpu']);

/** For each output pixel of [n, h, w], the flat index (image, row, column) of the source pixel it copies. */
function shiftSourceIndex(n: number, h: number, w: number, pad: number, shifts: readonly (readonly [number, number])[]): Int32Array {
  const index = new Int32Array(n * h * w);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const [sx, sy] = shifts[i]!;
    for (let r = 0; r < h; r++) {
      const row = (i * h + Math.min(h - 1, Math.max(0, r + sy - pad))) * w;
      for (let c = 0; c < w; c++) index[k++] = row + Math.min(w - 1, Math.max(0, c + sx - pad));
    }
  }
  return index;
}

/** Random-shift augmentation of NHWC image batches (training batches only). */
export class DrQv2Aug {
  constructor(readonly pad: number) {}

  /** Augments x [N, h, w, c]; returns a new tensor (x itself when pad is 0). */
  apply(x: tf.Tensor4D, rng: Rng): tf.Tensor4D {
    const p = this.pad;
    if (p === 0) return x;
    const [n, h, w, c] = x.shape;
    // Offsets in [0, 2p] into the padded image, x then y per image (the order of the draws is the seeded contract).
    const shifts = Array.from({ length: n }, () => [rng.int(2 * p + 1), rng.int(2 * p + 1)] as const);
    const index = shiftSourceIndex(n, h, w, p, shifts);
    if (!CPU_RESIDENT.has(tf.getBackend())) {
      return tf.tidy(() => tf.reshape(tf.gather(tf.reshape(x, [n * h * w, c]), tf.tensor1d(index, 'int32')), [n, h, w, c]) as tf.Tensor4D);
    }
    const src = x.dataSync() as Float32Array | Int32Array;
    const out = new (src.constructor as new (length: number) => Float32Array | Int32Array)(src.length);
    for (let k = 0; k < index.length; k++) {
      const from = index[k]! * c;
      for (let ch = 0; ch < c; ch++) out[k * c + ch] = src[from + ch]!;
    }
    return tf.tensor4d(out, [n, h, w, c], x.dtype as 'float32' | 'int32');
  }
}
