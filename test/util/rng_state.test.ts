import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRngState, Rng } from '../../src/util/rng';

test('getState/setState moves another stream to the same position, cached normal included', () => {
  const a = new Rng(5);
  for (let i = 0; i < 1000; i++) a.nextUint32();
  a.normal(); // leaves a cached second normal
  const state = JSON.parse(JSON.stringify(a.getState())); // survives JSON (it is saved in manifests)
  assert.ok(isRngState(state));
  assert.ok(state.words.every((w: number) => w >= 0 && w <= 0xffffffff), 'words are unsigned');
  assert.notEqual(state.spareNormal, null);
  const b = new Rng(99);
  b.setState(state);
  const draw = (r: Rng): number[] => [r.normal(), r.normal(), r.nextUint32(), r.uniform(), r.int(7)];
  assert.deepEqual(draw(b), draw(a));
});

test('setState rejects what getState cannot return', () => {
  const r = new Rng(1);
  for (const bad of [null, {}, { words: [1, 2, 3], spareNormal: null }, { words: [1, 2, 3, -1], spareNormal: null }, { words: [1, 2, 3, 4], spareNormal: NaN }]) {
    assert.throws(() => r.setState(bad as never), RangeError);
  }
});
