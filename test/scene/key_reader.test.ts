/**
 * A person's keys read as actions (src/scene/key_reader.ts): held keys give the action whose keys
 * are all held with the most keys (ties to the first listed), a tap between two reads still
 * counts once, no key gives the no-key action (named, mapped to no key, or called noop/none/stay/
 * idle), and a map where no action stands for "no key" is refused at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentError } from '../../src/util/errors';
import { keyReader } from '../../src/scene/key_reader';
import { CODES, FakeKeyboard, resetKeys } from './fake_keyboard';

const ACTIONS = ['stay', 'left', 'right', 'up', 'upleft', 'fire'];
const down = (kb: FakeKeyboard, name: string): void => kb.addKey(name).onDown({} as never);
const up = (kb: FakeKeyboard, name: string): void => kb.addKey(name).onUp({} as never);

test('held keys read as the action whose keys are all held with the most keys; no key reads as stay', () => {
  const kb = new FakeKeyboard();
  const r = keyReader(kb, { left: 'LEFT', right: 'RIGHT', up: 'UP', upleft: ['UP', 'LEFT'], fire: 'SPACE' }, ACTIONS);
  const read = (): string => ACTIONS[r.read()]!;
  assert.equal(r.noKey, 0);
  assert.equal(read(), 'stay');
  down(kb, 'LEFT');
  assert.equal(read(), 'left');
  assert.equal(read(), 'left', 'a key held over several reads');
  down(kb, 'UP');
  assert.equal(read(), 'upleft', 'the two keys of upleft held: upleft, not the first listed of left and up');
  down(kb, 'SPACE');
  assert.equal(read(), 'upleft', 'three keys: upleft has the most keys all held');
  up(kb, 'UP');
  up(kb, 'LEFT');
  assert.equal(read(), 'fire');
  up(kb, 'SPACE');
  down(kb, 'LEFT');
  down(kb, 'RIGHT');
  assert.equal(read(), 'left', 'a tie of one key each goes to the action listed first');
  up(kb, 'LEFT');
  up(kb, 'RIGHT');
  assert.equal(read(), 'stay');
});

test('a tap between two reads counts at the next read only; a key Phaser reset is not a press', () => {
  const kb = new FakeKeyboard();
  const r = keyReader(kb, { left: 'LEFT', right: 'RIGHT' }, ACTIONS);
  down(kb, 'RIGHT');
  up(kb, 'RIGHT');
  assert.equal(ACTIONS[r.read()], 'right', 'pressed and released since the last read');
  assert.equal(ACTIONS[r.read()], 'stay', 'counted once');
  down(kb, 'LEFT');
  resetKeys(kb);
  assert.equal(ACTIONS[r.read()], 'stay', 'Phaser lifted it (timeDown 0): not a press');
  assert.equal(kb.keys.get(CODES.LEFT!)!.isDown, false);
});

test('the no-key action: noop given, an action mapped to no key, or a no-op name; else refused at once', () => {
  const kb = new FakeKeyboard();
  const acts = ['left', 'right', 'wait'];
  assert.equal(keyReader(kb, { left: 'LEFT', right: 'RIGHT' }, acts, 'wait').noKey, 2);
  assert.equal(keyReader(kb, { left: 'LEFT', right: 'RIGHT', wait: [] }, acts).noKey, 2);
  assert.equal(keyReader(kb, { left: 'LEFT', right: 'RIGHT' }, ['left', 'Idle', 'right']).noKey, 1);
  assert.throws(() => keyReader(kb, { left: 'LEFT', right: 'RIGHT' }, acts),
    (e: unknown) => e instanceof AgentError && /no action stands for "no key held"/.test(e.message) && /noop: 'name'/.test(e.message));
  assert.throws(() => keyReader(kb, { left: 'LEFT' }, acts, 'jump'), /noop 'jump' is not one of the actions/);
  assert.throws(() => keyReader(kb, { left: 'LEFTT' }, acts, 'wait'), /"LEFTT" is not a Phaser key name/);
  assert.throws(() => keyReader(null, { left: 'LEFT' }, acts, 'wait'), /no keyboard/);
});
