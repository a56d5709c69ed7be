/** Layers against plain-JS loops of PyTorch's equations on random data. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { tf } from '../../src/backend/tf';
import { BatchNorm2d } from '../../src/net/batch_norm';
import { GroupNorm } from '../../src/net/group_norm';
import { RecurrentLayer } from '../../src/net/recurrent_layer';
import { Rng } from '../../src/util/rng';
import { maxAbsDiff, noLeak, useBackend } from './helpers';

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** PyTorch-layout weights of one direction of one layer, read back from the variables. */
function readDirection(layer: RecurrentLayer, k: number, reverse: boolean): { wih: Float32Array; whh: Float32Array; bih: Float32Array; bhh: Float32Array; inSize: number } {
  const sfx = `_l${k}${reverse ? '_reverse' : ''}`;
  const get = (n: string) => layer.params.find((p) => p.name === `rnn_model.${n}${sfx}`)!;
  const wIH = get('weight_ih');
  // Our weights are [in, G*H]; the loop reads PyTorch's [G*H, in].
  const read = (p: typeof wIH): Float32Array => {
    const t = tf.transpose(p.variable, p.perm);
    const data = t.dataSync() as Float32Array;
    t.dispose();
    return data;
  };
  return { wih: read(wIH), whh: read(get('weight_hh')), bih: get('bias_ih').variable.dataSync() as Float32Array, bhh: get('bias_hh').variable.dataSync() as Float32Array, inSize: wIH.pytorchShape[1]! };
}

/** Plain-JS multi-layer (bi)directional GRU/LSTM; returns h_n as [layers*dirs][b][H]. */
function loopRnn(layer: RecurrentLayer, cell: 'GRU' | 'LSTM', x: number[][][]): number[][][] {
  const H = layer.hiddenSize;
  const dirs = layer.bidirectional ? 2 : 1;
  const hn: number[][][] = [];
  let input = x; // [b][t][f]
  for (let k = 0; k < layer.numLayers; k++) {
    const outputs: number[][][] = input.map((seq) => seq.map(() => [] as number[]));
    for (let d = 0; d < dirs; d++) {
      const w = readDirection(layer, k, d === 1);
      const finals: number[][] = [];
      input.forEach((seq, bi) => {
        let h = new Array<number>(H).fill(0);
        let c = new Array<number>(H).fill(0);
        const order = seq.map((_, t) => (d === 1 ? seq.length - 1 - t : t));
        for (const t of order) {
          const G = cell === 'GRU' ? 3 : 4;
          const gi = new Array<number>(G * H).fill(0);
          const gh = new Array<number>(G * H).fill(0);
          for (let r = 0; r < G * H; r++) {
            gi[r] = w.bih[r]!;
            for (let j = 0; j < w.inSize; j++) gi[r]! += w.wih[r * w.inSize + j]! * seq[t]![j]!;
            gh[r] = w.bhh[r]!;
            for (let j = 0; j < H; j++) gh[r]! += w.whh[r * H + j]! * h[j]!;
          }
          const next = new Array<number>(H);
          const nextC = new Array<number>(H);
          for (let j = 0; j < H; j++) {
            if (cell === 'GRU') {
              const r = sigmoid(gi[j]! + gh[j]!);
              const z = sigmoid(gi[H + j]! + gh[H + j]!);
              const n = Math.tanh(gi[2 * H + j]! + r * gh[2 * H + j]!);
              next[j] = (1 - z) * n + z * h[j]!;
            } else {
              const [i, f, g, o] = [0, 1, 2, 3].map((q) => gi[q * H + j]! + gh[q * H + j]!) as [number, number, number, number];
              nextC[j] = sigmoid(f) * c[j]! + sigmoid(i) * Math.tanh(g);
              next[j] = sigmoid(o) * Math.tanh(nextC[j]!);
            }
          }
          h = next;
          if (cell === 'LSTM') c = nextC;
          outputs[bi]![t]!.push(...h);
        }
        finals.push(h);
      });
      hn.push(finals);
    }
    input = outputs;
  }
  return hn;
}

