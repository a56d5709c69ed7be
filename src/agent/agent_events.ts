/**
 * The events an Agent emits, and a tiny typed emitter for them. A listener that throws does not
 * stop the others or the game: the error is reported on the console.
 */
import type { EpisodeInfo, TrainInfo } from '../attach/loop_events';
import type { AgentWarning } from '../attach/warnings';
import type { BackendChange } from '../worker/backend_change';
import type { WorkerError } from '../util/errors';
import type { BackpressureInfo } from '../attach/decision_loop';

/** Event name -> listener argument. */
export interface AgentEventMap {
  /** A training round ran in the worker. */
  train: TrainInfo;
  /** An episode ended. */
  episode: EpisodeInfo;
  /** The worker crashed or was terminated: training and acting stop; the game keeps running. */
  'worker-error': WorkerError;
  /**
   * A call to the worker failed for another reason, or a game callback of attach (reward, done,
   * observe, actionMask, heuristic, act) threw or returned an unusable value: an
   * AgentCallbackError naming the callback and player (the step is skipped, see DecisionLoop;
   * the game and the agent go on).
   */
  error: Error;
  /**
   * A decision waited for the worker (at least `maxInFlight` calls were pending, e.g. while a
   * training round ran): the game kept its last actions and the open step grew by `frames` frames;
   * no step was dropped. Fired when the waiting decision is taken.
   */
  backpressure: BackpressureInfo;
  /** `restart()` put a new worker in place; `from` is the policy it loaded (null: fresh weights). */
  restart: { from: string | null };
  /**
   * The worker's WebGPU device was lost and training moved to `to` (wasm, else cpu) from the
   * weights of the last training round; `agent.backend` now says `to`.
   */
  'backend-change': BackendChange;
  /**
   * Something that makes training silently slow or useless was seen; `message` says what and what
   * to do. Each code once per attachment ('short-horizon' once per agent):
   * 'observation-upscaled' (the observation is larger than the canvas or crop it is read from),
   * 'detached-method' (a callback used `this`: a method passed without its object; its
   * AgentCallbackErrors say how to fix it), 'no-episode-end' (no episode of a player ended in its
   * first 2,000 decisions), 'reward-always-zero' (the first 2,000 steps over all players had only
   * rewards of 0), 'short-horizon' (the first 10 episodes the game ended have a median length over
   * 10 times the spec's horizon 1/(1-gamma)). See AttachOptions.
   */
  warning: AgentWarning;
  /** The agent is being disposed; `unsavedTrainRounds` training rounds since the last save or load are lost. */
  dispose: { unsavedTrainRounds: number };
}

/** The names `agent.on` accepts. */
export type AgentEventName = keyof AgentEventMap;

/** Listeners by event name. */
export class AgentEvents {
  private readonly listeners = new Map<AgentEventName, Set<(value: never) => void>>();

  /** Adds `fn`; returns a function that removes it. */
  on<K extends AgentEventName>(name: K, fn: (value: AgentEventMap[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (set === undefined) this.listeners.set(name, (set = new Set()));
    set.add(fn as (value: never) => void);
    return () => this.off(name, fn);
  }

  /** Removes `fn` (nothing happens if it was not added). */
  off<K extends AgentEventName>(name: K, fn: (value: AgentEventMap[K]) => void): void {
    this.listeners.get(name)?.delete(fn as (value: never) => void);
  }

  /** Listeners of `name` now. */
  count(name: AgentEventName): number {
    return this.listeners.get(name)?.size ?? 0;
  }

  /** Calls every listener of `name` with `value`. */
  emit<K extends AgentEventName>(name: K, value: AgentEventMap[K]): void {
    for (const fn of [...(this.listeners.get(name) ?? [])]) {
      try {
        (fn as (v: AgentEventMap[K]) => void)(value);
      } catch (e) {
        console.error(`pixelpilot: an agent '${name}' listener threw`, e);
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    this.listeners.clear();
  }
}
