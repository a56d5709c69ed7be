/**
 * Runs in headless Chromium with real Phaser 4 games stepped by hand, agents in real module workers.
 * 1. Held keys: an agent holding LEFT (a constant heuristic action through `keys`) while the scene
 *    is paused and resumed, slept and woken, and the window loses focus (Phaser resets every key
 *    each time): frames in which the scene's update() sees LEFT down, per phase.
 * 2. Lifetimes: a Play scene whose create() asks `this.pixelpilot.agent('runner', recipe)` and a
 *    GameOver scene; game over -> back -> play again and scene.restart(), counting live workers;
 *    a scene using the scene-scoped `this.pixelpilot.createAgent` restarted the same way; then
 *    game.destroy(). The Node side (agent_lifetime.test.ts) asserts on the result and on the
 *    console warnings.
 */
import * as Phaser from 'phaser';
import type { Agent } from '../../src/agent/agent';
import type { AgentRecipe } from '../../src/phaser/agent_registry';
import { PixelpilotPlugin } from '../../src/phaser/plugin';

const DT = 1000 / 60;
const WASM_PATHS = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';
const ENTRY = new URL('./agent_lifetime.worker.js', import.meta.url);

// Live module workers of the page: made minus terminated.
const live = new Set<Worker>();
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {
  constructor(url: string | URL, options?: WorkerOptions) {
    super(url, options);
    live.add(this);
  }
  override terminate(): void {
    live.delete(this);
    super.terminate();
  }
} as typeof Worker;

const SPEC = {
  agent: {
    name: 'vec_dqn',
    algorithm: { name: 'DQN', action_policy: 'epsilon_greedy', explore_var_spec: { name: 'linear_decay', start_val: 1, end_val: 0.1, start_step: 0, end_step: 100 }, gamma: 0.9, training_frequency: 2, training_iter: 1, training_batch_iter: 1, training_start_step: 8 },
    memory: { name: 'Replay', batch_size: 8, max_size: 500 },
    net: { type: 'MLPNet', hid_layers: [8], hid_layers_activation: 'relu', loss_spec: { name: 'MSELoss' }, optim_spec: { name: 'Adam', lr: 0.01 } },
  },
  env: { name: 'runner' },
  meta: { random_seed: 1 },
};

const recipe = (extra: Partial<AgentRecipe> = {}): (() => AgentRecipe) => () => ({
  spec: SPEC,
  options: { actions: ['left', 'right', 'stay'], observation: { vector: 1 }, backend: 'wasm', wasmPaths: WASM_PATHS, workerUrl: ENTRY, seed: 5 },
  ...extra,
});

type PluginScene = Phaser.Scene & { pixelpilot: PixelpilotPlugin };

/** Failures of agent promises the scenes do not await. */
const failures: string[] = [];
const failed = (e: unknown): void => void failures.push(String((e as Error)?.stack ?? e));

/** Waits until the game has booted (its scenes created), then stops its loop: the page steps it by hand. */
async function booted(game: Phaser.Game): Promise<void> {
  while (!game.isBooted || !game.isRunning) await new Promise((r) => setTimeout(r, 10));
  game.loop.sleep();
}

function stepper(game: Phaser.Game): (n: number) => Promise<void> {
  let time = performance.now();
  return async (n) => {
    for (let i = 0; i < n; i++) {
      time += DT;
      game.step(time, DT);
      await new Promise((r) => setTimeout(r, 0)); // worker answers arrive between frames
    }
  };
}

async function until(what: string, cond: () => boolean, step: (n: number) => Promise<void>): Promise<void> {
  const end = performance.now() + 60_000;
  while (!cond() && performance.now() < end && failures.length === 0) {
    await step(1);
    await new Promise((r) => setTimeout(r, 5));
  }
  if (!cond()) throw new Error(`timed out waiting for ${what}${failures.length ? `: ${failures.join('\n')}` : ''}`);
}

