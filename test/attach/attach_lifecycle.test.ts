/**
 * An Agent in inference mode and a Bot of the same policy go through one attach routine
 * (src/attach/attach_scene.ts), so a scene's lifecycle means the same for both: the same script of
 * frames, pauses, sleeps, window blurs, restarts and detaches gives the same decisions, the same
 * keys held, the same episodes, and leaves the scene without a listener. Each case runs for both.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAgent } from '../../src/agent/create_agent';
import type { AttachOptions } from '../../src/attach/attach_options';
import type { Attachment } from '../../src/attach/attach_scene';
import type { EpisodeInfo } from '../../src/attach/loop_events';
import { selectBackend } from '../../src/backend/select_backend';
import { loadBot } from '../../src/play/load_bot';
import { FakeWorker } from '../worker/fake_worker';
import { CODES, FakeKeyboard, resetKeys } from '../scene/fake_keyboard';
import { SteppedScene, VECTOR_SPEC } from './fakes';

const ACTIONS = ['left', 'right'];
let policy: Uint8Array;

/** A scene with a keyboard, as a Phaser scene with input.keyboard. */
class KeyScene extends SteppedScene {
  readonly input = { keyboard: new FakeKeyboard() };
  /** Listeners left on the scene and its game. */
  listeners(): number {
    return this.events.total() + this.game.events.total();
  }
  held(): string[] {
    return Object.entries(CODES).filter(([, code]) => this.input.keyboard.keys.get(code)?.isDown === true).map(([name]) => name);
  }
}

/** Something that attaches to a scene: an inference-mode Agent or a Bot. */
interface Player {
  attach(scene: KeyScene, options: AttachOptions): Attachment;
  /** Episodes reported so far. */
  episodes: Pick<EpisodeInfo, 'return' | 'steps' | 'frames' | 'truncated'>[];
  dispose(): Promise<void>;
}

const PLAYERS: Record<string, () => Promise<Player>> = {
  'an inference-mode Agent': async () => {
    const agent = await createAgent(VECTOR_SPEC, { actions: ACTIONS, observation: { vector: 2 }, backend: 'cpu', worker: new FakeWorker(), seed: 3 });
    await agent.load(policy, { mode: 'inference' });
    const episodes: Player['episodes'] = [];
    agent.on('episode', (e) => episodes.push({ return: e.return, steps: e.steps, frames: e.frames, truncated: e.truncated }));
    return { attach: (s, o) => agent.attach(s, { ...o, mode: 'inference' }), episodes, dispose: () => agent.dispose() };
  },
  'a Bot': async () => {
    const bot = await loadBot(policy, { backend: 'cpu', actions: ACTIONS });
    const episodes: Player['episodes'] = [];
    return {
      attach: (s, o) => bot.attach(s, { ...o, onEpisode: (e) => episodes.push({ return: e.return, steps: e.steps, frames: e.frames, truncated: e.truncated }) }),
      episodes,
      dispose: async () => bot.dispose(),
    };
  },
};

/** What one player did in a scripted run. */
interface Trace {
  /** Per frame: the action name the game was given (or '-'), and the keys held after it. */
  frames: string[];
  counters: Record<string, number>;
  episodes: Player['episodes'];
  listenersAfter: number;
}

/**
 * The script: frames with a changing observation; a pause and a sleep (Phaser lifts the keys, no
 * frame ticks, 'resume' / 'wake' press them again); a window blur; a game over; then a restart
 * (the scene shuts down) and a new attachment that ends with the scene's destruction.
 */
