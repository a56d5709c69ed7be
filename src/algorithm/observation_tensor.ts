/**
 * Observations as the nets take them: uint8 images go up as uint8-valued int32 (the nets scale
 * them), float32 vectors as they are. Its own module so that the inference-only bundle
 * (src/play) can upload observations without the replay-batch code beside it in dqn_batch.ts.
 */
import { tf } from '../backend/tf';
import type { ObsBatch } from './algorithm';

/** `[rows, ...shape]` observations as a tensor: uint8 as int32 values, float32 as is. */
export function observationTensor(x: ObsBatch, shape: readonly number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(x, [x.length / size, ...shape], x instanceof Uint8Array ? 'int32' : 'float32');
}
