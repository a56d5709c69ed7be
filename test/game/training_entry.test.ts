/** The training entry's checks, and how per-copy attach options are joined for one agent of N players. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentError } from '../../src/util/errors';
import { copiesAttach } from '../../src/game/copies_attach';
import { SeededRandom } from '../../src/game/seeded_random';
import { checkTrainingEntry, defineTraining } from '../../src/game/training_entry';

class Scene {
  action = -1;
  reward = 0;
}

const entry = defineTraining({
  game: { width: 10, height: 10 },
  scene: Scene,
  actions: ['left', 'right'],
  attach: (s: Scene) => ({ act: (a: number) => (s.action = a), reward: () => s.reward, decisionPeriod: 2 }),
});

test('a plain object and a module whose default export is the entry both pass the checks', () => {
  assert.equal(checkTrainingEntry(entry), entry);
  assert.equal(checkTrainingEntry({ default: entry }, 'training.js'), entry);
});

test('a bad entry is one AgentError naming every problem and the file', () => {
  const bad = { game: { scene: Scene }, scene: 3, actions: ['only'], attach: null, extra: 1 };
  assert.throws(() => checkTrainingEntry(bad, 'my_training.js'), (e: unknown) => {
    assert.ok(e instanceof AgentError);
    const m = (e as Error).message;
    assert.match(m, /^training entry my_training\.js: 5 problems/);
    for (const part of [/game must not name a scene/, /scene must be a Phaser\.Scene subclass \(got number 3\)/, /attach must be a function/, /actions must be an array of at least 2/, /unknown key extra/]) assert.match(m, part);
    return true;
  });
  assert.throws(() => checkTrainingEntry(undefined, 'x.js'), /training entry x\.js: must be an object/);
});

test('copiesAttach: player p of the agent is copy p, each callback called with player 0 in its copy', () => {
  const scenes = [new Scene(), new Scene(), new Scene()];
  scenes[1]!.reward = 5;
  const inside: number[] = [];
  const joined = copiesAttach(scenes.map((s) => entry.attach(s, 0)), 'train', (copy, fn) => {
    inside.push(copy);
    return fn();
  });
  joined.act!(1, 'right', 2);
  assert.deepEqual(scenes.map((s) => s.action), [-1, -1, 1]);
  assert.equal(joined.reward!(1), 5);
  assert.equal(joined.reward!(0), 0);
  assert.deepEqual(inside, [2, 1, 0]);
  assert.equal(joined.decisionPeriod, 2);
  assert.equal(joined.mode, 'train');
  assert.equal(joined.done, undefined);
});

test('copiesAttach refuses copies that disagree on timing, a scene without a keyboard for keys, and callbacks given for some copies only', () => {
  const run = <T>(_: number, fn: () => T): T => fn();
  assert.throws(() => copiesAttach([{ act: () => 0, decisionPeriod: 2 }, { act: () => 0, decisionPeriod: 3 }], 'train', run), /same decisionPeriod \(copy 0: 2, copy 1: 3\)/);
  assert.throws(() => copiesAttach([{ keys: { left: 'LEFT' } }], 'train', run, [{}], ['left', 'stay']), /the scene has no keyboard/);
  assert.throws(() => copiesAttach([{ act: () => 0, done: () => false }, { act: () => 0 }], 'train', run), /done must be given for every copy or none/);
});

test('SeededRandom: Math.random replays per copy, differs between copies, and is restored even after a throw', () => {
  const page = Math.random;
  const draw = (seed: number, copy: number): number[] => new SeededRandom(seed, copy).run(() => [Math.random(), Math.random()]);
  assert.deepEqual(draw(1, 0), draw(1, 0));
  assert.notDeepEqual(draw(1, 0), draw(1, 1));
  assert.notDeepEqual(draw(1, 0), draw(2, 0));
  assert.throws(() => new SeededRandom(1, 0).run(() => { throw new Error('boom'); }), /boom/);
  assert.equal(Math.random, page);
});

test('reset, noop and noopMax: checked with the other keys', () => {
  const full = { ...entry, reset: () => undefined, noop: 'left', noopMax: 0 };
  assert.equal(checkTrainingEntry(full), full);
  assert.throws(() => checkTrainingEntry({ ...entry, reset: 3, noop: 'stay', noopMax: -1 }, 't.js'), (e: unknown) => {
    const m = (e as Error).message;
    assert.match(m, /^training entry t\.js: 3 problems/);
    assert.match(m, /reset must be a function \(scene, rng\) => void \(got number 3\)/);
    assert.match(m, /noop must name one of the actions \(left, right\) \(got string stay\)/);
    assert.match(m, /noopMax must be an integer >= 0 \(got number -1\)/);
    return true;
  });
});

test('heuristic (record --game\'s scripted player): a function, checked with the other keys', () => {
  const full = { ...entry, heuristic: () => 'left' };
  assert.equal(checkTrainingEntry(full), full);
  assert.throws(() => checkTrainingEntry({ ...entry, heuristic: 'left' }, 't.js'), /heuristic must be a function \(scene, player\) => action index or name \(got string left\)/);
});
