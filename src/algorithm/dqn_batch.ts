/**
 * Uploading what the Q-learning family reads: observation batches (uint8 images go up as
 * uint8-valued int32, which the nets scale themselves) and sampled replay batches.
 */
import { tf } from '../backend/tf';
import type { ReplayBatch } from '../memory/replay';
import { observationTensor } from './observation_tensor';

export { observationTensor };

/**
 * Masks `[rows, n]` as float 0/1 with every all-zero row opened up (a state with no legal
 * action still needs a finite max); null without masks.
 */
export function maskRows(mask: Uint8Array | null | undefined, n: number): Float32Array | null {
  if (!mask) return null;
  const out = new Float32Array(mask.length);
  for (let r = 0; r < mask.length / n; r++) {
    let any = false;
    for (let j = 0; j < n; j++) if (mask[r * n + j]) any = true;
    for (let j = 0; j < n; j++) out[r * n + j] = any ? (mask[r * n + j] ? 1 : 0) : 1;
  }
  return out;
}

/** A replay batch on the device; `dispose()` frees every tensor. */
export interface ReplayTensors {
  observations: tf.Tensor;
  nextObservations: tf.Tensor;
  /** [B] int32. */
  actions: tf.Tensor1D;
  rewards: tf.Tensor1D;
  terminated: tf.Tensor1D;
  /** [B] importance-sampling weights (PrioritizedReplay), else undefined. */
  weights?: tf.Tensor1D;
  /** [B, n] float 0/1 masks of the next observations, or null. */
  nextMask: tf.Tensor2D | null;
  dispose(): void;
}

/** Uploads a sampled batch (the memory reuses its buffers: upload before the next sample). */
export function uploadReplayBatch(batch: ReplayBatch, n: number): ReplayTensors {
  const shape = batch.obsShape;
  const b = batch.batchSize;
  const nextMaskRows = maskRows(batch.nextActionMasks, n);
  const t: Omit<ReplayTensors, 'dispose'> = {
    observations: observationTensor(batch.observations, shape),
    nextObservations: observationTensor(batch.nextObservations, shape),
    actions: tf.tensor1d(batch.actions as Int32Array, 'int32'),
    rewards: tf.tensor1d(batch.rewards, 'float32'),
    terminated: tf.tensor1d(batch.terminated, 'float32'),
    nextMask: nextMaskRows ? tf.tensor2d(nextMaskRows, [b, n], 'float32') : null,
    ...(batch.weights ? { weights: tf.tensor1d(batch.weights, 'float32') } : {}),
  };
  return {
    ...t,
    dispose: () => tf.dispose([t.observations, t.nextObservations, t.actions, t.rewards, t.terminated, ...(t.weights ? [t.weights] : []), ...(t.nextMask ? [t.nextMask] : [])]),
  };
}
