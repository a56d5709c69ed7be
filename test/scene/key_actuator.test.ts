/**
 * Actions played as key presses: the scene's own Key objects go down and up like Phaser's Key
 * does on real events, the keyboard plugin announces 'keydown-NAME' / 'keyup-NAME', switching
 * actions lifts the old keys, release() lifts all, and bad maps are named.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentError } from '../../src/util/errors';
import { keyActuator, keyActuators } from '../../src/scene/key_actuator';
import { CODES, FakeKeyboard } from './fake_keyboard';

const ACTIONS = ['left', 'right', 'stay', 'jump'];

test('an action holds its keys; another action lifts them; release() lifts everything', () => {
  const kb = new FakeKeyboard();
  const act = keyActuator(kb, { left: 'LEFT', right: 'right', jump: ['SPACE', 65] }, ACTIONS);
  const key = (name: string) => kb.keys.get(CODES[name]!)!;
  act.play('left');
  assert.equal(key('LEFT').isDown, true);
  act.play('left'); // repeated: stays down, no second press
  assert.equal(key('LEFT').downs, 1);
  act.play('jump');
  assert.deepEqual([key('LEFT').isDown, key('SPACE').isDown, key('A').isDown], [false, true, true]);
  act.play('stay'); // no keys
  assert.deepEqual([...kb.keys.values()].map((k) => k.isDown), [false, false, false, false]);
  act.play('right');
  act.release();
  assert.equal(key('RIGHT').isDown, false);
  assert.deepEqual(kb.emitted.slice(0, 4), ['keydown', 'keydown-LEFT', 'keyup', 'keyup-LEFT']);
});

test('bad key maps name every problem; several players need one map each', () => {
  const kb = new FakeKeyboard();
  assert.throws(
    () => keyActuator(kb, { left: 'LEFTT', fly: 'SPACE', jump: 0 }, ACTIONS),
    (e: unknown) => e instanceof AgentError && /3 problems/.test(e.message) && /"LEFTT"/.test(e.message) && /fly: not an action/.test(e.message),
  );
  assert.throws(() => keyActuator(null, { left: 'LEFT' }, ACTIONS), /no keyboard/);
  assert.throws(() => keyActuators(kb, { left: 'LEFT' }, ACTIONS, 2), /one object action -> key\(s\) per player \(2\)/);
  const two = keyActuators(kb, [{ left: 'LEFT' }, { left: 'A' }], ACTIONS, 2);
  two[1]!.play('left');
  assert.deepEqual([kb.keys.get(37)?.isDown ?? false, kb.keys.get(65)!.isDown], [false, true]);
});

test("keys the game reset (scene pause/sleep, window blur) are pressed again by the next play and by reassert()", () => {
  const kb = new FakeKeyboard();
  const act = keyActuator(kb, { left: 'LEFT', jump: ['SPACE', 'A'] }, ACTIONS);
  const key = (name: string) => kb.keys.get(CODES[name]!)!;
  const resetKeys = (): void => kb.keys.forEach((k) => (k.isDown = false)); // Phaser's Key.reset(): no keyup
  act.play('left');
  resetKeys();
  act.play('left'); // the action is repeated: the key goes down again
  assert.equal(key('LEFT').isDown, true);
  assert.equal(key('LEFT').downs, 2);
  act.play('jump');
  resetKeys();
  act.reassert(); // on resume / wake / blur, before the next frame
  assert.deepEqual([key('LEFT').isDown, key('SPACE').isDown, key('A').isDown], [false, true, true]);
  act.reassert(); // nothing reset: no new press
  assert.equal(key('SPACE').downs, 2);
  // A reset key is not lifted again (no stray keyup) when the action changes.
  resetKeys();
  const before = kb.emitted.filter((e) => e.startsWith('keyup')).length;
  act.play('stay');
  assert.equal(kb.emitted.filter((e) => e.startsWith('keyup')).length, before);
  act.reassert(); // 'stay' holds nothing
  assert.deepEqual([...kb.keys.values()].map((k) => k.isDown), [false, false, false]);
  act.play('left');
  act.release();
  resetKeys();
  act.reassert(); // released: nothing comes back
  assert.equal(key('LEFT').isDown, false);
});
