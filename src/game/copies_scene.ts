/**
 * One scene-shaped object over N copies of a game, for the Agent's attach: the Agent hooks its
 * 'postrender' and 'shutdown' events as it does a real scene's (player p's pixels come from copy
 * p's canvas, passed to the attach explicitly). The fast mode fires `frame()` once every copy
 * has rendered its frame, in the same task, so that WebGL canvases still hold their pictures.
 */
import { GAME_POST_RENDER, SCENE_DESTROY, type EmitterLike, type Listener, type SceneLike } from '../scene/scene_hooks';

/** The composite scene and the two moments the fast mode signals on it. */
export interface CopiesScene {
  readonly scene: SceneLike;
  /** Every copy rendered a frame: the attached agent ticks (captures, decides). */
  frame(): void;
  /** The run is over: the attached agent detaches. */
  end(): void;
}

/** The minimum of an event emitter the agent's hooks use. */
class Emitter implements EmitterLike {
  private readonly map = new Map<string, Listener[]>();
  on(event: string, fn: Listener): this {
    this.map.set(event, [...(this.map.get(event) ?? []), fn]);
    return this;
  }
  off(event: string, fn?: Listener): this {
    this.map.set(event, (this.map.get(event) ?? []).filter((f) => fn !== undefined && f !== fn));
    return this;
  }
  listenerCount(event: string): number {
    return this.map.get(event)?.length ?? 0;
  }
  emit(event: string): void {
    for (const f of [...(this.map.get(event) ?? [])]) f();
  }
}

/** Builds the composite scene over `canvases` (one per copy, in player order). */
export function copiesScene(canvases: readonly (HTMLCanvasElement | OffscreenCanvas)[]): CopiesScene {
  const gameEvents = new Emitter();
  const sceneEvents = new Emitter();
  return {
    scene: { game: { events: gameEvents, canvas: canvases[0]! }, events: sceneEvents },
    frame: () => gameEvents.emit(GAME_POST_RENDER),
    end: () => sceneEvents.emit(SCENE_DESTROY),
  };
}
