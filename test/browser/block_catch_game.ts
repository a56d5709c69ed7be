/**
 * A catch-like Phaser 4 WEBGL game for browser tests (400x400): a block falls 8 px a frame, a
 * paddle at the bottom must be under it; +1 for a catch, -1 for a miss, then a new block. The
 * state is shared with the test's agent callbacks. Not a test file.
 */
import * as Phaser from 'phaser';
import { Rng } from '../../src/util/rng';

/** Canvas width = height. */
export const BLOCK_GAME_SIZE = 400;

/** The game's state, shared by its scene and the agent's callbacks. */
export interface BlockCatchGame {
  game: Phaser.Game;
  scene: Phaser.Scene;
  paddle: Phaser.GameObjects.Rectangle;
  block: Phaser.GameObjects.Rectangle;
  /** Reward since the agent last took it. */
  reward: number;
  /** A block landed since the agent last looked. */
  done: boolean;
  catches: number;
  misses: number;
}

/** Starts the game; resolves once its scene has been created. */
export function makeBlockCatchGame(): Promise<BlockCatchGame> {
  const size = BLOCK_GAME_SIZE;
  const rng = new Rng(11);
  const dropX = (): number => 30 + (rng.nextUint32() % (size - 60));
  return new Promise<BlockCatchGame>((resolve) => {
    const state = {} as BlockCatchGame;
    const game = new Phaser.Game({
      type: Phaser.WEBGL,
      width: size,
      height: size,
      backgroundColor: '#000000',
      banner: false,
      audio: { noAudio: true },
      scene: {
        create(this: Phaser.Scene) {
          Object.assign(state, {
            game,
            scene: this,
            paddle: this.add.rectangle(size / 2, 380, 80, 16, 0xffffff),
            block: this.add.rectangle(dropX(), 0, 24, 24, 0xffffff),
            reward: 0, done: false, catches: 0, misses: 0,
          });
          resolve(state);
        },
        update(this: Phaser.Scene) {
          const b = state.block;
          b.y += 8;
          if (b.y >= state.paddle.y) {
            const caught = Math.abs(b.x - state.paddle.x) <= 52;
            state.reward += caught ? 1 : -1;
            if (caught) state.catches++;
            else state.misses++;
            state.done = true;
            b.setPosition(dropX(), 0);
          }
        },
      },
    });
  });
}
