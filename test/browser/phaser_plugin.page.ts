/**
 * Runs in headless Chromium: a real Phaser 4 WEBGL game with the pixelpilot scene plugin installed
 * in its config. Two arenas side by side (two players of one agent, each observing its half of the
 * canvas); the scene moves each paddle from the keyboard (LEFT/RIGHT and A/D) and knows nothing of
 * the agent, which plays through `keys`. Stepped by hand, waiting for the worker after each frame.
 * Then the scene is stopped. The Node side (phaser_plugin.test.ts) asserts on the result.
 */
import * as Phaser from 'phaser';
import { PixelpilotPlugin } from '../../src/phaser/plugin';
import type { EpisodeInfo } from '../../src/attach/loop_events';

const W = 200;
const H = 100;
const DT = 1000 / 60;
const FRAMES = 240;
const ENTRY = new URL('./phaser_plugin.worker.js', import.meta.url);

const SPEC = {
  agent: {
    name: 'DQN',
    algorithm: {
      name: 'DQN', action_pdtype: 'Argmax', action_policy: 'epsilon_greedy',
      explore_var_spec: { name: 'linear_decay', start_val: 1.0, end_val: 0.1, start_step: 0, end_step: 200 },
      gamma: 0.9, training_batch_iter: 1, training_iter: 1, training_frequency: 4, training_start_step: 16,
    },
    memory: { name: 'Replay', batch_size: 8, max_size: 500 },
    net: {
      type: 'ConvNet', conv_hid_layers: [[4, 3, 1, 0, 1]], fc_hid_layers: [16], hid_layers_activation: 'relu', normalize: true,
      loss_spec: { name: 'SmoothL1Loss' }, optim_spec: { name: 'Adam', lr: 0.001 },
    },
  },
  env: { name: 'two_arenas' },
  meta: { random_seed: 3 },
};

type PluginScene = Phaser.Scene & { pixelpilot: PixelpilotPlugin };

interface Arena {
  paddle: Phaser.GameObjects.Rectangle;
  ball: Phaser.GameObjects.Rectangle;
  left: Phaser.Input.Keyboard.Key;
  right: Phaser.Input.Keyboard.Key;
  reward: number;
  done: boolean;
}

async function main(): Promise<unknown> {
  const arenas: Arena[] = [];
  const scene = await new Promise<PluginScene>((resolve) => {
    new Phaser.Game({
      type: Phaser.WEBGL, width: W, height: H, backgroundColor: '#000000', banner: false, audio: { noAudio: true },
      plugins: { scene: [PixelpilotPlugin.config()] },
      scene: {
        key: 'arenas',
        create(this: Phaser.Scene) {
          const kb = this.input.keyboard!;
          const cursors = kb.createCursorKeys();
          const ad = kb.addKeys('A,D') as Record<'A' | 'D', Phaser.Input.Keyboard.Key>;
          for (let p = 0; p < 2; p++) {
            arenas.push({
              paddle: this.add.rectangle(p * 100 + 50, 90, 20, 6, 0xffffff),
              ball: this.add.rectangle(p * 100 + 20 + p * 50, 0, 8, 8, 0xffffff),
              left: p === 0 ? cursors.left : ad.A,
              right: p === 0 ? cursors.right : ad.D,
              reward: 0,
              done: false,
            });
          }
          resolve(this as PluginScene);
        },
        update(this: Phaser.Scene) {
          arenas.forEach((a, p) => {
            // The game reads its keyboard only; the agent presses the keys.
            if (a.left.isDown) a.paddle.x = Math.max(p * 100 + 10, a.paddle.x - 3);
            if (a.right.isDown) a.paddle.x = Math.min(p * 100 + 90, a.paddle.x + 3);
            a.ball.y += p === 0 ? 4 : 6;
            if (a.ball.y >= 90) {
              a.reward += Math.abs(a.ball.x - a.paddle.x) < 14 ? 1 : -1;
              a.done = true;
              a.ball.setPosition(p * 100 + 10 + ((a.ball.x * 7) % 80), 0);
            }
          });
        },
      },
    });
  });
  const game = scene.game;
  game.loop.sleep();
  const isPlugin = scene.pixelpilot instanceof PixelpilotPlugin;
  const agent = await scene.pixelpilot.createAgent(SPEC, {
    actions: ['left', 'right', 'stay'],
    players: 2,
    observation: { width: 10, height: 10, frameStack: 2, crop: [{ x: 0, y: 0, w: 100, h: 100 }, { x: 100, y: 0, w: 100, h: 100 }] },
    backend: 'wasm',
    wasmPaths: '/node_modules/@tensorflow/tfjs-backend-wasm/dist/',
    workerUrl: ENTRY,
    seed: 9,
  });
  const errors: string[] = [];
  agent.on('error', (e) => errors.push(e.message));
  agent.on('worker-error', (e) => errors.push(e.message));
  const episodes: EpisodeInfo[] = [];
  agent.on('episode', (e) => episodes.push(e));
  const postrenderBefore = game.events.listenerCount('postrender');
  const attachment = scene.pixelpilot.attach(agent, {
    keys: [{ left: 'LEFT', right: 'RIGHT' }, { left: 'A', right: 'D' }],
    reward: (p) => {
      const r = arenas[p]!.reward;
      arenas[p]!.reward = 0;
      return r;
    },
    done: (p) => {
      const d = arenas[p]!.done;
      arenas[p]!.done = false;
      return d;
    },
    decisionPeriod: 2,
  });
  const xs = arenas.map((a) => new Set<number>([a.paddle.x]));
  const keysDownSeen = [0, 0];
  let time = performance.now();
  for (let i = 0; i < FRAMES; i++) {
    time += DT;
    game.step(time, DT);
    await attachment.settled();
    arenas.forEach((a, p) => {
      xs[p]!.add(a.paddle.x);
      if (a.left.isDown || a.right.isDown) keysDownSeen[p]!++;
    });
  }
  const counters = { ...attachment.counters };
  const stats = await agent.stats();
  const attachedListeners = game.events.listenerCount('postrender');
  scene.scene.stop();
  time += DT;
  game.step(time, DT);
  const result = {
    isPlugin,
    backend: agent.backend,
    errors,
    counters,
    stats: { steps: stats.steps, acts: stats.acts, trainRounds: stats.trainRounds },
    episodesByPlayer: [0, 1].map((p) => episodes.filter((e) => e.player === p).length),
    paddlePositions: xs.map((s) => s.size),
    keysDownSeen,
    attachedListeners,
    postrenderBefore,
    afterStop: {
      attachments: scene.pixelpilot.attachments.length,
      attached: agent.attached,
      postrender: game.events.listenerCount('postrender'),
      keysDown: arenas.map((a) => a.left.isDown || a.right.isDown),
    },
  };
  await agent.dispose();
  return result;
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: String(e?.stack ?? e) }),
);
