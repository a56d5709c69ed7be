/** The dashboard's learning curve maths (demos/shared/learning_curve.ts): returns against agent steps. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { curveScale, downsample, LearningCurve } from '../../demos/shared/learning_curve';
import { Rng } from '../../src/util/rng';

/** The moving average of `returns` over `window`, as a plain loop: the reference the running one must match. */
function movingAverage(returns: readonly number[], window: number): number[] {
  return returns.map((_, i) => {
    const part = returns.slice(Math.max(0, i - window + 1), i + 1);
    return part.reduce((a, b) => a + b, 0) / part.length;
  });
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

test('the reference movingAverage averages the last `window` returns (fewer at the start), by hand', () => {
  assert.deepEqual(movingAverage([1, -1, 1, 1, -1], 3), [1, 0, 1 / 3, 1 / 3, 1 / 3]);
  assert.deepEqual(movingAverage([2, 4], 1), [2, 4]);
  assert.deepEqual(movingAverage([], 5), []);
});

test('LearningCurve: each point is the episode\'s step and return with the running average, as the plain loop computes it', () => {
  const rng = new Rng(7);
  const curve = new LearningCurve(10, 1000);
  const returns: number[] = [];
  let step = 0;
  for (let i = 0; i < 300; i++) {
    step += 1 + Math.floor(rng.uniform() * 20);
    const r = rng.normal();
    returns.push(r);
    curve.add(step, r);
  }
  const expected = movingAverage(returns, 10);
  assert.equal(curve.points.length, 300);
  assert.equal(curve.episodes, 300);
  curve.points.forEach((p, i) => {
    assert.equal(p.ret, returns[i]);
    assert.ok(close(p.average, expected[i]!), `episode ${i}: ${p.average} vs ${expected[i]}`);
  });
  assert.equal(curve.points.at(-1)!.step, step);
  assert.throws(() => curve.add(step - 1, 0), /before the last episode's/);
  curve.clear();
  assert.equal(curve.points.length, 0);
  assert.equal(curve.episodes, 0);
  curve.add(3, 2);
  assert.deepEqual(curve.points, [{ step: 3, ret: 2, average: 2 }], 'clear forgets the running average too');
});

test('LearningCurve keeps at most maxKept points, thinned evenly, from the first episode to the newest, averages over every episode', () => {
  const curve = new LearningCurve(4, 16);
  const returns: number[] = [];
  for (let i = 1; i <= 1000; i++) {
    const r = (i * 37) % 11;
    returns.push(r);
    curve.add(i * 10, r);
    assert.ok(curve.points.length <= 16, `${curve.points.length} kept after ${i}`);
    assert.equal(curve.points.at(-1)!.step, i * 10, 'the newest episode is always there');
  }
  const points = curve.points;
  assert.ok(points.length >= 8, `${points.length} kept`);
  assert.equal(points[0]!.step, 10, 'the first episode stays');
  assert.equal(points.at(-1)!.step, 10_000, 'the newest episode stays');
  const expected = movingAverage(returns, 4);
  for (const p of points) {
    const i = p.step / 10 - 1;
    assert.equal(p.ret, returns[i]);
    assert.ok(close(p.average, expected[i]!), `step ${p.step}`);
  }
  // Evenly thinned: the gaps between kept points are all alike (but the one to the newest episode).
  const gaps = points.slice(1).map((p, i) => p.step - points[i]!.step);
  assert.equal(new Set(gaps.slice(0, -1)).size, 1, `gaps ${gaps}`);
  assert.ok(gaps.at(-1)! <= gaps[0]!, `gaps ${gaps}`);
  assert.equal(curve.episodes, 1000);
});

test('downsample keeps at most `max` points, evenly by index, the first and last included', () => {
  const xs = Array.from({ length: 101 }, (_, i) => i);
  assert.deepEqual(downsample(xs, 5), [0, 25, 50, 75, 100]);
  assert.deepEqual(downsample(xs.slice(0, 3), 5), [0, 1, 2]);
  const many = downsample(Array.from({ length: 10_000 }, (_, i) => i), 720);
  assert.equal(many.length, 720);
  assert.equal(many[0], 0);
  assert.equal(many.at(-1), 9999);
  assert.ok(many.every((v, i) => i === 0 || v > many[i - 1]!), 'in order, no repeats');
});

test('curveScale puts step 0 and the last step at the edges, the lowest and highest value at the bottom and top', () => {
  const points = [
    { step: 100, ret: -1, average: -1 },
    { step: 400, ret: 1, average: 0 },
    { step: 900, ret: 3, average: 1 },
  ];
  const s = curveScale(points, 200, 100, 10);
  assert.deepEqual(s.steps, [0, 900]);
  assert.deepEqual(s.returns, [-1, 3]);
  assert.equal(s.x(0), 10);
  assert.equal(s.x(900), 190);
  assert.equal(s.x(450), 100);
  assert.equal(s.y(-1), 90);
  assert.equal(s.y(3), 10);
  // Flat returns get a range of 2 around them; no points, -1..1.
  assert.deepEqual(curveScale([{ step: 5, ret: 1, average: 1 }], 200, 100, 10).returns, [0, 2]);
  assert.deepEqual(curveScale([], 200, 100, 10).returns, [-1, 1]);
});