/** game.destroy() takes effect at the next step; then the agents' disposal ends their workers. */
async function destroyGame(game: Phaser.Game, step: (n: number) => Promise<void>): Promise<void> {
  game.destroy(true);
  await step(1);
  for (let i = 0; i < 100 && live.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
}

/** 1. An agent holds LEFT; Phaser resets the keys on pause, sleep and blur. */
async function heldKeys(): Promise<Record<string, [number, number]>> {
  let phase = 'starting';
  const seen: Record<string, [number, number]> = {};
  let scene!: PluginScene;
  let attached = false;
  const game = new Phaser.Game({
    type: Phaser.CANVAS, width: 100, height: 50, banner: false, audio: { noAudio: true },
    plugins: { scene: [PixelpilotPlugin.config()] },
    scene: {
      key: 'keys',
      create(this: Phaser.Scene) {
        scene = this as PluginScene;
        const left = this.input.keyboard!.addKey('LEFT');
        this.events.on('update', () => {
          const s = (seen[phase] ??= [0, 0]);
          s[1]++;
          if (left.isDown) s[0]++;
        });
        void scene.pixelpilot.agent('holder', recipe()).then((agent) => {
          scene.pixelpilot.attach(agent, { keys: { left: 'LEFT', right: 'RIGHT' }, observe: () => [0], mode: 'heuristic', heuristic: () => 0, decisionPeriod: 4 });
          attached = true;
        }, failed);
      },
    },
  });
  await booted(game);
  const step = stepper(game);
  await until('the key agent', () => attached, step);
  await step(20);
  phase = 'before';
  await step(30);
  scene.scene.pause();
  await step(10);
  scene.scene.resume();
  phase = 'after resume';
  await step(40);
  scene.scene.sleep();
  await step(10);
  scene.scene.wake();
  phase = 'after wake';
  await step(40);
  window.dispatchEvent(new Event('blur')); // Phaser's window.onblur: game 'blur' -> resetKeys
  phase = 'after blur';
  await step(40);
  await destroyGame(game, step);
  return seen;
}

/** 2. Scenes restarting around one named agent, and a scene-scoped one. */
async function lifetimes(): Promise<unknown> {
  const agentsSeen = new Set<Agent>();
  const scoped = new Set<Agent>();
  let created = 0;
  let current: PluginScene | null = null;
  class Play extends Phaser.Scene {
    constructor() {
      super('play');
    }
    create(this: PluginScene): void {
      const scene = this;
      void this.pixelpilot.agent('runner', recipe()).then((agent) => {
        agentsSeen.add(agent);
        if (!scene.sys.isActive()) return;
        this.pixelpilot.attach(agent, { observe: () => [Math.sin(scene.time.now)], act: () => undefined, reward: () => 1 });
        current = scene;
      }, failed);
    }
  }
  class Legacy extends Phaser.Scene {
    constructor() {
      super('legacy');
    }
    create(this: PluginScene): void {
      const scene = this;
      // The old README pattern: a new agent each time the scene starts (now scoped to this run).
      void this.pixelpilot.createAgent(SPEC, recipe()().options).then((agent) => {
        created++;
        scoped.add(agent);
        if (!scene.sys.isActive()) return;
        this.pixelpilot.attach(agent, { observe: () => [0], act: () => undefined, reward: () => 1 });
        current = scene;
      }, failed);
    }
  }
  class GameOver extends Phaser.Scene {
    constructor() {
      super('over');
    }
  }
  const game = new Phaser.Game({
    type: Phaser.CANVAS, width: 100, height: 50, banner: false, audio: { noAudio: true },
    plugins: { scene: [PixelpilotPlugin.config()] },
    scene: [Play, GameOver, Legacy],
  });
  await booted(game);
  const step = stepper(game);
  const liveAfter: number[] = [];
  const attachedTo = (key: string): (() => boolean) => () => current !== null && current.sys.settings.key === key && current.sys.isActive() && [...agentsSeen, ...scoped].some((a) => a.attached);
  await until('play', attachedTo('play'), step);
  await step(30);
  for (let round = 0; round < 3; round++) {
    current = null;
    game.scene.getScene('play')!.scene.start('over'); // game over
    await step(5);
    game.scene.getScene('over')!.scene.start('play'); // back -> play again
    await until('play again', attachedTo('play'), step);
    await step(20);
    liveAfter.push(live.size);
  }
  current = null;
  game.scene.getScene('play')!.scene.restart();
  await until('play restarted', attachedTo('play'), step);
  await step(20);
  liveAfter.push(live.size);
  const runner = [...agentsSeen][0]!;
  const runnerStats = await runner.stats();
  const unsavedBefore = runner.unsavedTrainRounds;

  // The scene-scoped pattern: start the legacy scene, restart it three times.
  current = null;
  game.scene.getScene('play')!.scene.start('legacy');
  await until('legacy', attachedTo('legacy'), step);
  await step(20);
  const liveLegacy: number[] = [];
  for (let round = 0; round < 3; round++) {
    current = null;
    game.scene.getScene('legacy')!.scene.restart();
    await until('legacy again', attachedTo('legacy'), step);
    await step(20);
    await new Promise((r) => setTimeout(r, 50)); // disposal of the last run's agent is asynchronous
    liveLegacy.push(live.size);
  }
  const names = (game.scene.getScene('legacy') as PluginScene).pixelpilot.agents.names();
  const disposedEvents: number[] = [];
  runner.on('dispose', (e) => disposedEvents.push(e.unsavedTrainRounds));
  await destroyGame(game, step);
  return {
    agentsSeen: agentsSeen.size,
    liveAfter,
    runnerTrainRounds: runnerStats.trainRounds,
    runnerSteps: runnerStats.steps,
    unsavedBefore,
    scopedCreated: created,
    scopedDisposed: [...scoped].filter((a) => a.isDisposed).length,
    liveLegacy,
    names,
    disposedEvents,
    liveAtEnd: live.size,
  };
}

async function main(): Promise<unknown> {
  const keys = await heldKeys();
  const liveAfterKeys = live.size;
  return { keys, liveAfterKeys, lifetimes: await lifetimes() };
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: String(e?.stack ?? e) }),
);
