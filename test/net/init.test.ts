/** Initialisation: PyTorch's default bounds, SLM Lab's named init_fn with gains, AMAGO's conv init. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { amagoConvWeight, calculateGain, checkInitFn, defaultWeight, namedInitWeight, orthogonalArray } from '../../src/net/init';
import { buildNet } from '../../src/net/net';
import { SpecError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';
import { netSpec, noLeak, useBackend } from './helpers';

function gram(w: Float32Array, rows: number, cols: number, byRows: boolean): number[][] {
  const n = byRows ? rows : cols;
  const at = (v: number, i: number) => (byRows ? w[v * cols + i]! : w[i * cols + v]!);
  const len = byRows ? cols : rows;
  return Array.from({ length: n }, (_, a) => Array.from({ length: n }, (_, b) => {
    let s = 0;
    for (let i = 0; i < len; i++) s += at(a, i) * at(b, i);
    return s;
  }));
}

const std = (a: ArrayLike<number>): number => {
  const arr = Array.from(a);
  const m = arr.reduce((x, y) => x + y, 0) / arr.length;
  return Math.sqrt(arr.reduce((x, y) => x + (y - m) ** 2, 0) / arr.length);
};

describe('init', () => {
  before(() => useBackend('cpu'));

  test('calculateGain matches torch.nn.init.calculate_gain', () => {
    assert.equal(calculateGain('relu'), Math.SQRT2);
    assert.equal(calculateGain('tanh'), 5 / 3);
    assert.equal(calculateGain('sigmoid'), 1);
    assert.equal(calculateGain('selu'), 0.75);
    assert.equal(calculateGain('leaky_relu'), Math.sqrt(2 / (1 + 0.01 ** 2)));
    assert.equal(calculateGain('elu'), null);
  });

  test('orthogonal_ gives orthonormal rows (wide) or columns (tall), times the gain', () => {
    for (const [rows, cols] of [[6, 10], [10, 6], [5, 5]] as const) {
      const w = orthogonalArray([rows, cols], 2, new Rng(rows * cols));
      const g = gram(w, rows, cols, rows <= cols);
      g.forEach((row, a) => row.forEach((v, b) => assert.ok(Math.abs(v - (a === b ? 4 : 0)) < 1e-5, `${rows}x${cols} gram[${a}][${b}] = ${v}`)));
    }
    // Conv weights are flattened to [out, in*kh*kw] first.
    const conv = orthogonalArray([4, 2, 3, 3], 1, new Rng(1));
    gram(conv, 4, 18, true).forEach((row, a) => row.forEach((v, b) => assert.ok(Math.abs(v - (a === b ? 1 : 0)) < 1e-5)));
  });

  test("PyTorch's default weight init is U(-1/sqrt(fan_in), 1/sqrt(fan_in))", () => {
    const w = defaultWeight([64, 8, 3, 3], new Rng(4));
    const bound = 1 / Math.sqrt(72);
    assert.ok(w.every((v) => Math.abs(v) <= bound));
    assert.ok(Math.max(...w) > 0.95 * bound && Math.min(...w) < -0.95 * bound);
    assert.ok(Math.abs(std(w) - bound / Math.sqrt(3)) < 0.05 * bound);
  });

  test('kaiming and xavier use fan_in / fan_out and the activation', () => {
    const shape = [200, 100];
    const ku = namedInitWeight('kaiming_uniform_', shape, 'relu', new Rng(1));
    const bound = Math.sqrt(2) * Math.sqrt(3 / 100);
    assert.ok(ku.every((v) => Math.abs(v) <= bound));
    assert.ok(Math.abs(std(ku) - Math.sqrt(2 / 100)) < 0.03 * Math.sqrt(2 / 100));
    const xn = namedInitWeight('xavier_normal_', shape, 'tanh', new Rng(2));
    const want = (5 / 3) * Math.sqrt(2 / 300);
    assert.ok(Math.abs(std(xn) - want) < 0.03 * want);
  });

  test('init_fn combinations SLM Lab / PyTorch reject are SpecErrors', () => {
    assert.throws(() => checkInitFn('kaiming_uniform_', 'tanh'), SpecError);
    assert.throws(() => checkInitFn('orthogonal_', 'elu'), SpecError);
    assert.doesNotThrow(() => checkInitFn('orthogonal_', 'tanh'));
    assert.doesNotThrow(() => checkInitFn(null, 'elu'));
  });

  test('a net with init_fn orthogonal_ has orthogonal Linear weights with gain and zero biases', async () => {
    await noLeak(() => {
      const net = buildNet(netSpec({ type: 'MLPNet', hid_layers: [16], hid_layers_activation: 'tanh', init_fn: 'orthogonal_' }), {
        inShape: [8],
        outDims: [3],
        rng: new Rng(9),
      });
      const [w, b] = net.parameters;
      assert.ok(b!.variable.dataSync().every((v) => v === 0));
      // Ours is [in=8, out=16]: PyTorch's [16, 8] is tall, so its 8 columns (our rows) are orthogonal.
      const g = gram(w!.variable.dataSync() as Float32Array, 8, 16, true);
      g.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - (i === j ? (5 / 3) ** 2 : 0)) < 1e-4)));
      net.dispose();
    });
  });

  test("AMAGO's conv init: only the centre tap, orthogonal with leaky_relu's gain", () => {
    const w = amagoConvWeight([4, 3, 3, 3], new Rng(1));
    const centre: number[] = [];
    w.forEach((v, i) => {
      const tap = i % 9;
      if (tap !== 4) assert.equal(v, 0);
      else centre.push(v);
    });
    const g = gram(Float32Array.from(centre), 4, 3, false);
    const gain2 = 2 / (1 + 0.01 ** 2);
    g.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - (i === j ? gain2 : 0)) < 1e-5)));
  });
});
