/**
 * PyTorch's LSTM cell, gate order (i, f, g, o):
 *   i = sigmoid(.), f = sigmoid(.), g = tanh(.), o = sigmoid(.)   (each W_i* x + b_i* + W_h* h + b_h*)
 *   c' = f * c + i * g;  h' = o * tanh(c')
 */
import { tf } from '../backend/tf';
import type { CellState, RecurrentCell } from './recurrent_layer';

/** The LSTM cell (4 gate blocks; carries a cell state c). */
export const LSTM_CELL: RecurrentCell = {
  type: 'LSTM',
  gates: 4,
  step(gi: tf.Tensor2D, state: CellState, wHH: tf.Tensor2D, bHH: tf.Tensor1D): CellState {
    return tf.tidy(() => {
      const gates = tf.add(gi, tf.add(tf.matMul(state.h, wHH), bHH));
      const [i, f, g, o] = tf.split(gates, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const c = tf.add(tf.mul(tf.sigmoid(f), state.c!), tf.mul(tf.sigmoid(i), tf.tanh(g))) as tf.Tensor2D;
      return { h: tf.mul(tf.sigmoid(o), tf.tanh(c)) as tf.Tensor2D, c };
    });
  },
};