async function script(make: () => Promise<Player>): Promise<Trace> {
  const player = await make();
  const scene = new KeyScene();
  const frames: string[] = [];
  let t = 0;
  let over = false;
  let given = '-';
  const options: AttachOptions = {
    keys: { left: 'LEFT', right: 'RIGHT' },
    act: (_a, name) => (given = name),
    observe: () => [Math.sin(t), Math.cos(0.3 * t)],
    reward: () => 1,
    done: () => over,
    decisionPeriod: 2,
  };
  const before = scene.listeners();
  let attachment = player.attach(scene, options);
  const run = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      t++;
      given = '-';
      scene.step();
      await attachment.settled();
      frames.push(`${given}:${scene.held().join('+')}`);
    }
  };
  try {
    await run(7);
    for (const [status, back] of [['paused', 'resume'], ['sleeping', 'wake']] as const) {
      scene.status = status;
      resetKeys(scene.input.keyboard); // Phaser lifts every key of a paused or sleeping scene
      await run(3);
      scene.status = 'running';
      scene.events.emit(back);
      frames.push(`${back}:${scene.held().join('+')}`);
    }
    resetKeys(scene.input.keyboard); // the window lost focus: Phaser's keyboard lifts the keys, then 'blur'
    scene.game.events.emit('blur');
    frames.push(`blur:${scene.held().join('+')}`);
    await run(3);
    over = true;
    await run(1);
    over = false;
    await run(5);
    scene.events.emit('shutdown'); // a restart shuts the scene down first
    frames.push(`shutdown:${scene.held().join('+')}`);
    assert.equal(scene.listeners(), before, 'the shutdown left no listener of the attachment');
    const first = { ...attachment.counters };
    attachment = player.attach(scene, options);
    await run(4);
    scene.events.emit('destroy');
    frames.push(`destroy:${scene.held().join('+')}`);
    const counters = Object.fromEntries(Object.entries(attachment.counters).map(([k, v]) => [k, v + (first as Record<string, number>)[k]!]));
    return { frames, counters, episodes: [...player.episodes], listenersAfter: scene.listeners() - before };
  } finally {
    await player.dispose();
  }
}

let traces: Record<string, Trace>;

before(async () => {
  await selectBackend({ gpu: 'cpu' });
  const agent = await createAgent(VECTOR_SPEC, { actions: ACTIONS, observation: { vector: 2 }, backend: 'cpu', worker: new FakeWorker(), seed: 3 });
  policy = await agent.exportPolicy({ training: false });
  await agent.dispose();
  traces = {};
  for (const [name, make] of Object.entries(PLAYERS)) traces[name] = await script(make);
});

for (const name of Object.keys(PLAYERS)) {
  test(`${name}: a paused or sleeping scene ticks no frame; resume, wake and a window blur press the held keys again`, () => {
    const f = traces[name]!.frames;
    const resume = f.indexOf(f.find((x) => x.startsWith('resume:'))!);
    assert.deepEqual(f.slice(resume - 3, resume), ['-:', '-:', '-:'], 'no action given while paused, every key lifted');
    const heldBefore = f[resume - 4]!.split(':')[1]!;
    assert.notEqual(heldBefore, '', 'a key was held before the pause');
    for (const moment of ['resume', 'wake', 'blur']) {
      assert.equal(f.find((x) => x.startsWith(`${moment}:`)), `${moment}:${heldBefore}`, `${moment} presses the action's key again`);
    }
  });

  test(`${name}: a game over ends the episode; a restart and the scene's destruction end the open one as truncated, release the keys and remove every listener`, () => {
    const t = traces[name]!;
    assert.deepEqual(t.episodes.map((e) => e.truncated), [false, true, true]);
    // A reward of 1 a frame; the first frame's belongs to no step (it comes before the first observation).
    assert.deepEqual(t.episodes.map((e) => [e.frames, e.return]), [[11, 10], [5, 4], [4, 3]]);
    assert.deepEqual(t.episodes.map((e) => e.steps), [5, 3, 2], 'a decision every 2 frames, and at the game over');
    assert.equal(t.frames.find((x) => x.startsWith('shutdown:')), 'shutdown:');
    assert.equal(t.frames.find((x) => x.startsWith('destroy:')), 'destroy:');
    assert.equal(t.listenersAfter, 0);
  });
}

test('an inference-mode Agent and a Bot of the same policy do the same in every frame of the script', () => {
  const [agent, bot] = Object.values(traces) as [Trace, Trace];
  assert.deepEqual(bot.frames, agent.frames);
  assert.deepEqual(bot.episodes, agent.episodes);
  for (const k of ['frames', 'decisions', 'episodes', 'answers', 'late', 'dropped', 'skipped', 'callbackErrors'] as const) {
    assert.equal(bot.counters[k], agent.counters[k], k);
  }
});
