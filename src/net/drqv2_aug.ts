/**
 * DrQ-v2's random shift (AMAGO's DrQv2Aug): replicate-pad each image by `pad` pixels, then crop
 * it back to h x w at an integer offset drawn per image from [0, 2*pad] on each axis. With
 * integer shifts DrQ-v2's grid_sample lands exactly on pixel centres, so this crop is the same
 * image. Shifts come from the Rng passed in, so a seeded run repeats them.
 */
import { tf } from '../backend/tf';
import type { Rng } from '../util/rng';

/** Random-shift augmentation of NHWC image batches (training batches only). */
export class DrQv2Aug {
  constructor(readonly pad: number) {}

  /** Augments x [N, h, w, c]; returns a new tensor (x itself when pad is 0). */
  apply(x: tf.Tensor4D, rng: Rng): tf.Tensor4D {
    const p = this.pad;
    if (p === 0) return x;
    const [n, h, w, c] = x.shape;
    const shifts = Array.from({ length: n }, () => [rng.int(2 * p + 1), rng.int(2 * p + 1)] as const);
    return tf.tidy(() => {
      const edge = (t: tf.Tensor4D, axis: 1 | 2, at: number): tf.Tensor4D => {
        const begin = [0, 0, 0, 0];
        const size = [...t.shape] as number[];
        begin[axis] = at;
        size[axis] = 1;
        const reps = [1, 1, 1, 1];
        reps[axis] = p;
        return tf.tile(tf.slice(t, begin, size), reps) as tf.Tensor4D;
      };
      const rows = tf.concat([edge(x, 1, 0), x, edge(x, 1, h - 1)], 1) as tf.Tensor4D;
      const padded = tf.concat([edge(rows, 2, 0), rows, edge(rows, 2, w - 1)], 2) as tf.Tensor4D;
      const crops = shifts.map(([sx, sy], i) => tf.slice(padded, [i, sy, sx, 0], [1, h, w, c]));
      return tf.concat(crops, 0) as tf.Tensor4D;
    });
  }
}
