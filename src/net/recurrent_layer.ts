/**
 * nn.GRU / nn.LSTM / nn.RNN with batch_first input [B, T, F], num_layers and bidirectional,
 * named and ordered like PyTorch's state_dict: per layer k, per direction,
 * weight_ih_l{k}[_reverse] [G*H, in], weight_hh_l{k}[_reverse] [G*H, H], bias_ih_l{k}[_reverse],
 * bias_hh_l{k}[_reverse] (G gate blocks in PyTorch's order). Weights are stored transposed
 * ([in, G*H]) so each step is a plain matMul. A bidirectional layer feeds the concatenation
 * [forward, backward] of its outputs to the next layer. The final state is PyTorch's h_n
 * [layers * directions, B, H] (and c_n for LSTM), direction-minor.
 *
 * Init: PyTorch's default U(+-1/sqrt(H)) for every tensor. A named init_fn is applied only to
 * GRU weights (biases 0), as SLM Lab's init_params does; LSTM and RNN keep the default.
 */
import { tf } from '../backend/tf';
import type { ResolvedNetSpec } from '../spec/types';
import { ShapeError } from '../util/errors';
import { GRU_CELL } from './gru';
import { namedInitWeight, uniformArray, type InitOptions } from './init';
import { disposeParams } from './layer';
import { LSTM_CELL } from './lstm';
import { createParam, type NamedParam } from './param';
import { RNN_CELL } from './rnn';

/** Hidden state of one direction of one layer: h [B, H] (and c [B, H] for LSTM). */
export type CellState = {
  h: tf.Tensor2D;
  c?: tf.Tensor2D;
};

/** One recurrent cell's step equations. */
export interface RecurrentCell {
  readonly type: ResolvedNetSpec['cell_type'];
  /** Gate blocks stacked in the weights: GRU 3, LSTM 4, RNN 1. */
  readonly gates: number;
  /** gi = x W_ih^T + b_ih for this step [B, G*H]; wHH [H, G*H]. */
  step(gi: tf.Tensor2D, state: CellState, wHH: tf.Tensor2D, bHH: tf.Tensor1D): CellState;
}

/** PyTorch-shaped recurrent state: h [layers*directions, B, H], c likewise for LSTM. */
export type RnnState = {
  h: tf.Tensor3D;
  c?: tf.Tensor3D;
};

/** The cells by spec `cell_type`. */
export const CELLS: Readonly<Record<ResolvedNetSpec['cell_type'], RecurrentCell>> = {
  GRU: GRU_CELL,
  LSTM: LSTM_CELL,
  RNN: RNN_CELL,
};

interface DirectionWeights {
  wIH: tf.Variable;
  wHH: tf.Variable;
  bIH: tf.Variable;
  bHH: tf.Variable;
}

/** A multi-layer, optionally bidirectional GRU/LSTM/RNN. */
export class RecurrentLayer {
  readonly type: string;
  readonly params: NamedParam[] = [];
  readonly buffers: NamedParam[] = [];
  readonly directions: number;
  private readonly cell: RecurrentCell;
  private readonly weights: DirectionWeights[][] = [];

  constructor(
    readonly name: string,
    cellType: ResolvedNetSpec['cell_type'],
    readonly inputSize: number,
    readonly hiddenSize: number,
    readonly numLayers: number,
    readonly bidirectional: boolean,
    init: InitOptions,
    /** Set when the input is a flattened [h, w, c] conv map (see NamedParam.flattenedInput). */
    flattenedInput?: [number, number, number],
  ) {
    this.cell = CELLS[cellType];
    this.type = cellType;
    this.directions = bidirectional ? 2 : 1;
    const gh = this.cell.gates * hiddenSize;
    const bound = 1 / Math.sqrt(hiddenSize);
    const named = init.initFn !== null && cellType === 'GRU' ? init.initFn : null;
    for (let k = 0; k < numLayers; k++) {
      const layerIn = k === 0 ? inputSize : hiddenSize * this.directions;
      const dirs: DirectionWeights[] = [];
      for (let d = 0; d < this.directions; d++) {
        const sfx = `_l${k}${d === 1 ? '_reverse' : ''}`;
        const weight = (shape: number[]): Float32Array =>
          named ? namedInitWeight(named, shape, init.activation, init.rng) : uniformArray(shape[0]! * shape[1]!, -bound, bound, init.rng);
        const bias = (): Float32Array => (named ? new Float32Array(gh) : uniformArray(gh, -bound, bound, init.rng));
        const ps = [
          createParam(`${name}.weight_ih${sfx}`, [gh, layerIn], [1, 0], weight([gh, layerIn]), true, k === 0 ? flattenedInput : undefined),
          createParam(`${name}.weight_hh${sfx}`, [gh, hiddenSize], [1, 0], weight([gh, hiddenSize])),
          createParam(`${name}.bias_ih${sfx}`, [gh], [0], bias()),
          createParam(`${name}.bias_hh${sfx}`, [gh], [0], bias()),
        ];
        this.params.push(...ps);
        const [wIH, wHH, bIH, bHH] = ps.map((p) => p.variable) as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
        dirs.push({ wIH, wHH, bIH, bHH });
      }
      this.weights.push(dirs);
    }
  }

