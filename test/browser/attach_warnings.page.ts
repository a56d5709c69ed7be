/**
 * Runs in headless Chromium: real Phaser 4 games (CANVAS renderer, stepped by hand) with the one
 * attach routine (attachScene) reading their canvas through the real FrameCapture, a stand-in
 * trainer answering action 0 (no worker, no tfjs). Reports the warnings each attachment gave, for
 * attach_warnings.test.ts: an 84x84 observation of a 10x10 canvas, of a 40x40 crop of a 400x400
 * canvas, and of the whole 400x400 canvas.
 */
import * as Phaser from 'phaser';
import { attachScene } from '../../src/attach/attach_scene';
import { resolveAttachOptions } from '../../src/attach/attach_options';
import type { CropRect } from '../../src/observe/crop';
import type { AgentWarning } from '../../src/attach/warnings';

const DT = 1000 / 60;

/** A `size` x `size` CANVAS game with one scene, stepped by hand from now on. */
function startGame(size: number): Promise<{ game: Phaser.Game; scene: Phaser.Scene }> {
  const parent = document.createElement('div');
  document.body.appendChild(parent);
  return new Promise((resolve) => {
    const game: Phaser.Game = new Phaser.Game({
      type: Phaser.CANVAS,
      width: size,
      height: size,
      parent,
      banner: false,
      audio: { noAudio: true },
      scene: {
        create(this: Phaser.Scene) {
          this.add.rectangle(0, 0, size / 2, size / 2, 0xffffff).setOrigin(0, 0);
          resolve({ game, scene: this });
        },
      },
    });
  });
}

/** Attaches to a `size` game with an 84x84 gray observation (of `crop`), plays 20 frames; the warnings and the canvas's size. */
async function attachedWarnings(size: number, crop?: CropRect): Promise<{ canvas: string; warnings: AgentWarning[]; decisions: number; errors: string[] }> {
  const { game, scene } = await startGame(size);
  game.loop.sleep();
  const warnings: AgentWarning[] = [];
  const errors: string[] = [];
  const { attachment } = attachScene(scene, undefined, {
    actions: ['left', 'right'],
    players: 1,
    observation: { kind: 'pixels', width: 84, height: 84, grayscale: true, frameStack: 1, crops: [crop] },
    resolve: (keyPlay) => resolveAttachOptions({ act: () => undefined, mode: 'inference' }, null, keyPlay),
    trainer: { act: () => Promise.resolve(Int32Array.of(0)), observe: () => Promise.resolve(null) },
    handlers: {
      countSteps: () => 0,
      onTrain: () => undefined,
      onEpisode: () => undefined,
      onError: (e) => errors.push(String(e)),
      onWarning: (w) => warnings.push(w),
    },
  });
  let time = performance.now();
  for (let i = 0; i < 20; i++) {
    time += DT;
    game.step(time, DT);
    await attachment.settled();
  }
  const result = { canvas: `${game.canvas.width}x${game.canvas.height}`, warnings, decisions: attachment.counters.decisions, errors };
  attachment.detach();
  game.destroy(true);
  return result;
}

async function main() {
  return {
    small: await attachedWarnings(10),
    crop: await attachedWarnings(400, { x: 0, y: 0, w: 40, h: 40 }),
    large: await attachedWarnings(400),
  };
}

main().then(
  (r) => ((window as unknown as { __result: unknown }).__result = r),
  (e: Error) => ((window as unknown as { __result: unknown }).__result = { error: `${e.name}: ${e.message}\n${e.stack}` }),
);
