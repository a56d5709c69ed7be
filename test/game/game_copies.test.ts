/**
 * GameCopies' game clocks: each copy's Phaser game is stepped with its own time (FRAME_MS per frame
 * from its boot), which Phaser hands to scene.time.now and the scene's update(time) (games that
 * move on timers, as the snake port does, stand still on a NaN clock).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRAME_MS, GameCopies, type PhaserLike } from '../../src/game/game_copies';
import { defineTraining } from '../../src/game/training_entry';

/** A Phaser-shaped game that logs the time of each step. */
class TimedGame {
  static made: TimedGame[] = [];
  readonly canvas = { width: 8, height: 8 } as unknown as HTMLCanvasElement;
  readonly loop = { sleep: (): void => undefined };
  readonly times: number[] = [];
  constructor(config: Record<string, unknown>) {
    TimedGame.made.push(this);
    (config.callbacks as { postBoot: (g: unknown) => void }).postBoot(this);
  }
  step(time: number): void {
    this.times.push(time);
  }
  destroy(): void {}
}

class Scene {
  readonly sys = { isActive: (): boolean => true };
}

test('every copy is stepped with a finite clock of FRAME_MS a frame, its own when stepped alone', async () => {
  TimedGame.made = [];
  const entry = defineTraining({ game: {}, scene: Scene, actions: ['a', 'b'], attach: () => ({ act: () => undefined }) });
  const copies = await GameCopies.start({ Game: TimedGame as unknown as PhaserLike['Game'] }, entry, 3, 1, {} as HTMLElement);
  const [a, b, c] = TimedGame.made;
  const before = a!.times.length;
  copies.step();
  copies.step();
  copies.stepCopy(1);
  copies.step();
  for (const g of [a!, b!, c!]) assert.ok(g.times.every(Number.isFinite), `times ${g.times.join(', ')}`);
  assert.deepEqual(a!.times.slice(before), [1, 2, 3].map((k) => (before + k) * FRAME_MS));
  assert.deepEqual(b!.times.slice(before), [1, 2, 3, 4].map((k) => (before + k) * FRAME_MS));
  assert.equal(copies.timeOf(1), (before + 4) * FRAME_MS);
  assert.equal(copies.timeOf(2), (before + 3) * FRAME_MS);
  copies.destroy();
});
