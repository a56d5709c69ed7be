/**
 * A Bot reports the attach warnings an Agent does (warnings.ts) through `onWarning` (default
 * console.warn): a method passed without its object, and, when the game gave `done` / `reward`,
 * episodes that never end. A shipped bot given neither reports nothing.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../src/backend/select_backend';
import { tf } from '../../src/backend/tf';
import { NO_EPISODE_END_DECISIONS } from '../../src/attach/episode_end_warning';
import type { AgentWarning } from '../../src/attach/warnings';
import { loadBot } from '../../src/play/load_bot';
import { AgentCallbackError } from '../../src/util/errors';
import { FakeScene } from '../attach/fakes';
import { algorithmFor, parityCases, policyFile } from './play_fixtures';

const mlp = parityCases()[2]!; // ActorCritic on 4 floats, 2 actions
let file: Uint8Array;

before(async () => {
  await selectBackend({ gpu: 'cpu' });
  const { algorithm } = algorithmFor(mlp);
  file = await policyFile(mlp, algorithm, ['left', 'right']);
  algorithm.dispose();
});

class Game {
  position = 0;
  observe(): number[] {
    return [this.position, 0, 0, 0];
  }
}

test('a method passed without its object: onWarning gets it once, onError the clear errors', async () => {
  const start = tf.memory().numTensors;
  const bot = await loadBot(file, { backend: 'cpu' });
  const game = new Game();
  const warnings: AgentWarning[] = [];
  const errors: Error[] = [];
  const scene = new FakeScene();
  const at = bot.attach(scene, { act: () => undefined, observe: game.observe, onWarning: (w) => warnings.push(w), onError: (e) => errors.push(e) });
  for (let i = 0; i < 10; i++) {
    scene.frame();
    await at.settled();
  }
  at.detach();
  bot.dispose();
  assert.deepEqual(warnings.map((w) => [w.code, w.player]), [['detached-method', 0]]);
  assert.equal(errors.length, 10);
  assert.ok(errors[0] instanceof AgentCallbackError);
  assert.equal(errors[0]!.message, 'attach: observe(0) reads this.position, but was passed without its object: use an arrow function (observe: () => scene.observe()) or bind it (scene.observe.bind(scene))');
  assert.equal(tf.memory().numTensors, start);
});

test('onWarning defaults to console.warn; a bot with a done that never fires warns once, one without done or reward never', async () => {
  const start = tf.memory().numTensors;
  const bot = await loadBot(file, { backend: 'cpu' });
  const warned: unknown[][] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warned.push(args);
  try {
    for (const options of [{ done: () => false }, {}]) {
      const scene = new FakeScene();
      const at = bot.attach(scene, { act: () => undefined, observe: () => [1, 2, 3, 4], decisionPeriod: 2, ...options });
      for (let i = 0; i < 2 * NO_EPISODE_END_DECISIONS + 20; i++) {
        scene.frame();
        await at.settled();
      }
      at.detach();
    }
  } finally {
    console.warn = warn;
    bot.dispose();
  }
  assert.equal(warned.length, 1, warned.join('\n'));
  assert.match(String(warned[0]![0]), /^pixelpilot: warning \(no-episode-end\): no episode ended in the first 2000 decisions \(4000 game frames\): done\(\) never returned true/);
  assert.equal(tf.memory().numTensors, start);
});