describe('layers vs plain-JS loops', () => {
  before(() => useBackend('cpu'));

  for (const cell of ['GRU', 'LSTM'] as const) {
    test(`2-layer bidirectional ${cell} final state equals PyTorch's equations in a loop`, async () => {
      await noLeak(() => {
        const rng = new Rng(7);
        const layer = new RecurrentLayer('rnn_model', cell, 3, 4, 2, true, { rng, initFn: null, activation: 'relu' });
        const x = Array.from({ length: 2 }, () => Array.from({ length: 5 }, () => Array.from({ length: 3 }, () => rng.normal())));
        const { output, state } = tf.tidy(() => layer.run(tf.tensor3d(x)));
        assert.deepEqual(output.shape, [2, 5, 8]);
        assert.deepEqual(state.h.shape, [4, 2, 4]);
        assert.equal(state.c !== undefined, cell === 'LSTM');
        const want = loopRnn(layer, cell, x).flat(2);
        assert.ok(maxAbsDiff(state.h.dataSync(), want) < 1e-5);
        tf.dispose([output, state.h, state.c ?? []]);
        layer.dispose();
      });
    });
  }

  test('BatchNorm2d: train normalises by batch stats and updates running stats (unbiased var); eval uses running stats', async () => {
    await noLeak(() => {
      const rng = new Rng(2);
      const bn = new BatchNorm2d('bn', [2, 3, 2]);
      const data = Array.from({ length: 2 * 2 * 3 * 2 }, () => 3 + 2 * rng.normal());
      const x = tf.tensor4d(data, [2, 2, 3, 2]);
      const y = bn.apply(x, { training: true });
      const out = y.dataSync();
      const n = 2 * 2 * 3;
      for (let c = 0; c < 2; c++) {
        const vals = data.filter((_, i) => i % 2 === c);
        const mean = vals.reduce((a, b) => a + b, 0) / n;
        const varB = vals.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
        const got = Array.from(out).filter((_, i) => i % 2 === c);
        assert.ok(maxAbsDiff(got, vals.map((v) => (v - mean) / Math.sqrt(varB + 1e-5))) < 1e-4);
        assert.ok(Math.abs(bn.buffers[0]!.variable.dataSync()[c]! - 0.1 * mean) < 1e-5);
        assert.ok(Math.abs(bn.buffers[1]!.variable.dataSync()[c]! - (0.9 + 0.1 * varB * (n / (n - 1)))) < 1e-5);
      }
      const runningMean = Array.from(bn.buffers[0]!.variable.dataSync());
      const runningVar = Array.from(bn.buffers[1]!.variable.dataSync());
      const e = bn.apply(x, { training: false });
      const evalOut = e.dataSync();
      const want = data.map((v, i) => (v - runningMean[i % 2]!) / Math.sqrt(runningVar[i % 2]! + 1e-5));
      assert.ok(maxAbsDiff(evalOut, want) < 1e-4);
      // Eval mode leaves the running statistics alone.
      assert.deepEqual(Array.from(bn.buffers[0]!.variable.dataSync()), runningMean);
      tf.dispose([x, y, e]);
      bn.dispose();
    });
  });

  test('GroupNorm(4, 8) equals a plain loop over groups of consecutive channels', async () => {
    await noLeak(() => {
      const rng = new Rng(5);
      const gn = new GroupNorm('norm', [3, 2, 8], 4);
      tf.tidy(() => {
        gn.params[0]!.variable.assign(tf.tensor1d(Array.from({ length: 8 }, (_, i) => 1 + 0.1 * i)));
        gn.params[1]!.variable.assign(tf.tensor1d(Array.from({ length: 8 }, (_, i) => -0.2 * i)));
      });
      const [B, H, W, C] = [2, 3, 2, 8];
      const data = Array.from({ length: B * H * W * C }, () => rng.normal() * 2 + 1);
      const x = tf.tensor4d(data, [B, H, W, C]);
      const y = gn.apply(x);
      const want = new Array<number>(data.length);
      for (let b = 0; b < B; b++) {
        for (let g = 0; g < 4; g++) {
          const idx: number[] = [];
          for (let p = 0; p < H * W; p++) for (let c = 2 * g; c < 2 * g + 2; c++) idx.push(b * H * W * C + p * C + c);
          const mean = idx.reduce((a, i) => a + data[i]!, 0) / idx.length;
          const v = idx.reduce((a, i) => a + (data[i]! - mean) ** 2, 0) / idx.length;
          for (const i of idx) want[i] = ((data[i]! - mean) / Math.sqrt(v + 1e-5)) * (1 + 0.1 * (i % C)) - 0.2 * (i % C);
        }
      }
      assert.ok(maxAbsDiff(y.dataSync(), want) < 1e-4);
      tf.dispose([x, y]);
      gn.dispose();
    });
  });
});
