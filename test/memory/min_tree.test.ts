import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MinTree } from '../../src/memory/min_tree';
import { Rng } from '../../src/util/rng';

test('min agrees with Math.min over random updates, including emptied leaves', () => {
  const rng = new Rng(5);
  const tree = new MinTree(37);
  const v = new Array(37).fill(Infinity);
  assert.equal(tree.min, Infinity);
  for (let step = 0; step < 2000; step++) {
    const i = rng.int(37);
    v[i] = rng.uniform() < 0.3 ? Infinity : rng.uniform();
    tree.update(i, v[i]);
    assert.equal(tree.min, Math.min(...v));
  }
});
