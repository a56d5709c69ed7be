import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentError, AgentCallbackError, ShapeError } from '../../src/util/errors';
import { selectBackend } from '../../src/backend/select_backend';
import { tf } from '../../src/backend/tf';
import type { Listener, SceneLike } from '../../src/scene/scene_hooks';
import { loadBot } from '../../src/play/load_bot';
import type { PlayEpisode } from '../../src/play/play_options';
import { assertClose } from '../train/backends';
import { algorithmFor, parityCases, policyFile } from './play_fixtures';

/** A minimal eventemitter3-like emitter. */
class Emitter {
  private readonly map = new Map<string, Listener[]>();
  on(event: string, fn: Listener): this {
    this.map.set(event, [...(this.map.get(event) ?? []), fn]);
    return this;
  }
  off(event: string, fn?: Listener): this {
    this.map.set(event, fn === undefined ? [] : (this.map.get(event) ?? []).filter((f) => f !== fn));
    return this;
  }
  emit(event: string): void {
    for (const fn of [...(this.map.get(event) ?? [])]) fn();
  }
  listenerCount(event: string): number {
    return this.map.get(event)?.length ?? 0;
  }
}

/** A scene whose game renders a frame on `frame()`. */
class Scene implements SceneLike {
  readonly events = new Emitter();
  readonly game = { events: new Emitter(), canvas: {} as HTMLCanvasElement };
  frame(): void {
    this.game.events.emit('postrender');
  }
  listeners(): number {
    return this.game.events.listenerCount('postrender') + this.events.listenerCount('shutdown') + this.events.listenerCount('destroy');
  }
}

const cases = parityCases();
const mlp = cases[2]!; // ActorCritic on 4 floats, 2 actions
const gru = cases[3]!; // PPO GRU (seq_len 8) on 3 floats, 2 actions
let mlpFile: Uint8Array;
let gruFile: Uint8Array;

before(async () => {
  await selectBackend({ gpu: 'cpu' });
  for (const [c, set] of [[mlp, (b: Uint8Array) => (mlpFile = b)], [gru, (b: Uint8Array) => (gruFile = b)]] as const) {
    const { algorithm } = algorithmFor(c);
    set(await policyFile(c, algorithm, ['left', 'right']));
    algorithm.dispose();
  }
});

/** The observation of game frame `f` (changes every frame so decisions differ). */
const obsAt = (f: number, n: number): number[] => Array.from({ length: n }, (_, i) => Math.sin(0.7 * f + 1.3 * i));

test('decides every decisionPeriod frames with the greedy action, repeating it in between', async () => {
  const bot = await loadBot(mlpFile, { backend: 'cpu' });
  const reference = await loadBot(mlpFile, { backend: 'cpu' });
  try {
    const scene = new Scene();
    const calls: [number, string][] = [];
    let f = 0;
    const at = bot.attach(scene, { act: (a, name) => calls.push([a, name]), observe: () => obsAt(f, 4), decisionPeriod: 3 });
    const wanted: number[] = [];
    for (f = 0; f < 12; f++) {
      const decides = f % 3 === 0;
      if (decides) wanted.push((await reference.act(obsAt(f, 4))) as number);
      const before = calls.length;
      scene.frame();
      await at.settled();
      // A decision frame gets the new answer; the frames between repeat it.
      assert.equal(calls.length, before + 1, `frame ${f}: act called once`);
      assert.deepEqual(calls.at(-1), [wanted.at(-1)!, ['left', 'right'][wanted.at(-1)!]]);
    }
    assert.deepEqual({ ...at.counters }, { frames: 12, decisions: 4, episodes: 0, unfinished: 0, observed: 0, trainRounds: 0, answers: 4, late: 0, dropped: 0, waited: 0, stalls: 0, skipped: 0, callbackErrors: 0 });
  } finally {
    bot.dispose();
    reference.dispose();
  }
});

