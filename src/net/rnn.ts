/** PyTorch's Elman RNN cell (nonlinearity tanh): h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
import { tf } from '../backend/tf';
import type { CellState, RecurrentCell } from './recurrent_layer';

/** The RNN cell (1 gate block). */
export const RNN_CELL: RecurrentCell = {
  type: 'RNN',
  gates: 1,
  step(gi: tf.Tensor2D, state: CellState, wHH: tf.Tensor2D, bHH: tf.Tensor1D): CellState {
    return tf.tidy(() => ({ h: tf.tanh(tf.add(gi, tf.add(tf.matMul(state.h, wHH), bHH))) as tf.Tensor2D }));
  },
};
