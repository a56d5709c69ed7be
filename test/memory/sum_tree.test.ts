import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SumTree } from '../../src/memory/sum_tree';
import { Rng } from '../../src/util/rng';

/** The smallest i with prefix < p_0 + ... + p_i, by a plain loop. */
function naiveFind(p: number[], prefix: number): number {
  let run = 0;
  for (let i = 0; i < p.length; i++) {
    run += p[i];
    if (prefix < run) return i;
  }
  return -1;
}

test('total and find agree with a naive prefix-sum loop under random updates', () => {
  const rng = new Rng(11);
  for (const capacity of [1, 2, 5, 64, 100]) {
    const tree = new SumTree(capacity);
    const p = new Array(capacity).fill(0);
    for (let step = 0; step < 600; step++) {
      const i = rng.int(capacity);
      // A quarter of updates zero a leaf, to exercise empty subtrees.
      const v = rng.uniform() < 0.25 ? 0 : rng.uniform() * 10;
      tree.update(i, v);
      p[i] = v;
      const total = p.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(tree.total - total) < 1e-9 * Math.max(1, total));
      assert.equal(tree.get(i), v);
      if (total === 0) continue;
      for (let q = 0; q < 5; q++) {
        const prefix = rng.uniform() * total;
        const want = naiveFind(p, prefix);
        const got = tree.find(prefix);
        // At a boundary within rounding both neighbours are right; elsewhere they must agree.
        if (got !== want) {
          const edge = p.slice(0, Math.min(got, want) + 1).reduce((a, b) => a + b, 0);
          assert.ok(Math.abs(edge - prefix) < 1e-9, `find(${prefix}) = ${got}, naive ${want}`);
        }
        assert.ok(p[got] > 0, 'find returned an empty leaf');
      }
    }
  }
});

test('find never returns an empty leaf, even at or beyond the total', () => {
  const tree = new SumTree(8);
  tree.update(2, 1);
  tree.update(5, 2);
  assert.equal(tree.find(0), 2);
  assert.equal(tree.find(0.999), 2);
  assert.equal(tree.find(1), 5);
  assert.equal(tree.find(3), 5);
  assert.equal(tree.find(1e9), 5);
});

test('update of a leaf outside the capacity is an internal error', () => {
  const tree = new SumTree(3);
  assert.throws(() => tree.update(3, 1), /internal error/);
  assert.throws(() => tree.update(0, -1), /internal error/);
});
