/**
 * N copies of a game, each its own Phaser.Game around its own instance of the entry's scene,
 * stepped by hand: Phaser's loop sleeps and `step()` renders one frame of every copy with a fixed
 * 1000/60 ms of game time (Phaser's clock, timers, tweens and physics all take their time from
 * it, never from the wall clock). Each copy runs with its own seeded Math.random (seeded_random.ts).
 * Phaser is passed in (the SDK imports none of it; the entry's scene already extends it).
 */
import { AgentError } from '../util/errors';
import { SeededRandom } from './seeded_random';
import type { TrainingEntry } from './training_entry';

/** Game time per frame, in ms: 60 fps, as the game runs in real time. */
export const FRAME_MS = 1000 / 60;
/** Frames stepped at most while waiting for each scene's create() to have run. */
const MAX_START_FRAMES = 600;

/** What the fast mode needs of a Phaser.Game. */
export interface GameLike {
  canvas: HTMLCanvasElement;
  loop: { sleep(): void };
  step(time: number, delta: number): void;
  destroy(removeCanvas: boolean, noReturn?: boolean): void;
}

/** What the fast mode needs of the phaser module: `Phaser.Game`. */
export interface PhaserLike {
  Game: new (config: Record<string, unknown>) => unknown;
}

/** A scene instance as far as the fast mode looks at it. */
interface SceneSys {
  sys?: { isActive?: () => boolean };
}

/** The copies, stepped together. */
export class GameCopies<S extends object> {
  /** Frames stepped by hand so far (each one a frame of every copy). */
  frames = 0;
  private time = 0;

  private constructor(
    readonly games: readonly GameLike[],
    readonly scenes: readonly S[],
    private readonly randoms: readonly SeededRandom[],
  ) {}

  /**
   * Starts `n` games from `entry.game` + one `new entry.scene()` each, in `parent`, and steps them
   * until every scene's create() has run. AgentError when a scene does not start.
   */
  static async start<S extends object>(phaser: PhaserLike, entry: TrainingEntry<S>, n: number, seed: number, parent: HTMLElement): Promise<GameCopies<S>> {
    const games: GameLike[] = [];
    const scenes: S[] = [];
    const randoms: SeededRandom[] = [];
    for (let i = 0; i < n; i++) {
      const random = new SeededRandom(seed, i);
      let booted!: () => void;
      const running = new Promise<void>((resolve) => (booted = resolve));
      const callbacks = (entry.game.callbacks ?? {}) as { postBoot?: (game: unknown) => void };
      const { scene, game } = random.run(() => {
        const scene = new entry.scene();
        const game = new phaser.Game({
          ...entry.game,
          parent,
          banner: false,
          audio: { noAudio: true },
          scene,
          callbacks: {
            ...callbacks,
            // Runs right before Phaser starts its loop; the loop is put to sleep once started.
            postBoot: (g: unknown) => {
              callbacks.postBoot?.(g);
              booted();
            },
          },
        }) as GameLike;
        return { scene, game };
      });
      games.push(game);
      scenes.push(scene);
      randoms.push(random);
      await running;
      game.loop.sleep();
    }
    const copies = new GameCopies(games, scenes, randoms);
    while (!scenes.every((s) => (s as SceneSys).sys?.isActive?.() === true)) {
      if (copies.frames >= MAX_START_FRAMES) {
        copies.destroy();
        throw new AgentError(`trainGame: the entry's scene did not start within ${MAX_START_FRAMES} frames (its create() never finished; does it wait for assets that never load?)`);
      }
      copies.step();
    }
    return copies;
  }

  /** Renders one frame of every copy, each with its own Math.random. */
  step(): void {
    this.time += FRAME_MS;
    this.frames++;
    const t = this.time;
    for (let i = 0; i < this.games.length; i++) this.randoms[i]!.run(() => this.games[i]!.step(t, FRAME_MS));
  }

  /** Runs `fn` with copy i's Math.random (attach callbacks that draw random numbers). */
  inCopy<T>(i: number, fn: () => T): T {
    return this.randoms[i]!.run(fn);
  }

  /** Destroys every game and removes its canvas (Phaser destroys a game at its next step: one more is run). */
  destroy(): void {
    for (const g of this.games) g.destroy(true);
    this.step();
  }
}

/** Resolves the phaser module: the one given, else a dynamic import (kept out of the SDK's static graph). */
export async function phaserModule(given: PhaserLike | undefined): Promise<PhaserLike> {
  if (given !== undefined) return given;
  const name = 'phaser';
  return (await import(/* @vite-ignore */ name)) as PhaserLike;
}

/** A hidden element for the copies' canvases (they render whether shown or not). */
export function hiddenParent(): { element: HTMLElement; remove: () => void } {
  const element = document.createElement('div');
  element.style.cssText = 'position:absolute;left:-10000px;top:0;width:1px;height:1px;overflow:hidden';
  document.body.appendChild(element);
  return { element, remove: () => element.remove() };
}
