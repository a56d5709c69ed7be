/**
 * The fast mode's per-copy options joined for one agent: each copy's callbacks answer for its
 * player, called without `this`, as the decision loop calls a game's callbacks, so a class method
 * passed without its object is caught in `train --game` as it is in the game.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThisRead } from '../../src/attach/detached_method';
import { copiesAttach } from '../../src/game/copies_attach';

class Copy {
  pending = 2;
  readonly acted: string[] = [];
  act = (_a: number, name: string): void => void this.acted.push(name);
  /** An ordinary method: it needs its object. */
  takeReward(): number {
    const r = this.pending;
    this.pending = 0;
    return r;
  }
  takeRewardArrow = (): number => this.takeReward();
}

test("each copy's callbacks answer for its player, inside that copy's stream", () => {
  const copies = [new Copy(), new Copy()];
  const entered: number[] = [];
  const o = copiesAttach(copies.map((c) => ({ act: c.act, reward: c.takeRewardArrow })), 'train', (i, fn) => (entered.push(i), fn()));
  o.act!(1, 'right', 1);
  assert.deepEqual(copies.map((c) => c.acted), [[], ['right']]);
  assert.equal(o.reward!(0), 2);
  assert.equal(o.reward!(0), 0);
  assert.deepEqual(entered, [1, 0, 0]);
});

test('a method passed without its object is called without `this` and caught at its first use of it (detached-method)', () => {
  const copy = new Copy();
  const o = copiesAttach([{ act: copy.act, reward: copy.takeReward }], 'train', (_i, fn) => fn());
  assert.throws(() => o.reward!(0), (e: unknown) => e instanceof ThisRead && e.property === 'pending' && e.method === 'takeReward');
  assert.equal(copy.pending, 2, 'the real object was never touched');
});
