/**
 * Catching what the game throws while the fast mode runs it, so that a run fails at once with a
 * GameError naming where (the scene's init/preload/create/update, Phaser's boot, a frame) instead of
 * hanging. A scene's lifecycle methods run inside Phaser: create() of a scene without assets runs
 * while Phaser boots, in a callback of an image load that nobody awaits, so a throw there would
 * stop the boot half way and never be seen. Each copy's scene instance gets its methods wrapped:
 * the first throw (or rejected promise) is kept in a FailureLatch, Phaser goes on, and the fast mode
 * throws the kept error at its next step or wait.
 */
import { GameError, type GameStage } from '../util/errors';

/** `Name: message` of anything thrown. */
export function describeThrown(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return `a non-Error value: ${String(e)}`;
}

/** The first failure of a run; later ones are the same failure's echoes and are dropped. */
export class FailureLatch {
  private first: GameError | null = null;
  private readonly waiting = new Set<(e: GameError) => void>();

  /** The kept failure, or null. */
  get error(): GameError | null {
    return this.first;
  }

  /** Keeps `e` unless a failure is kept already; returns the kept one. */
  fail(e: GameError): GameError {
    if (this.first === null) {
      this.first = e;
      for (const f of this.waiting) f(e);
      this.waiting.clear();
    }
    return this.first;
  }

  /** Throws the kept failure, if any. */
  throwIfFailed(): void {
    if (this.first !== null) throw this.first;
  }

  /**
   * Resolves with `promise`, or rejects with the first failure kept meanwhile, or with `timeout()`
   * after `ms` (never when ms is Infinity).
   */
  race<T>(promise: Promise<T>, ms: number, timeout: () => GameError): Promise<T> {
    this.throwIfFailed();
    return new Promise<T>((resolve, reject) => {
      const timer = Number.isFinite(ms) ? setTimeout(() => done(() => reject(this.fail(timeout()))), Math.max(0, ms)) : null;
      const onFail = (e: GameError): void => done(() => reject(e));
      const done = (settle: () => void): void => {
        if (timer !== null) clearTimeout(timer);
        this.waiting.delete(onFail);
        settle();
      };
      this.waiting.add(onFail);
      promise.then((v) => done(() => resolve(v)), (e: unknown) => done(() => reject(e)));
    });
  }
}

/** The scene methods Phaser calls that are the game's own code. */
const LIFECYCLE = ['init', 'preload', 'create', 'update'] as const;

/**
 * Wraps `scene`'s init/preload/create/update (its own instance, not its class) so that a throw, or
 * a promise they return that rejects, is kept in `latch` as a GameError for `copy`. Phaser then goes
 * on (the boot completes); once a failure is kept, the wrapped methods do nothing more. Each call
 * runs inside `within` (the copy's own Math.random: create() may run in a callback of Phaser's boot,
 * outside the step that seeds it, and a run must replay exactly all the same).
 */
export function guardScene(scene: object, copy: number, latch: FailureLatch, within: <T>(fn: () => T) => T = (fn) => fn()): void {
  const s = scene as Record<string, unknown>;
  for (const name of LIFECYCLE) {
    const method = s[name];
    if (typeof method !== 'function') continue;
    const failed = (e: unknown): GameError => latch.fail(new GameError(name as GameStage, `copy ${copy}'s scene threw in ${name}(): ${describeThrown(e)}`, { copy, cause: e }));
    s[name] = function guarded(this: unknown, ...args: unknown[]): unknown {
      if (latch.error !== null) return undefined;
      try {
        const r: unknown = within(() => method.apply(this, args));
        if (r instanceof Promise) r.catch(failed);
        return r;
      } catch (e) {
        failed(e);
        return undefined;
      }
    };
  }
}
