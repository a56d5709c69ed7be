import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  boltzmannActions,
  epsilonGreedyActions,
  greedyActions,
  randomActions,
  sampleCategorical,
  selectActions,
} from '../../src/algorithm/action_policy';
import { ShapeError } from '../../src/util/errors';
import { Rng } from '../../src/util/rng';

/** Frequencies of each action over `draws` calls, rows pooled. */
function frequencies(draw: () => Int32Array, n: number, draws: number): number[] {
  const counts = new Array<number>(n).fill(0);
  let total = 0;
  for (let k = 0; k < draws; k++) {
    for (const a of draw()) {
      counts[a]! += 1;
      total += 1;
    }
  }
  return counts.map((c) => c / total);
}

const softmax = (xs: number[]): number[] => {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};

/** Within 4 standard errors of a binomial proportion over `n` draws (and a floor for p = 0). */
function assertFrequencies(actual: number[], expected: number[], n: number): void {
  expected.forEach((p, j) => {
    const tol = 4 * Math.sqrt(Math.max(p * (1 - p), 1e-12) / n) + 1e-9;
    assert.ok(Math.abs(actual[j]! - p) <= tol, `action ${j}: frequency ${actual[j]} vs ${p} (tol ${tol.toFixed(4)})`);
  });
}

test('greedy picks each row argmax, the lowest index on ties, and respects masks', () => {
  const q = Float32Array.from([1, 3, 3, /* row 1 */ -1, -2, -0.5, /* row 2 */ 5, 5, 5]);
  assert.deepEqual([...greedyActions(q, 3)], [1, 2, 0]);
  const mask = Uint8Array.from([1, 0, 1, /* */ 1, 1, 0, /* */ 0, 0, 1]);
  assert.deepEqual([...greedyActions(q, 3, mask)], [2, 0, 2]);
});

test('a mask row that allows nothing allows everything', () => {
  const q = Float32Array.from([0, 2, 1]);
  assert.deepEqual([...greedyActions(q, 3, new Uint8Array(3))], [1]);
  const rng = new Rng(7);
  const f = frequencies(() => randomActions(1, 3, rng, new Uint8Array(3)), 3, 3000);
  assertFrequencies(f, [1 / 3, 1 / 3, 1 / 3], 3000);
});

test('epsilon-greedy: greedy w.p. 1 - eps + eps/n, every other action eps/n', () => {
  const r = new Rng(1);
  const q = Float32Array.from([0.1, 0.9, 0.2, 0.3, /* row 2 */ 0.1, 0.9, 0.2, 0.3]);
  const eps = 0.3;
  const draws = 5000;
  const f = frequencies(() => epsilonGreedyActions(q, 4, eps, r), 4, draws);
  assertFrequencies(f, [eps / 4, 1 - eps + eps / 4, eps / 4, eps / 4], draws * 2);
  assert.deepEqual([...epsilonGreedyActions(q, 4, 0, r)], [1, 1]);
});

test('epsilon-greedy explores only among allowed actions', () => {
  const r = new Rng(2);
  const q = Float32Array.from([5, 0, 1, 2]);
  const mask = Uint8Array.from([0, 1, 1, 0]);
  const f = frequencies(() => epsilonGreedyActions(q, 4, 1, r, mask), 4, 4000);
  assertFrequencies(f, [0, 0.5, 0.5, 0], 4000);
  assert.equal(f[0], 0);
  assert.equal(f[3], 0);
});

test('categorical sampling matches softmax(logits), masked actions never drawn', () => {
  const r = new Rng(3);
  const logits = [1, 0, -1, 2];
  const draws = 20000;
  const f = frequencies(() => sampleCategorical(Float32Array.from(logits), 4, r), 4, draws);
  assertFrequencies(f, softmax(logits), draws);
  const mask = Uint8Array.from([1, 1, 0, 0]);
  const fm = frequencies(() => sampleCategorical(Float32Array.from(logits), 4, r, mask), 4, draws);
  assertFrequencies(fm, [...softmax([1, 0]), 0, 0], draws);
  assert.equal(fm[2]! + fm[3]!, 0);
});

test('categorical sampling is stable for huge logits', () => {
  const r = new Rng(4);
  const a = sampleCategorical(Float32Array.from([1000, 1001, -1e30]), 3, r);
  assert.ok(a[0] === 0 || a[0] === 1);
  const f = frequencies(() => sampleCategorical(Float32Array.from([1000, 1001, -1e30]), 3, r), 3, 10000);
  assertFrequencies(f, softmax([0, 1, -Infinity]), 10000);
});

test('boltzmann samples softmax(Q / tau): a high tau flattens, a low tau sharpens', () => {
  const r = new Rng(5);
  const q = [1, 2, 4];
  const draws = 20000;
  for (const tau of [5, 0.5]) {
    const f = frequencies(() => boltzmannActions(Float32Array.from(q), 3, tau, r), 3, draws);
    assertFrequencies(f, softmax(q.map((x) => x / tau)), draws);
  }
  assert.throws(() => boltzmannActions(Float32Array.from(q), 3, 0, r), RangeError);
});

test('the same seed gives the same actions', () => {
  const q = Float32Array.from([0.2, 0.1, 0.5, 0.4, 0.3, 0.9]);
  const run = (seed: number): number[] => {
    const r = new Rng(seed);
    return Array.from({ length: 20 }, () => [...boltzmannActions(q, 3, 1, r), ...epsilonGreedyActions(q, 3, 0.5, r)]).flat();
  };
  assert.deepEqual(run(9), run(9));
  assert.notDeepEqual(run(9), run(10));
});

test('selectActions: explore false is greedy whatever the policy; policies dispatch', () => {
  const r = new Rng(6);
  const q = Float32Array.from([0, 1, 0.5]);
  for (const policy of ['epsilon_greedy', 'boltzmann', 'random', 'default'] as const) {
    const a = selectActions(q, 3, { policy, exploreVar: 1, explore: false, rng: r });
    assert.deepEqual([...a], [1], policy);
  }
  const eps = frequencies(() => selectActions(q, 3, { policy: 'epsilon_greedy', exploreVar: 1, explore: true, rng: r }), 3, 3000);
  assertFrequencies(eps, [1 / 3, 1 / 3, 1 / 3], 3000);
  const greedyDefault = selectActions(q, 3, { policy: 'default', exploreVar: NaN, explore: true, rng: r });
  assert.deepEqual([...greedyDefault], [1]);
  const sampled = frequencies(
    () => selectActions(q, 3, { policy: 'default', exploreVar: NaN, explore: true, defaultMode: 'sample', rng: r }),
    3,
    10000,
  );
  assertFrequencies(sampled, softmax([0, 1, 0.5]), 10000);
});

test('shape errors name the function', () => {
  const r = new Rng(0);
  assert.throws(() => greedyActions(new Float32Array(5), 3), ShapeError);
  assert.throws(() => sampleCategorical(new Float32Array(6), 3, r, new Uint8Array(3)), /sampleCategorical: mask/);
  assert.throws(() => epsilonGreedyActions(new Float32Array(3), 3, 1.5, r), RangeError);
});
