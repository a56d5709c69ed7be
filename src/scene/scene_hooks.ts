/**
 * The Phaser hooks an attached agent uses, and nothing more: the game's 'postrender' event (the
 * one moment a WebGL canvas can be read, see ../observe/frame_capture.ts) while the scene is
 * running, the scene's 'update' / 'postupdate' events (done() read between renders) and its
 * 'shutdown' / 'destroy' events (detach). Scenes are typed structurally (`SceneLike`), so a
 * Phaser 4 `Phaser.Scene` fits without this module importing phaser at run time: games that never
 * attach an agent to Phaser do not pull it in, and Node tests pass a fake scene.
 */

/** Phaser's `Phaser.Core.Events.POST_RENDER`: the game rendered a frame (the canvas holds it now). */
export const GAME_POST_RENDER = 'postrender';
/** Phaser's `Phaser.Scenes.Events.UPDATE`: after the scene's plugins (physics) stepped, before its update(). */
export const SCENE_UPDATE = 'update';
/** Phaser's `Phaser.Scenes.Events.POST_UPDATE`: after the scene's update(). */
export const SCENE_POST_UPDATE = 'postupdate';
/** Phaser's `Phaser.Scenes.Events.SHUTDOWN`: the scene stopped (it may start again later). */
export const SCENE_SHUTDOWN = 'shutdown';
/** Phaser's `Phaser.Scenes.Events.DESTROY`: the scene was removed for good. */
export const SCENE_DESTROY = 'destroy';

/** A listener as Phaser's EventEmitter calls it. */
export type Listener = (...args: any[]) => void;

/** What the agent needs of a Phaser EventEmitter (eventemitter3's API). */
export interface EmitterLike {
  on(event: string, fn: Listener, context?: unknown): unknown;
  off(event: string, fn?: Listener, context?: unknown, once?: boolean): unknown;
  /** Listeners currently registered for `event` (used by tests and leak checks). */
  listenerCount(event: string): number;
}

/** What the agent needs of a Phaser scene: `scene.game.events`, `scene.game.canvas`, `scene.events`, `scene.sys`. */
export interface SceneLike {
  game: { events: EmitterLike; canvas: HTMLCanvasElement | OffscreenCanvas };
  events: EmitterLike;
  /**
   * The scene's Systems: `isActive()` is false while the scene is paused, asleep or not running.
   * The game's 'postrender' fires regardless, so a frame of a scene that is not active is not
   * passed on. Absent (a fake scene): always running.
   */
  sys?: { isActive(): boolean };
}

/** Listeners registered on a scene by `hookScene`; `remove()` takes every one of them off. */
export interface SceneHooks {
  /** The canvas the game renders into (the capture source). */
  readonly canvas: HTMLCanvasElement | OffscreenCanvas;
  /** Removes every listener this hook added. Calling it again does nothing. */
  remove(): void;
}

/**
 * Calls `onFrame` after every rendered frame of the scene's game ('postrender') while the scene is
 * active (not paused, asleep or stopped), `onUpdate` (when given) on the scene's 'update' and
 * 'postupdate' events, and `onEnd` once when the scene shuts down or is destroyed (the hooks are
 * removed before `onEnd` runs). A scene restart shuts it down first.
 */
export function hookScene(scene: SceneLike, onFrame: () => void, onEnd: () => void, onUpdate?: () => void): SceneHooks {
  const gameEvents = scene.game.events;
  const sceneEvents = scene.events;
  let live = true;
  const frame: Listener = () => {
    if (live && scene.sys?.isActive() !== false) onFrame();
  };
  const update: Listener = () => {
    if (live) onUpdate?.();
  };
  const end: Listener = () => {
    if (!live) return;
    remove();
    onEnd();
  };
  const remove = (): void => {
    if (!live) return;
    live = false;
    gameEvents.off(GAME_POST_RENDER, frame);
    if (onUpdate) {
      sceneEvents.off(SCENE_UPDATE, update);
      sceneEvents.off(SCENE_POST_UPDATE, update);
    }
    sceneEvents.off(SCENE_SHUTDOWN, end);
    sceneEvents.off(SCENE_DESTROY, end);
  };
  gameEvents.on(GAME_POST_RENDER, frame);
  if (onUpdate) {
    sceneEvents.on(SCENE_UPDATE, update);
    sceneEvents.on(SCENE_POST_UPDATE, update);
  }
  sceneEvents.on(SCENE_SHUTDOWN, end);
  sceneEvents.on(SCENE_DESTROY, end);
  return { canvas: scene.game.canvas, remove };
}
