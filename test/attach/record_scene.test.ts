/**
 * Recording in a scene (src/attach/record_scene.ts) with a fake scene and keyboard: the file holds
 * each decision's observation, the action read from the keys held (or played by the heuristic),
 * the rewards summed up to the next decision and the episode ends, exactly; `act` gets the
 * recorded action; reflex lag shifts the actions; dropEpisode drops the episode in progress or the
 * last one finished; who plays must be said.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordScene, type RecordOptions } from '../../src/attach/record_scene';
import { decodeDemoFile } from '../../src/store/demo_file';
import { AgentError } from '../../src/util/errors';
import { FakeScene } from './fakes';
import { FakeKeyboard } from '../scene/fake_keyboard';

const ACTIONS = ['left', 'stay', 'right'];

/** A one-player game: observation [frame], reward 10 * frame + 1 read at each frame, done at the frames in `ends`. */
function game(ends: number[]) {
  const scene = Object.assign(new FakeScene(), { input: { keyboard: new FakeKeyboard() } });
  let frame = 0;
  const got: string[] = [];
  const options: RecordOptions = {
    observe: () => [frame],
    reward: () => 10 * frame + 1,
    done: () => ends.includes(frame),
    act: (_a, name) => void got.push(name),
  };
  const errors: unknown[] = [];
  const setup = { actions: ACTIONS, players: 1, observation: { kind: 'vector' as const, length: 1 }, pipeline: null, onError: (e: unknown) => errors.push(e) };
  const step = (f: number): void => {
    frame = f;
    scene.frame();
  };
  return { scene, options, setup, step, got, errors, kb: scene.input.keyboard };
}

const obsOf = (o: Float32Array | Uint8Array): number[] => Array.from(o);

test('a person\'s keys are recorded at each decision with the observations, rewards and episode ends; act gets them', async () => {
  const g = game([4]);
  const rec = recordScene(g.scene, { ...g.options, keys: { left: 'LEFT', right: 'RIGHT' } }, g.setup);
  assert.equal(rec.player, 'keys');
  // Keys per frame: RIGHT, none, LEFT, LEFT+RIGHT (tie: left, listed first), none (the episode ends),
  // none, a RIGHT tap released before the frame's decision, ...
  const press = [['RIGHT'], [], ['LEFT'], ['LEFT', 'RIGHT'], [], [], ['tap'], ['RIGHT'], [], ['LEFT']];
  const expected = ['right', 'stay', 'left', 'left', 'right', 'stay', 'right', 'right', 'stay', 'left'];
  for (let f = 0; f < press.length; f++) {
    for (const k of ['LEFT', 'RIGHT']) if (!press[f]!.includes(k)) g.kb.addKey(k).onUp({} as never);
    for (const k of press[f]!) {
      if (k === 'tap') {
        g.kb.addKey('RIGHT').onDown({} as never);
        g.kb.addKey('RIGHT').onUp({} as never);
      } else g.kb.addKey(k).onDown({} as never);
    }
    g.step(f);
  }
  await rec.settled();
  rec.stop();
  assert.equal(rec.stopped, true);
  assert.deepEqual(g.errors, []);
  const { manifest, demonstrations: d } = await decodeDemoFile(await rec.toBytes(), 'test');
  assert.equal(manifest.source, 'keys');
  assert.deepEqual(manifest.actionNames, ACTIONS);
  assert.deepEqual(manifest.observation, { shape: [1], dtype: 'float32', frameStack: 1, pipeline: null });
  // Episode 1: decisions at frames 0-3, done at frame 4 (its observation is the final one).
  // Frame 4's decision ends it; frame 5 begins episode 2 (the read at frame 4 is not an action of any step).
  const [e1, e2] = d.episodes;
  assert.equal(d.episodes.length, 2);
  assert.deepEqual(obsOf(e1!.observations), [0, 1, 2, 3, 4]);
  assert.deepEqual(Array.from(e1!.actions, (a) => ACTIONS[a]), expected.slice(0, 4));
  assert.deepEqual(Array.from(e1!.rewards), [11, 21, 31, 41]);
  assert.deepEqual([Array.from(e1!.terminated), Array.from(e1!.truncated)], [[0, 0, 0, 1], [0, 0, 0, 0]]);
  // Episode 2: frames 5-9, closed by stop() as truncated (its last observation repeated: the scene can no longer be read).
  assert.deepEqual(obsOf(e2!.observations), [5, 6, 7, 8, 9, 9]);
  assert.deepEqual(Array.from(e2!.actions, (a) => ACTIONS[a]), expected.slice(5));
  assert.deepEqual(Array.from(e2!.rewards), [61, 71, 81, 91, 0]);
  assert.equal(e2!.truncated[4], 1);
  // The game got the recorded actions through act, every frame (the last one repeated at frame 4, between episodes).
  assert.deepEqual(g.got, [...expected.slice(0, 4), 'left', ...expected.slice(5)]);
  assert.deepEqual(rec.returns, [11 + 21 + 31 + 41], 'the episode stop() cut is not among the returns');
  assert.equal(rec.episodes, 2);
  // Keys are read, never pressed: nothing was announced on the keyboard.
  assert.deepEqual(g.kb.emitted, []);
  assert.equal(g.scene.events.total() + g.scene.game.events.total(), 0, 'every listener removed');
});

