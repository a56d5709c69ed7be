/**
 * Runs in headless Chromium: random starts on real Phaser scenes. A Pong whose serve never varies
 * (the demo's scene with the ball, its direction and the paddle put back the same way at every
 * episode) is played greedily by an untrained agent on 8 copies (CANVAS): without random starts
 * every episode is the same one ('identical-episodes'); with no-op starts (copies stepped alone on
 * their own clocks, their canvases read after) and with the entry's reset(scene, rng) they differ.
 * And a block that reset() moves with no no-op frame after it is where the canvas shows it.
 * random_starts.test.ts asserts.
 */
import * as Phaser from 'phaser';
import { createAgent, defineTraining, playGame, type AgentWarning, type PlayGameResult, type StartRandom } from 'pixelpilot';
import { CopyActions } from '../../src/game/copy_actions';
import { CopyStarts } from '../../src/game/copy_starts';
import { GameCopies } from '../../src/game/game_copies';
import { resolveStarts } from '../../src/game/random_starts';
import { FrameCapture } from '../../src/observe/frame_capture';
import pong from '../../demos/pong/training';
import { PongScene } from '../../demos/pong/pong_scene';
import { fetchSpec } from '../../demos/shared/bootstrap';

/** The demo's Pong with one fixed serve: the same ball and paddle at every episode (unless reset() moves the ball). */
class FixedServePong extends PongScene {
  serveX = 47;
  serveVx = 0.9;
  protected override startEpisode(): void {
    const r = this.rules;
    r.reset();
    Object.assign(r, { ballX: this.serveX, vx: this.serveVx, paddleX: 37 });
  }
}

const entry = { ...pong, scene: FixedServePong };
const EPISODES = 64;

/** A white 10x10 block on black that reset() moves; nothing else ever moves it. */
class BlockScene extends Phaser.Scene {
  block!: Phaser.GameObjects.Rectangle;
  constructor() {
    super({ key: 'block' });
  }
  create(): void {
    this.block = this.add.rectangle(0, 0, 10, 10, 0xffffff).setOrigin(0, 0);
  }
}

const blockEntry = defineTraining({
  game: { type: Phaser.CANVAS, width: 100, height: 10, backgroundColor: '#000000' },
  scene: BlockScene,
  actions: ['stay', 'go'],
  observation: { width: 100, height: 10, grayscale: true },
  attach: () => ({ act: () => undefined, reward: () => 0, done: () => false }),
  reset: (scene, rng) => void (scene.block.x = 10 * rng.int(9)),
  noopMax: 0,
});

/**
 * Random starts with reset() and no no-op frame after it (noopMax 0), on 2 real copies: where the
 * block is after each start, and where the copy's canvas shows it (the first observation's pixels).
 */
async function resetDrawn(): Promise<{ x: number; seen: number }[]> {
  const parent = document.createElement('div');
  document.body.append(parent);
  const copies = await GameCopies.start(Phaser, blockEntry, 2, 1, parent);
  try {
    const noop = copies.scenes.map((_, i) => new CopyActions(() => undefined, 0, 1, i));
    const starts = new CopyStarts(copies, blockEntry, copies.scenes.map(() => ({})), noop, resolveStarts({ noops: 0 }, blockEntry, blockEntry.actions, 'test'), 1, 1);
    copies.step();
    const out: { x: number; seen: number }[] = [];
    for (let k = 0; k < 8; k++) {
      for (let i = 0; i < 2; i++) {
        starts.begin(i);
        if (starts.failure !== null) throw starts.failure;
        const frame = new FrameCapture(copies.games[i]!.canvas, { width: 100, height: 10, smoothing: false }).capture();
        out.push({ x: copies.scenes[i]!.block.x, seen: frame.subarray(500, 600).findIndex((v) => v > 128) });
      }
    }
    return out;
  } finally {
    copies.destroy();
  }
}

async function main(): Promise<unknown> {
  const drawn = await resetDrawn();
  const agent = await createAgent(await fetchSpec('pong_ppo_natureish.json'), { actions: entry.actions, observation: entry.observation, players: 8, backend: 'wasm', seed: 2 });
  const warnings: AgentWarning[] = [];
  agent.on('warning', (w) => warnings.push(w));
  const summary = (r: PlayGameResult) => ({ ...r, returns: undefined, timing: undefined, warningEvents: warnings.splice(0) });
  try {
    const fixed = summary(await playGame(entry, agent, { episodes: EPISODES, randomStarts: false, phaser: Phaser }));
    const noops = summary(await playGame(entry, agent, { episodes: EPISODES, phaser: Phaser }));
    const resets: number[] = [];
    const reset = (scene: FixedServePong, rng: StartRandom): void => {
      scene.serveX = 10 + rng.uniform() * 80;
      scene.serveVx = rng.uniform() * 4 - 2;
      resets.push(scene.serveX);
    };
    const resetOnly = summary(await playGame({ ...entry, reset }, agent, { episodes: EPISODES, randomStarts: { noops: 0 }, phaser: Phaser }));
    return { fixed, noops, resetOnly, resets: resets.length, distinctResets: new Set(resets).size, drawn };
  } finally {
    await agent.dispose();
  }
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e) => ((window as unknown as { __result: unknown }).__result = { error: `${e}\n${(e as Error).stack ?? ''}` }),
);
