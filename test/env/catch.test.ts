import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { catchEnv } from '../../src/env/catch';
import type { Env, Observation } from '../../src/env/env';
import { EnvError } from '../../src/util/errors';

/** Lit cells of a scale-1 catch frame as [row, col] pairs. */
function litCells(obs: Observation, cols: number): [number, number][] {
  const out: [number, number][] = [];
  obs.forEach((v, i) => {
    if (v !== 0) out.push([Math.floor(i / cols), i % cols]);
  });
  return out;
}

/** Fruit column and basket centre read from a scale-1 frame (fruit not yet on the bottom row). */
function readFrame(obs: Observation, rows: number, cols: number): { fruitRow: number; fruitCol: number; basket: number } {
  const cells = litCells(obs, cols);
  const fruit = cells.filter(([r]) => r < rows - 1);
  const basket = cells.filter(([r]) => r === rows - 1).map(([, c]) => c);
  assert.equal(fruit.length, 1);
  assert.equal(basket.length, 3);
  return { fruitRow: fruit[0][0], fruitCol: fruit[0][1], basket: basket[1] };
}

function runEpisode(env: Env, seed: number, policy: (obs: Observation) => number): { ret: number; len: number } {
  let obs = env.reset({ seed }).observation;
  for (let len = 1; ; len++) {
    const r = env.step(policy(obs));
    obs = r.observation;
    if (r.terminated || r.truncated) return { ret: r.reward, len };
    assert.equal(r.reward, 0);
  }
}

describe('catch', () => {
  test('a policy that moves under the fruit catches every fruit', () => {
    for (const [rows, cols] of [[10, 10], [6, 6], [8, 5]]) {
      const env = catchEnv({ rows, cols });
      const chase = (obs: Observation): number => {
        const f = readFrame(obs, rows, cols);
        return 1 + Math.sign(f.fruitCol - f.basket);
      };
      for (let seed = 0; seed < 300; seed++) assert.equal(runEpisode(env, seed, chase).ret, 1, `rows ${rows} cols ${cols} seed ${seed}`);
    }
  });

  test('a stay policy catches about 3/size of the fruit', () => {
    for (const size of [10, 15]) {
      const env = catchEnv({ size });
      let caught = 0;
      const n = 3000;
      for (let seed = 0; seed < n; seed++) if (runEpisode(env, seed, () => 1).ret === 1) caught++;
      assert.ok(Math.abs(caught / n - 3 / size) < 0.03, `size ${size}: caught ${caught}/${n}`);
    }
  });

  test('episodes last rows-1 steps and only the last step is rewarded', () => {
    for (const [rows, cols] of [[10, 10], [2, 3], [7, 12]]) {
      const env = catchEnv({ rows, cols });
      for (let seed = 0; seed < 20; seed++) {
        const { ret, len } = runEpisode(env, seed, (o) => (o[0] + seed) % 3);
        assert.equal(len, rows - 1);
        assert.ok(ret === 1 || ret === -1);
      }
    }
  });

  test('renders the fruit and the basket as 255 on 0, falling one row per step', () => {
    const env = catchEnv();
    assert.deepEqual(env.observationSpace, { shape: [10, 10, 1], dtype: 'uint8', low: 0, high: 255 });
    const first = env.reset({ seed: 3 }).observation;
    assert.ok(first instanceof Uint8Array && first.length === 100);
    assert.ok(first.every((v) => v === 0 || v === 255));
    const f0 = readFrame(first, 10, 10);
    assert.equal(f0.fruitRow, 0);
    assert.ok(f0.basket >= 1 && f0.basket <= 8);
    const next = env.step(2).observation;
    const f1 = readFrame(next, 10, 10);
    assert.equal(f1.fruitRow, 1);
    assert.equal(f1.fruitCol, f0.fruitCol);
    assert.equal(f1.basket, Math.min(8, f0.basket + 1));
  });

  test('the basket is clamped at the edges', () => {
    const env = catchEnv({ size: 10 });
    for (const [action, centre] of [[0, 1], [2, 8]]) {
      let obs = env.reset({ seed: 5 }).observation;
      for (let i = 0; i < 8; i++) obs = env.step(action).observation;
      const bottom = Array.from(obs.subarray(90, 100));
      const lit = bottom.flatMap((v, c) => (v ? [c] : []));
      // The fruit may sit in the bottom row too; the basket cells must be lit.
      for (const c of [centre - 1, centre, centre + 1]) assert.ok(lit.includes(c), `action ${action}: ${bottom}`);
    }
  });

  test('scale renders each cell as a scale x scale block of the scale-1 frame', () => {
    const small = catchEnv({ rows: 6, cols: 5 });
    const big = catchEnv({ rows: 6, cols: 5, scale: 3 });
    assert.deepEqual(big.observationSpace.shape, [18, 15, 1]);
    let a = small.reset({ seed: 11 }).observation;
    let b = big.reset({ seed: 11 }).observation;
    for (let t = 0; t < 5; t++) {
      for (let y = 0; y < 18; y++) for (let x = 0; x < 15; x++) assert.equal(b[y * 15 + x], a[Math.floor(y / 3) * 5 + Math.floor(x / 3)]);
      if (t < 4) {
        a = small.step(t % 3).observation;
        b = big.step(t % 3).observation;
      }
    }
  });

  test('the same seed gives the same trajectory; another seed a different one', () => {
    const trace = (seed: number): number[] => {
      const env = catchEnv();
      const out = Array.from(env.reset({ seed }).observation);
      for (let i = 0; i < 9; i++) {
        const r = env.step(i % 3);
        out.push(...r.observation, r.reward);
      }
      return out;
    };
    assert.deepEqual(trace(42), trace(42));
    const starts = new Set([1, 2, 3, 4, 5, 6].map((s) => trace(s).slice(0, 100).join()));
    assert.ok(starts.size > 1);
  });

  test('bad options, bad actions and stepping without an episode are EnvErrors', () => {
    assert.throws(() => catchEnv({ cols: 2 }), (e: unknown) => e instanceof EnvError && /cols/.test(e.message));
    assert.throws(() => catchEnv({ scale: 0 }), EnvError);
    assert.throws(() => catchEnv({ sise: 10 } as never), (e: unknown) => e instanceof EnvError && /sise/.test(e.message));
    const env = catchEnv();
    assert.throws(() => env.step(1), (e: unknown) => e instanceof EnvError && /reset/.test(e.message));
    env.reset();
    assert.throws(() => env.step(3), (e: unknown) => e instanceof EnvError && /\[0, 2\]/.test(e.message));
    assert.throws(() => env.step(0.5), EnvError);
    for (let i = 0; i < 9; i++) env.step(1);
    assert.throws(() => env.step(1), EnvError);
  });
});
