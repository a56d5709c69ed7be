/**
 * The fast mode's per-copy options joined for one agent: each copy's callbacks answer for its
 * player, called without `this`, as the decision loop calls a game's callbacks, so a class method
 * passed without its object is caught in `train --game` as it is in the game.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThisRead } from '../../src/attach/detached_method';
import { copiesAttach } from '../../src/game/copies_attach';
import { CODES, FakeKeyboard } from '../scene/fake_keyboard';

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

test("keys press the copy's own scene's keys, as the game's player would (each copy has its own keyboard)", () => {
  const scenes = [0, 1].map(() => ({ input: { keyboard: new FakeKeyboard() } }));
  const acted: string[] = [];
  const o = copiesAttach([0, 1].map(() => ({ keys: { left: 'LEFT', right: ['RIGHT', 'SPACE'] } })), 'train', (_i, fn) => fn(), scenes, ['left', 'stay', 'right']);
  o.act!(2, 'right', 1);
  const held = (s: (typeof scenes)[number]): number[] => [...s.input.keyboard.keys.values()].filter((k) => k.isDown).map((k) => k.keyCode);
  assert.deepEqual(held(scenes[0]!), []);
  assert.deepEqual(held(scenes[1]!).sort(), [CODES.RIGHT!, CODES.SPACE!].sort());
  o.act!(1, 'stay', 1);
  assert.deepEqual(held(scenes[1]!), [], "'stay' holds nothing");
  const both = copiesAttach([{ keys: { left: 'LEFT' }, act: (_a: number, name: string) => void acted.push(name) }], 'train', (_i, fn) => fn(), [scenes[0]!], ['left', 'stay']);
  both.act!(0, 'left', 0);
  assert.deepEqual([held(scenes[0]!), acted], [[CODES.LEFT], ['left']], 'keys, then act');
  assert.throws(() => copiesAttach([{ keys: [{ left: 'LEFT' }] }], 'train', (_i, fn) => fn(), [scenes[0]!], ['left', 'stay']), /keys must be one map/);
  assert.throws(() => copiesAttach([{ reward: () => 0 }], 'train', (_i, fn) => fn(), [scenes[0]!], ['left', 'stay']), /must give act: .* or keys/);
});

test("an entry's attach overlap (shared with the page's attach) is accepted and not carried: the copies take train --game's --overlap", () => {
  const act = (): void => undefined;
  const joined = copiesAttach([{ act, overlap: true }, { act, overlap: true }], 'train', (_i, fn) => fn());
  assert.equal(joined.overlap, undefined);
});