test('a heuristic\'s actions are recorded; reflex lag pairs each observation with the action k decisions later', async () => {
  const g = game([4]);
  let decisions = 0;
  const rec = recordScene(g.scene, { ...g.options, heuristic: () => decisions++ % 3, reflexLag: 1 }, g.setup);
  assert.equal(rec.player, 'heuristic');
  for (let f = 0; f < 8; f++) g.step(f);
  rec.stop();
  const { manifest, demonstrations: d } = await decodeDemoFile(await rec.toBytes(), 'test');
  assert.equal(manifest.reflexLag, 1);
  assert.equal(manifest.source, 'heuristic');
  const [e1, e2] = d.episodes;
  // Raw episode 1: observations 0-3, actions 0 1 2 0, rewards 11 21 31 41; shifted by one: 3 steps.
  assert.deepEqual(obsOf(e1!.observations), [0, 1, 2, 4]);
  assert.deepEqual(Array.from(e1!.actions), [1, 2, 0]);
  assert.deepEqual(Array.from(e1!.rewards), [11, 21, 31 + 41]);
  assert.equal(e1!.terminated[2], 1);
  // Raw episode 2: observations 5-7 (actions 1 2 0, decided at frames 5, 6, 7), then stop's step.
  assert.deepEqual(Array.from(e2!.actions), [2, 0]);
  assert.equal(e2!.steps, 2);
});

test('dropEpisode drops the episode in progress, or the last finished one when none is in progress', async () => {
  const g = game([4, 8]);
  const rec = recordScene(g.scene, { ...g.options, action: () => 'right' }, g.setup);
  assert.equal(rec.player, 'action');
  for (let f = 0; f <= 6; f++) g.step(f);
  // Episode 2 has steps at frames 5 (closed at 6): one step in progress.
  assert.equal(rec.dropEpisode(), 1);
  g.step(7);
  g.step(8); // episode 2's remainder (the steps of frames 6 and 7) ends at frame 8
  assert.equal(rec.episodes, 2);
  assert.equal(rec.dropEpisode(), 2, 'nothing in progress: the episode that just ended');
  assert.equal(rec.episodes, 1);
  assert.deepEqual(rec.returns, [11 + 21 + 31 + 41]);
  rec.stop();
  const { demonstrations: d } = await decodeDemoFile(await rec.toBytes(), 'test');
  assert.equal(d.episodes.length, 1);
  assert.deepEqual(Array.from(d.episodes[0]!.actions), [2, 2, 2, 2]);
  assert.equal(g.got.every((n) => n === 'right'), true);
});

test('who plays must be said; a keys map needs an action for "no key held"', () => {
  const g = game([]);
  assert.throws(() => recordScene(g.scene, g.options, g.setup), (e: unknown) => e instanceof AgentError && /who plays\? give keys/.test(e.message));
  assert.throws(() => recordScene(g.scene, { ...g.options, keys: { left: 'LEFT', right: 'RIGHT' } }, { ...g.setup, actions: ['left', 'right', 'jump'] }),
    /no action stands for "no key held".*noop: 'name'/s);
  assert.equal(g.scene.events.total() + g.scene.game.events.total(), 0, 'a refused recording leaves no listener');
});
