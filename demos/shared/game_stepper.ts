/**
 * Runs a Phaser game faster than real time, frame by frame, waiting for the agent between frames.
 * Phaser's own loop runs one frame per display refresh and never waits for the worker; with its
 * loop asleep, `game.step(time, 1000 / 60)` renders one frame on demand (a WebGL canvas is read in
 * that frame's 'postrender', as in real time), and waiting for `settled()` after each frame applies
 * every answer before the next one. The demos' speed setting and the browser tests both use it.
 */
import type * as Phaser from 'phaser';

/** Game time per frame, in ms: 60 fps, as in real time. */
const FRAME_MS = 1000 / 60;

/** Steps one game by hand. */
export class GameStepper {
  /** Frames stepped by hand so far. */
  frames = 0;

  private time = performance.now();
  private speed = 1;
  private loopToken = 0;

  /** `settled`: resolves when the attached agent has no call pending (or at once when none is attached). */
  constructor(private readonly game: Phaser.Game, private readonly settled: () => Promise<void>) {}

  /** Renders one frame now (the game's loop should be asleep, see `setSpeed` or `pause`). */
  step(): void {
    this.time += FRAME_MS;
    this.frames++;
    this.game.step(this.time, FRAME_MS);
  }

  /** Steps `frames` frames, waiting for the agent after each one. */
  async run(frames: number): Promise<void> {
    for (let i = 0; i < frames; i++) {
      this.step();
      await this.settled();
    }
  }

  /** Steps until `stop()` is true (checked before each frame), waiting for the agent after each one. */
  async runUntil(stop: () => boolean): Promise<void> {
    while (!stop()) {
      this.step();
      await this.settled();
    }
  }

  /** Puts Phaser's own loop to sleep, so that only `step` advances the game. */
  pause(): void {
    this.loopToken++;
    this.game.loop.sleep();
    this.time = performance.now();
  }

  /**
   * 1: Phaser's own loop, real time. k > 1: up to k frames per display refresh, each waiting for
   * the agent (so the agent's decisions are never late, however fast the game goes).
   */
  setSpeed(k: number): void {
    if (!(k >= 1)) throw new Error(`speed must be >= 1 (got ${k})`);
    this.speed = k;
    this.pause();
    if (k === 1) {
      this.game.loop.wake();
      return;
    }
    const token = this.loopToken;
    const tick = async (): Promise<void> => {
      if (token !== this.loopToken) return;
      const start = performance.now();
      // A refresh's worth of frames, but never more than the display's frame time of work.
      for (let i = 0; i < this.speed && performance.now() - start < FRAME_MS && token === this.loopToken; i++) {
        this.step();
        await this.settled();
      }
      requestAnimationFrame(() => void tick());
    };
    requestAnimationFrame(() => void tick());
  }
}
