/**
 * N copies of a game, each its own Phaser.Game around its own instance of the entry's scene,
 * stepped by hand: Phaser's loop sleeps and `step()` renders one frame of every copy with a fixed
 * 1000/60 ms of game time (Phaser's clock, timers, tweens and physics all take their time from
 * it, never from the wall clock). Each copy runs with its own seeded Math.random (seeded_random.ts)
 * and its own game clock: `stepCopy(i)` steps one copy alone (a random start's no-ops) while the
 * others wait.
 * Phaser is passed in (the SDK imports none of it; the entry's scene already extends it).
 */
import { GameError } from '../util/errors';
import { describeThrown, FailureLatch, guardScene } from './game_failure';
import type { RunProgress } from './run_progress';
import { SeededRandom } from './seeded_random';
import type { TrainingEntry } from './training_entry';

/** Game time per frame, in ms: 60 fps, as the game runs in real time. */
export const FRAME_MS = 1000 / 60;
/** Wall-clock ms a run waits by default for every copy to boot and every scene's create() to have run. */
export const START_TIMEOUT_MS = 30_000;

/** What the fast mode needs of a Phaser.Game. */
export interface GameLike {
  canvas: HTMLCanvasElement;
  loop: { sleep(): void };
  step(time: number, delta: number): void;
  destroy(removeCanvas: boolean, noReturn?: boolean): void;
  /** Phaser's render pass, as its Game.step runs it (renderCopy); absent in Node stand-ins. */
  renderer?: { preRender(): void; postRender(): void };
  scene?: { render(renderer: unknown): void };
}

/** What the fast mode needs of the phaser module: `Phaser.Game`. */
export interface PhaserLike {
  Game: new (config: Record<string, unknown>) => unknown;
}

/** A scene instance as far as the fast mode looks at it. */
interface SceneSys {
  sys?: {
    isActive?: () => boolean;
    settings?: { key?: string; status?: number };
    load?: { list?: { size: number }; inflight?: { size: number; values(): Iterable<{ key?: string; url?: unknown }> } };
  };
}

/** Phaser's scene statuses (Phaser.Scenes.CONST), by number. */
const SCENE_STATUS = ['PENDING', 'INIT', 'START', 'LOADING', 'CREATING', 'RUNNING', 'PAUSED', 'SLEEPING', 'SHUTDOWN', 'DESTROYED'];

/** Options of GameCopies.start. */
export interface StartCopiesOptions {
  /** Kept up to date: booted copies, created scenes, frames. */
  progress?: RunProgress;
  /** Wall-clock ms to wait for every copy to boot and every scene to start. Default START_TIMEOUT_MS. */
  startTimeoutMs?: number;
}

/** GameCopies.start's options from trainGame's or playGame's. */
export function startOptions(o: { progress?: RunProgress; startTimeoutMs?: number }): StartCopiesOptions {
  return { ...(o.progress === undefined ? {} : { progress: o.progress }), ...(o.startTimeoutMs === undefined ? {} : { startTimeoutMs: o.startTimeoutMs }) };
}

/** Whether a copy's scene is running (its create() has run; not paused, asleep or stopped). */
export const isActive = (s: object): boolean => (s as SceneSys).sys?.isActive?.() === true;

/** Resolves after the page ran its other tasks (network callbacks too: loading assets needs them). */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The copies, stepped together. */
export class GameCopies<S extends object> {
  /** Frames stepped by hand so far (each one a frame of every copy). */
  frames = 0;
  /**
   * Each copy's game time in ms (equal unless copies were stepped alone), from 0 at its boot. The
   * games are pushed while they boot, after the constructor: a copy's clock starts at its first step.
   */
  private readonly times: number[] = [];

  private constructor(
    readonly games: readonly GameLike[],
    readonly scenes: readonly S[],
    private readonly randoms: readonly SeededRandom[],
    private readonly latch: FailureLatch,
  ) {}

