/** rollout_stats: explained variance against its definition written another way, and the report extras. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainedVariance, rolloutExtra } from '../../src/algorithm/rollout_stats';

/** 1 - Var(y - v) / Var(y) as two-pass sample statistics on plain arrays (n - 1 cancels). */
function reference(v: number[], y: number[]): number {
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
  const variance = (a: number[]) => {
    const m = mean(a);
    return a.reduce((s, x) => s + (x - m) ** 2, 0) / (a.length - 1);
  };
  return 1 - variance(y.map((t, i) => t - v[i]!)) / variance(y);
}

test('explained variance matches the definition, is 1 for a perfect V, 0 for a constant V, negative for a bad one', () => {
  const y = [1, 0.5, -2, 3, 0, 1.25];
  const v = [0.8, 0.1, -1.5, 2.2, 0.4, 1];
  assert.ok(Math.abs(explainedVariance(Float32Array.from(v), Float32Array.from(y)) - reference(v, y)) < 1e-6);
  assert.ok(Math.abs(explainedVariance(y, y) - 1) < 1e-12);
  assert.ok(Math.abs(explainedVariance(y.map(() => 7), y)) < 1e-12, 'an offset does not count, only what V explains');
  assert.ok(explainedVariance(y.map((t) => -t), y) < 0);
});

test('targets that do not vary, or mismatched lengths, have no explained variance (NaN), and the extras leave it out', () => {
  assert.ok(Number.isNaN(explainedVariance([1, 2], [3, 3])));
  assert.ok(Number.isNaN(explainedVariance([1], [1, 2])));
  assert.ok(Number.isNaN(explainedVariance([], [])));
  assert.deepEqual(rolloutExtra(0.5, [1, 2], [3, 3]), { entropy: 0.5 });
  assert.deepEqual(rolloutExtra(NaN, [1, 2], [1, 2]), { explained_variance: 1 });
});
