/**
 * tf.slice with the tensor's axes merged where the slice allows it. wasm's Slice copies a 4-D
 * slice one innermost row at a time (a `subarray` + `set` per row: 17,000 of them for a
 * [64,14,19,16] crop of conv gradients, 5 ms here); an axis whose following axis is taken whole
 * can fold into it, so the same crop becomes a 2-D slice of 896 rows of 304 values. The reshapes
 * are free (they share the data); the values are exactly tf.slice's.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import { tf } from './tf_core';

/** The merged view of a slice: shapes with the same element order, fewer axes. */
export interface MergedSlice {
  shape: number[];
  begin: number[];
  size: number[];
}

/**
 * Folds each axis into the one before it while that axis is taken whole (begin 0, full size):
 * index order is unchanged, so slicing the merged view copies the same values in the same order.
 */
export function mergeSliceAxes(shape: readonly number[], begin: readonly number[], size: readonly number[]): MergedSlice {
  const out: MergedSlice = { shape: [shape[0]!], begin: [begin[0]!], size: [size[0]!] };
  for (let a = 1; a < shape.length; a++) {
    const last = out.shape.length - 1;
    if (begin[a] === 0 && size[a] === shape[a]) {
      out.shape[last]! *= shape[a]!;
      out.begin[last]! *= shape[a]!;
      out.size[last]! *= shape[a]!;
    } else {
      out.shape.push(shape[a]!);
      out.begin.push(begin[a]!);
      out.size.push(size[a]!);
    }
  }
  return out;
}

/** tf.slice(x, begin, size) (explicit begin and size, no -1) through the merged view. */
export function mergedSlice<T extends Tensor>(x: T, begin: readonly number[], size: readonly number[]): T {
  const m = mergeSliceAxes(x.shape, begin, size);
  if (m.shape.length === x.rank) return tf.slice(x, [...begin], [...size]);
  return tf.tidy(() => tf.reshape(tf.slice(tf.reshape(x, m.shape), m.begin, m.size), [...size])) as T;
}