  /**
   * Starts `n` games from `entry.game` + one `new entry.scene()` each, in `parent`, and steps them
   * until every scene's create() has run (letting the page load their assets meanwhile). Throws
   * GameError when the game fails meanwhile (a scene's init/preload/create throws, Phaser's boot
   * fails) or when a copy does not boot or a scene does not start within `startTimeoutMs`.
   */
  static async start<S extends object>(phaser: PhaserLike, entry: TrainingEntry<S>, n: number, seed: number, parent: HTMLElement, options: StartCopiesOptions = {}): Promise<GameCopies<S>> {
    const progress = options.progress;
    const timeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
    const deadline = performance.now() + timeoutMs;
    const seconds = `${(timeoutMs / 1000).toFixed(timeoutMs < 10_000 ? 1 : 0)} s`;
    const latch = new FailureLatch();
    const games: GameLike[] = [];
    const scenes: S[] = [];
    const randoms: SeededRandom[] = [];
    const copies = new GameCopies(games, scenes, randoms, latch);
    // An error no call of ours catches while a copy boots (Phaser boots in callbacks of image loads) is the boot's.
    let booting = -1;
    const onError = (ev: ErrorEvent | PromiseRejectionEvent): void => {
      if (booting < 0) return;
      const cause: unknown = 'reason' in ev ? ev.reason : ev.error ?? ev.message;
      latch.fail(new GameError('boot', `copy ${booting}'s Phaser game failed while booting: ${describeThrown(cause)}`, { copy: booting, cause }));
    };
    const target = typeof window === 'undefined' ? null : window;
    target?.addEventListener('error', onError);
    target?.addEventListener('unhandledrejection', onError);
    try {
      for (let i = 0; i < n; i++) {
        const random = new SeededRandom(seed, i);
        let booted!: () => void;
        const running = new Promise<void>((resolve) => (booted = resolve));
        const callbacks = (entry.game.callbacks ?? {}) as { postBoot?: (game: unknown) => void };
        booting = i;
        try {
          const game = random.run(() => {
            const scene = new entry.scene();
            guardScene(scene, i, latch, (fn) => random.run(fn));
            scenes.push(scene);
            return new phaser.Game({
              ...entry.game,
              parent,
              banner: false,
              audio: { noAudio: true },
              scene,
              callbacks: {
                ...callbacks,
                // Runs right before Phaser starts its loop; the loop is put to sleep once started.
                postBoot: (g: unknown) => {
                  try {
                    callbacks.postBoot?.(g);
                  } catch (e) {
                    latch.fail(new GameError('boot', `copy ${i}'s postBoot callback threw: ${describeThrown(e)}`, { copy: i, cause: e }));
                  } finally {
                    booted();
                  }
                },
              },
            }) as GameLike;
          });
          games.push(game);
          randoms.push(random);
        } catch (e) {
          throw latch.fail(e instanceof GameError ? e : new GameError('boot', `copy ${i}'s game could not be made (new scene(), new Phaser.Game): ${describeThrown(e)}`, { copy: i, cause: e }));
        }
        await latch.race(running, deadline - performance.now(), () => new GameError('boot', `copy ${i}'s Phaser game did not boot within ${seconds} (its postBoot never ran)`, { copy: i }));
        games[i]!.loop.sleep();
        if (progress !== undefined) progress.booted = i + 1;
        latch.throwIfFailed();
      }
      booting = -1;
      if (progress !== undefined) progress.phase = 'starting';
      for (;;) {
        const created = scenes.filter(isActive).length;
        if (progress !== undefined) {
          progress.created = created;
          progress.frames = copies.frames;
        }
        if (created === n) break;
        if (performance.now() > deadline) throw latch.fail(new GameError('start', notStarted(scenes, copies.frames, seconds)));
        copies.step();
        if (!scenes.every(isActive)) await nextTask();
      }
      return copies;
    } catch (e) {
      copies.destroy();
      throw e;
    } finally {
      target?.removeEventListener('error', onError);
      target?.removeEventListener('unhandledrejection', onError);
    }
  }

  /** Renders one frame of every copy, each with its own Math.random; throws the game's first failure (GameError). */
  step(): void {
    this.latch.throwIfFailed();
    this.frames++;
    for (let i = 0; i < this.games.length; i++) this.stepCopy(i);
  }