test('episodes end on done() or maxStep, and a recurrent window starts again with each episode', async () => {
  const start = tf.memory().numTensors;
  const bot = await loadBot(gruFile, { backend: 'cpu' });
  const fresh = await loadBot(gruFile, { backend: 'cpu' });
  try {
    // Record the logits of every decision the attached bot takes.
    const logits: Float32Array[] = [];
    const decide = bot.decidePlayers.bind(bot);
    bot.decidePlayers = async (o, n, w, m) => {
      const d = await decide(o, n, w, m);
      logits.push(d.heads[0]!);
      return d;
    };
    const scene = new Scene();
    const episodes: PlayEpisode[] = [];
    let f = 0;
    let over = false;
    const at = bot.attach(scene, {
      act: () => undefined,
      observe: () => obsAt(f, 3),
      done: () => over,
      reward: () => 1,
      maxStep: 5,
      onEpisode: (e) => episodes.push(e),
    });
    const step = async (): Promise<void> => {
      scene.frame();
      await at.settled();
      f++;
    };
    for (let i = 0; i < 3; i++) await step(); // 3 decisions
    over = true;
    await step(); // the episode ends here
    await step(); // still game over: waits
    assert.deepEqual(episodes, [{ episode: 1, return: 3, steps: 3, frames: 4, truncated: false, player: 0 }]);
    assert.equal(logits.length, 3);
    over = false;
    const first = f;
    for (let i = 0; i < 6; i++) await step(); // 5 decisions, then cut by maxStep
    assert.deepEqual(episodes[1], { episode: 2, return: 5, steps: 5, frames: 6, truncated: true, player: 0 });
    assert.equal(at.counters.episodes, 2);
    // Episode 2's decisions are those of a bot that starts from an empty window there ...
    for (let g = 0; g < 5; g++) {
      const { heads } = await fresh.decide(obsAt(first + g, 3));
      assertClose(logits[3 + g]!, heads[0]!, 1e-6, 1e-5, `episode 2, decision ${g}`);
    }
    // ... and not those of a bot that carried episode 1's window over (so the check can fail).
    fresh.reset();
    for (let g = 0; g < 3; g++) await fresh.act(obsAt(g, 3));
    const carried = (await fresh.decide(obsAt(first, 3))).heads[0]!;
    assert.ok(carried.some((v, i) => Math.abs(v - logits[3]![i]!) > 1e-4), 'the window matters to this net');
  } finally {
    bot.dispose();
    fresh.dispose();
  }
  assert.equal(tf.memory().numTensors, start);
});

test('detaches on scene shutdown, on detach() and on dispose(), removing every listener', async () => {
  const bot = await loadBot(mlpFile, { backend: 'cpu' });
  const scene = new Scene();
  const at = bot.attach(scene, { act: () => undefined, observe: () => obsAt(0, 4) });
  assert.equal(scene.listeners(), 3);
  assert.throws(() => bot.attach(new Scene(), { act: () => undefined, observe: () => obsAt(0, 4) }), AgentError);
  scene.events.emit('shutdown');
  assert.equal(scene.listeners(), 0);
  scene.frame();
  assert.equal(at.counters.frames, 0);
  const again = new Scene();
  bot.attach(again, { act: () => undefined, observe: () => obsAt(0, 4) });
  bot.dispose();
  assert.equal(again.listeners(), 0);
  assert.throws(() => bot.attach(again, { act: () => undefined, observe: () => obsAt(0, 4) }), AgentError);
});

test('bad attach options are one AgentError; a policy a scene cannot drive is a ShapeError', async () => {
  const bot = await loadBot(mlpFile, { backend: 'cpu' });
  try {
    assert.throws(
      () => bot.attach(new Scene(), { act: 1 as unknown as () => void, decisionPeriod: 0 }),
      (e) => e instanceof AgentError && /3 problems/.test(e.message) && /observe: \(\) => number\[\]/.test(e.message),
    );
    // A wrong-length observation is the game's bug: reported as an error naming observe, never thrown into the frame, as an Agent's.
    const scene = new Scene();
    const errors: Error[] = [];
    const at = bot.attach(scene, { act: () => undefined, observe: () => [1, 2, 3], onError: (e) => errors.push(e) });
    scene.frame();
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof AgentCallbackError && errors[0].callback === 'observe', String(errors[0]));
    assert.match(errors[0].message, /observe\(0\) must return 4 numbers \(got 3\)/);
    assert.equal(at.counters.decisions, 0);
    at.detach();
  } finally {
    bot.dispose();
  }
  const cont = cases[5]!;
  const { algorithm } = algorithmFor(cont);
  const file = await policyFile(cont, algorithm);
  algorithm.dispose();
  const continuous = await loadBot(file, { backend: 'cpu' });
  try {
    assert.throws(() => continuous.attach(new Scene(), { act: () => undefined, observe: () => [0, 0, 0, 0, 0] }), (e) => e instanceof ShapeError && /discrete action/.test(e.message));
  } finally {
    continuous.dispose();
  }
});


