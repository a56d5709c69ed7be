import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/util/rng';

test('same seed gives the same stream, different seeds differ', () => {
  const a = new Rng(7);
  const b = new Rng(7);
  const c = new Rng(8);
  const sa = Array.from({ length: 20 }, () => a.nextUint32());
  const sb = Array.from({ length: 20 }, () => b.nextUint32());
  const sc = Array.from({ length: 20 }, () => c.nextUint32());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
});

test('uniform stays in [0, 1) with mean near 1/2; int stays in range', () => {
  const r = new Rng(1);
  let sum = 0;
  const counts = new Array(5).fill(0);
  for (let i = 0; i < 100000; i++) {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
    sum += u;
    counts[r.int(5)]++;
  }
  assert.ok(Math.abs(sum / 100000 - 0.5) < 0.01);
  for (const c of counts) assert.ok(Math.abs(c / 100000 - 0.2) < 0.01, `int bucket ${c}`);
});

test('normal has mean 0 and variance 1', () => {
  const r = new Rng(3);
  let s = 0;
  let s2 = 0;
  const n = 100000;
  for (let i = 0; i < n; i++) {
    const x = r.normal();
    s += x;
    s2 += x * x;
  }
  assert.ok(Math.abs(s / n) < 0.02);
  assert.ok(Math.abs(s2 / n - 1) < 0.02);
});