  /** True for LSTM, whose state carries c as well as h. */
  get hasCellState(): boolean {
    return this.cell.type === 'LSTM';
  }

  /** A zero state for a batch (caller disposes). */
  zeroState(batch: number): RnnState {
    const shape: [number, number, number] = [this.numLayers * this.directions, batch, this.hiddenSize];
    return this.hasCellState ? { h: tf.zeros(shape), c: tf.zeros(shape) } : { h: tf.zeros(shape) };
  }

  /**
   * Runs the sequence x [B, T, F] from `initial` (zeros when absent). Returns the last layer's
   * outputs [B, T, directions*H] and the final state (PyTorch's h_n, c_n).
   */
  run(x: tf.Tensor3D, initial?: RnnState): { output: tf.Tensor3D; state: RnnState } {
    const [b, t, f] = x.shape;
    if (f !== this.inputSize) throw new ShapeError(`${this.name}: expected ${this.inputSize} input features per step (got ${f})`);
    const expected = [this.numLayers * this.directions, b, this.hiddenSize];
    if (initial && (initial.h.shape.join() !== expected.join() || (this.hasCellState && initial.c?.shape.join() !== expected.join()))) {
      throw new ShapeError(`${this.name}: initial state must be [${expected}] (got h [${initial.h.shape}])`);
    }
    return tf.tidy(() => {
      const h0 = initial ? tf.unstack(initial.h) : null;
      const c0 = initial?.c ? tf.unstack(initial.c) : null;
      const finalH: tf.Tensor2D[] = [];
      const finalC: tf.Tensor2D[] = [];
      let input: tf.Tensor3D = x;
      for (let k = 0; k < this.numLayers; k++) {
        const outputs: tf.Tensor3D[] = [];
        for (let d = 0; d < this.directions; d++) {
          const w = this.weights[k]![d]!;
          const idx = k * this.directions + d;
          const zero = tf.zeros([b, this.hiddenSize]) as tf.Tensor2D;
          let state: CellState = { h: (h0?.[idx] as tf.Tensor2D) ?? zero };
          if (this.hasCellState) state.c = (c0?.[idx] as tf.Tensor2D) ?? zero;
          // Input projections of every step at once: one big matMul instead of T small ones.
          const inFeatures = input.shape[2];
          const projected = tf.add(tf.matMul(tf.reshape(input, [b * t, inFeatures]), w.wIH as tf.Tensor2D), w.bIH);
          const gis = tf.unstack(tf.reshape(projected, [b, t, this.cell.gates * this.hiddenSize]), 1) as tf.Tensor2D[];
          const hs = new Array<tf.Tensor2D>(t);
          for (let s = 0; s < t; s++) {
            const step = d === 1 ? t - 1 - s : s;
            state = this.cell.step(gis[step]!, state, w.wHH as tf.Tensor2D, w.bHH as tf.Tensor1D);
            hs[step] = state.h;
          }
          outputs.push(tf.stack(hs, 1) as tf.Tensor3D);
          finalH.push(state.h);
          if (state.c) finalC.push(state.c);
        }
        input = outputs.length === 1 ? outputs[0]! : (tf.concat(outputs, 2) as tf.Tensor3D);
      }
      const state: RnnState = { h: tf.stack(finalH) as tf.Tensor3D };
      if (this.hasCellState) state.c = tf.stack(finalC) as tf.Tensor3D;
      return { output: input, state };
    });
  }

  dispose(): void {
    disposeParams(this.params);
  }
}
