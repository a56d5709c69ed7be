import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DenseSet } from '../../src/memory/dense_set';
import { Rng } from '../../src/util/rng';

test('DenseSet matches a Set under random adds and deletes, members listed densely', () => {
  const rng = new Rng(9);
  const dense = new DenseSet(50);
  const ref = new Set<number>();
  for (let step = 0; step < 5000; step++) {
    const x = rng.int(50);
    if (rng.uniform() < 0.5) {
      dense.add(x);
      ref.add(x);
    } else {
      dense.delete(x);
      ref.delete(x);
    }
    assert.equal(dense.size, ref.size);
    assert.equal(dense.has(x), ref.has(x));
  }
  const listed = Array.from({ length: dense.size }, (_, i) => dense.at(i)).sort((a, b) => a - b);
  assert.deepEqual(listed, [...ref].sort((a, b) => a - b));
});
