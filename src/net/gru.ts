/**
 * PyTorch's GRU cell, gate order (r, z, n):
 *   r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
 *   z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
 *   h' = (1 - z) * n + z * h
 */
import { tf } from '../backend/tf';
import type { CellState, RecurrentCell } from './recurrent_layer';

/** The GRU cell (3 gate blocks). */
export const GRU_CELL: RecurrentCell = {
  type: 'GRU',
  gates: 3,
  step(gi: tf.Tensor2D, state: CellState, wHH: tf.Tensor2D, bHH: tf.Tensor1D): CellState {
    return tf.tidy(() => {
      const gh = tf.add(tf.matMul(state.h, wHH), bHH);
      const [ir, iz, iN] = tf.split(gi, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const [hr, hz, hn] = tf.split(gh, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const r = tf.sigmoid(tf.add(ir, hr));
      const z = tf.sigmoid(tf.add(iz, hz));
      const n = tf.tanh(tf.add(iN, tf.mul(r, hn)));
      // (1 - z) * n + z * h, written with one multiply.
      return { h: tf.add(n, tf.mul(z, tf.sub(state.h, n))) as tf.Tensor2D };
    });
  },
};