/** Phaser's Key as far as state goes, and a keyboard plugin that makes them (codes of LEFT/RIGHT/A/D). */
class FakeKey {
  isDown = false;
  constructor(readonly keyCode: number) {}
  onDown(): void {
    this.isDown = true;
  }
  onUp(): void {
    this.isDown = false;
  }
}
const CODES: Record<string, number> = { LEFT: 37, RIGHT: 39, A: 65, D: 68 };
class FakeKeyboard {
  readonly keys = new Map<string, FakeKey>();
  addKey(name: string | number): FakeKey {
    const k = String(name);
    if (!this.keys.has(k)) this.keys.set(k, new FakeKey(CODES[k]!));
    return this.keys.get(k)!;
  }
  emit(): void {}
  down(): string[] {
    return [...this.keys].filter(([, k]) => k.isDown).map(([n]) => n).sort();
  }
}

test('several players with their own key maps, observations and recurrent windows, as agent.attach takes them', async () => {
  const start = tf.memory().numTensors;
  const bot = await loadBot(gruFile, { backend: 'cpu' });
  // The reference: one fresh bot per player, each acting on that player's observations alone.
  const solo = [await loadBot(gruFile, { backend: 'cpu' }), await loadBot(gruFile, { backend: 'cpu' })];
  try {
    const scene = Object.assign(new Scene(), { input: { keyboard: new FakeKeyboard() } });
    const keyboard = scene.input.keyboard;
    const acted: [number, number][] = [];
    let f = 0;
    const obsOf = (p: number): number[] => obsAt(3 * f + 11 * p, 3);
    const at = bot.attach(scene, {
      players: 2,
      keys: [{ left: 'LEFT', right: 'RIGHT' }, { left: 'A', right: 'D' }],
      act: (a, _name, p) => acted.push([p, a]),
      observe: (p) => obsOf(p),
    });
    for (f = 0; f < 10; f++) {
      const wanted = [(await solo[0]!.act(obsOf(0))) as number, (await solo[1]!.act(obsOf(1))) as number];
      acted.length = 0;
      scene.frame();
      await at.settled();
      assert.deepEqual(acted, [[0, wanted[0]!], [1, wanted[1]!]], `frame ${f}`);
      const held = [wanted[0] === 0 ? 'LEFT' : 'RIGHT', wanted[1] === 0 ? 'A' : 'D'].sort();
      assert.deepEqual(keyboard.down(), held, `frame ${f}: each player holds its own action's key`);
    }
    at.detach();
    assert.deepEqual(keyboard.down(), [], 'detach releases every key');
    assert.equal(scene.listeners(), 0);
  } finally {
    bot.dispose();
    solo.forEach((b) => b.dispose());
  }
  assert.equal(tf.memory().numTensors, start);
});

test('players, crops and keys are checked like agent.attach\'s', async () => {
  const bot = await loadBot(mlpFile, { backend: 'cpu' });
  try {
    assert.throws(() => bot.attach(new Scene(), { observe: () => obsAt(0, 4) }), (e) => e instanceof AgentError && /act .* or keys/.test(e.message));
    assert.throws(() => bot.attach(new Scene(), { act: () => undefined, observe: () => obsAt(0, 4), players: 0 }), (e) => e instanceof AgentError && /players must be a positive integer/.test(e.message));
    assert.throws(() => bot.attach(new Scene(), { act: () => undefined, observe: () => obsAt(0, 4), players: 2, crop: [{ x: 0, y: 0, w: 4, h: 4 }] }), (e) => e instanceof AgentError && /one region per player/.test(e.message));
    const scene = Object.assign(new Scene(), { input: { keyboard: new FakeKeyboard() } });
    assert.throws(() => bot.attach(scene, { observe: () => obsAt(0, 4), players: 2, keys: { left: 'LEFT' } }), (e) => e instanceof AgentError && /one object action -> key\(s\) per player/.test(e.message));
  } finally {
    bot.dispose();
  }
});