  /**
   * Renders one frame of the copies in `which` (in that order), the others waiting: a served env's
   * copy whose episode just ended waits one step (serve_copies.ts). Throws the game's first failure.
   */
  stepOnly(which: readonly number[]): void {
    this.latch.throwIfFailed();
    this.frames++;
    for (const i of which) this.stepCopy(i);
  }

  /**
   * Renders one frame of copy `i` alone, on its own clock, with its own Math.random (the others
   * wait: a random start's no-ops); throws the game's first failure (GameError).
   */
  stepCopy(i: number): void {
    const t = this.tick(i);
    try {
      this.randoms[i]!.run(() => this.games[i]!.step(t, FRAME_MS));
    } catch (e) {
      this.latch.fail(new GameError('frame', `copy ${i} threw in frame ${this.frames}: ${describeThrown(e)}`, { copy: i, cause: e }));
    }
    this.latch.throwIfFailed();
  }

  /**
   * Draws copy `i` as it is now without stepping it (no update, no game time): Phaser's render
   * pass, the second half of its Game.step, without its 'prerender' / 'postrender' events (a game
   * that counts frames by them sees none). After a random start's reset() that no no-op frame
   * follows, so that the episode's first observation shows what reset() did rather than the frame
   * drawn before it. Throws the game's failure (GameError).
   */
  renderCopy(i: number): void {
    const g = this.games[i]!;
    const { renderer, scene } = g;
    if (renderer === undefined || typeof scene?.render !== 'function') return;
    try {
      this.randoms[i]!.run(() => {
        renderer.preRender();
        scene.render(renderer);
        renderer.postRender();
      });
    } catch (e) {
      this.latch.fail(new GameError('frame', `copy ${i} threw while drawing its random start in frame ${this.frames}: ${describeThrown(e)}`, { copy: i, cause: e }));
    }
    this.latch.throwIfFailed();
  }

  /** Copy i's game time at its next frame (Phaser's `time` argument: scene.time.now, the scene's update(time)). */
  private tick(i: number): number {
    this.times[i] = (this.times[i] ?? 0) + FRAME_MS;
    return this.times[i];
  }

  /** Copy i's game time in ms: FRAME_MS times the frames it was stepped. */
  timeOf(i: number): number {
    return this.times[i] ?? 0;
  }

  /** Runs `fn` with copy i's Math.random (attach callbacks that draw random numbers). */
  inCopy<T>(i: number, fn: () => T): T {
    return this.randoms[i]!.run(fn);
  }

  /** Destroys every game and removes its canvas (Phaser destroys a game at its next step: one more is run). Never throws. */
  destroy(): void {
    for (let i = 0; i < this.games.length; i++) {
      const t = this.tick(i);
      try {
        this.games[i]!.destroy(true);
        this.randoms[i]!.run(() => this.games[i]!.step(t, FRAME_MS));
      } catch {
        // A game that failed may fail again on its way out; it is gone either way.
      }
    }
  }
}

/** Why the scenes did not start: each one's key and Phaser status, and the files a loading one waits for. */
function notStarted(scenes: readonly object[], frames: number, seconds: string): string {
  const lines = scenes.flatMap((scene, i) => {
    if (isActive(scene)) return [];
    const sys = (scene as SceneSys).sys;
    const status = SCENE_STATUS[sys?.settings?.status ?? -1] ?? String(sys?.settings?.status);
    const load = sys?.load;
    const files = status === 'LOADING' && load?.inflight !== undefined
      ? `, waiting for ${load.inflight.size} file${load.inflight.size === 1 ? '' : 's'} (${[...load.inflight.values()].slice(0, 3).map((f) => `${f.key} from ${String(f.url)}`).join(', ')}) and ${load.list?.size ?? 0} more queued`
      : '';
    return [`copy ${i}: scene '${sys?.settings?.key ?? '?'}' is ${status}${files}`];
  });
  return `the entry's scene did not start within ${seconds} (${frames} frames stepped; its create() never ran: does it wait for assets that never load?)\n  ${lines.join('\n  ')}`;
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
