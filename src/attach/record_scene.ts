/**
 * Recording demonstrations in the game: the attach routine (attach_scene.ts) in 'heuristic' mode,
 * whose "trainer" is a sink that hands every closed step to a DemoRecorder. So a recording sees
 * exactly what an attached agent sees (the same observation sources, decision period, reward and
 * done reads, episode ends, per player) and records the action the game got at each decision:
 *
 * - a person playing with the keyboard (`keys`: the agent's own map, read, never pressed; see
 *   ../scene/key_reader.ts for held keys, several keys and no key);
 * - a person playing through the game's own input, which tells the action (`action(player)`);
 * - the game's `heuristic(player)`, played through `act` and/or `keys` (pressed), as attach's
 *   'heuristic' mode plays it.
 *
 * `act`, when given, gets the recorded action every frame as it would get the agent's (a game
 * that moves only through `act`, like the catch demo, is played by the person's keys this way).
 */
import type { CaptureSource } from '../observe/frame_capture';
import { keyReader, type KeyReader } from '../scene/key_reader';
import type { KeyboardLike, KeyMap } from '../scene/key_actuator';
import type { SceneLike } from '../scene/scene_hooks';
import { DemoRecorder } from '../store/demo_recorder';
import type { ObservationPipeline } from '../store/policy_manifest';
import { AgentError } from '../util/errors';
import { resolveAttachOptions, type AttachOptions } from './attach_options';
import { attachScene, type AttachObservation } from './attach_scene';
import { callUnbound } from './detached_method';
import type { LoopCounters, LoopTiming, TrainerPort } from './decision_loop';
import type { EpisodeInfo } from './loop_events';
import type { AgentWarning } from './warnings';

/** Options of `agent.record(scene, options)`: attach's, less what only learning needs, plus the recording's own. */
export interface RecordOptions extends Omit<AttachOptions, 'mode' | 'learnFromHeuristic' | 'maxInFlight'> {
  /**
   * The person's action now, as the game knows it (a game with its own input handling): an action
   * index or name, read at each decision. Not needed with `keys` or `heuristic`.
   */
  action?: (player: number) => number | string;
  /** The action recorded when no key of `keys` is held (a person playing). Default: see key_reader.ts. */
  noop?: string;
  /** Decisions the recorded actions are shifted by (people react late; see docs/demonstrations.md). Default 0. */
  reflexLag?: number;
  /** Who plays, written in the file. Default 'keys', 'game' or 'heuristic' (who plays). */
  source?: string;
  /** The most steps kept; more is an 'error' (ShapeError) and the step is lost. Default 50,000,000. */
  maxSteps?: number;
}

/** A recording under way (or stopped). */
export interface Recording {
  /** Who plays: a person's 'keys', the game's 'action' callback, or a 'heuristic'. */
  readonly player: 'keys' | 'action' | 'heuristic';
  /** Steps kept so far (all players; before the reflex-lag shift). */
  readonly steps: number;
  /** Steps the file holds now (`toBytes()`): reflex lag applied, episodes in progress included. */
  readonly fileSteps: number;
  /** Episodes finished so far and kept (those closed by `stop` included). */
  readonly episodes: number;
  /** The returns of the kept episodes the game ended (done or maxStep), in order; not those `stop` cut short. */
  readonly returns: readonly number[];
  /** The attachment's counters (frames, decisions, episodes ...). */
  readonly counters: Readonly<LoopCounters>;
  /** Time spent capturing and packing observations, in ms since the recording began. */
  readonly timing: Readonly<LoopTiming>;
  /** True once stopped (by `stop`, or the scene shut down). */
  readonly stopped: boolean;
  /** Adds a reward to `player`'s current decision (default player 0). */
  addReward(r: number, player?: number): void;
  /** Ends `player`'s episode at the next frame, as terminal (default player 0). */
  endEpisode(player?: number): void;
  /** Drops `player`'s episode in progress, or, when it has no step yet, its last finished one (a bad episode). Returns the steps dropped. Default player 0. */
  dropEpisode(player?: number): number;
  /** Stops recording: the open episodes are kept, closed as truncated; listeners removed, keys released. Calling it again does nothing. */
  stop(): void;
  /** The demonstration file's bytes (docs/demonstrations.md), the episodes in progress included (cut). ShapeError when nothing is recorded. */
  toBytes(): Promise<Uint8Array>;
  /** Resolves once every step closed so far reached the recorder. */
  settled(): Promise<void>;
}

/** What the recording agent (or the headless runner) gives recordScene. */
export interface RecordSetup {
  actions: readonly string[];
  players: number;
  observation: AttachObservation;
  /** The observation's pipeline, written in the file (the policy manifest's). */
  pipeline: ObservationPipeline | null;
  /** One canvas per player (the fast mode's copies). Default: the scene's canvas. */
  canvases?: readonly CaptureSource[];
  /** A player's episode begins (the fast mode's random starts). */
  onEpisodeBegin?(player: number, afterCut: boolean): void;
  /** A game callback failed (AgentCallbackError), or the recorder refused a step. */
  onError(error: unknown): void;
  onWarning?(warning: AgentWarning): void;
  /** Every episode closed (the recording's `episode` argument counts them from 1). */
  onEpisode?(info: EpisodeInfo): void;
  /** Runs once when the recording stops. */
  onStop?(): void;
}

/** Starts recording `scene` (see the file comment). AgentError for bad options, as attach's. */
export function recordScene(scene: SceneLike, options: RecordOptions, setup: RecordSetup): Recording {
  if (options === null || typeof options !== 'object') throw new AgentError(`record: options must be an object with keys, action or heuristic (got ${String(options)})`);
  const { action, noop, reflexLag, source, maxSteps, ...attach } = options;
  const { actions, players } = setup;
  const who: Recording['player'] = attach.heuristic !== undefined ? 'heuristic' : action !== undefined ? 'action' : 'keys';
  if (who === 'keys' && attach.keys === undefined) {
    throw new AgentError('record: who plays? give keys (a person plays with them), action (the game says what the person does) or heuristic');
  }
  if (action !== undefined && typeof action !== 'function') throw new AgentError(`record: action must be a function (player) => action index or name (got ${typeof action})`);
  const readers = who === 'keys' ? keyReaders(scene, attach.keys!, actions, players, noop) : null;
  const toAction = (a: number | string): number => {
    const i = typeof a === 'string' ? actions.indexOf(a) : a;
    // An unknown name is passed on as it is: the loop reports it as a bad action ('error').
    return typeof a === 'string' && i < 0 ? (a as unknown as number) : i;
  };
  const plays = who === 'heuristic'
    ? attach.heuristic!
    : who === 'keys'
      ? (p: number) => readers![p]!.read()
      : (p: number) => toAction(callUnbound(action!, p));
  const obs = setup.observation;
  const recorder = new DemoRecorder({
    obsShape: obs.kind === 'vector' ? [obs.length] : [obs.height, obs.width, (obs.grayscale ? 1 : 3) * obs.frameStack],
    obsDtype: obs.kind === 'vector' ? 'float32' : 'uint8',
    frameStack: obs.kind === 'vector' ? 1 : obs.frameStack,
    actionSpace: { type: 'discrete', n: actions.length },
    players,
    actionNames: actions,
    pipeline: setup.pipeline,
    source: source ?? (who === 'action' ? 'game' : who),
    reflexLag: reflexLag ?? 0,
    ...(maxSteps === undefined ? {} : { maxSteps }),
  });
  // The sink: every closed step goes to the recorder; no actions are ever asked of it ('heuristic' mode).
  const sink: TrainerPort = {
    act: () => Promise.reject(new AgentError('record: a recording asks no actions')),
    observe: (step) => {
      try {
        recorder.add(step);
        return Promise.resolve(null);
      } catch (e) {
        return Promise.reject(e); // the loop reports it ('error'), never into the game's frame
      }
    },
  };
  const closed: { player: number; return: number; cut: boolean }[] = [];
  let episodes = 0;
  let steps = 0;
  // Set before the loop closes the open episodes (these listeners run before attach's own), so they count as cut.
  let stopped = false;
  const stopping = (): void => void (stopped = true);
  scene.events.on('shutdown', stopping);
  scene.events.on('destroy', stopping);
  const unhook = (): void => {
    scene.events.off('shutdown', stopping);
    scene.events.off('destroy', stopping);
  };
  let made: ReturnType<typeof attachScene>;
  try {
    made = attachScene(scene, who === 'heuristic' ? attach.keys : undefined, {
      actions,
      players,
      observation: obs,
      resolve: (keyPlay) => resolveAttachOptions({ ...attach, act: attach.act ?? (() => undefined), mode: 'heuristic', learnFromHeuristic: true, heuristic: plays }, obs.kind === 'vector' ? obs.length : null, keyPlay),
      trainer: sink,
      ...(setup.canvases === undefined ? {} : { canvases: setup.canvases }),
      handlers: {
        countSteps: (n) => (steps += n),
        onTrain: () => undefined,
        onEpisode: (info) => {
          closed.push({ player: info.player, return: info.return, cut: stopped });
          setup.onEpisode?.({ ...info, episode: ++episodes });
        },
        onError: (e) => setup.onError(e),
        ...(setup.onWarning === undefined ? {} : { onWarning: (w: AgentWarning) => setup.onWarning!(w) }),
        ...(setup.onEpisodeBegin === undefined ? {} : { onEpisodeBegin: (p: number, afterCut: boolean) => setup.onEpisodeBegin!(p, afterCut) }),
      },
      onDetach: () => {
        stopped = true;
        unhook();
        setup.onStop?.();
      },
    });
  } catch (e) {
    unhook();
    throw e;
  }
  const { attachment } = made;
  const stop = (): void => {
    stopped = true;
    attachment.detach();
  };
  return {
    player: who,
    get steps() {
      return recorder.steps;
    },
    get fileSteps() {
      return recorder.fileSteps;
    },
    get episodes() {
      return recorder.episodes;
    },
    get returns() {
      return closed.filter((e) => !e.cut).map((e) => e.return);
    },
    counters: attachment.counters,
    timing: attachment.timing,
    get stopped() {
      return stopped;
    },
    addReward: (r, player = 0) => attachment.addReward(r, player),
    endEpisode: (player = 0) => attachment.endEpisode(player),
    dropEpisode(player = 0) {
      const before = recorder.episodes;
      const dropped = recorder.dropEpisode(player);
      if (recorder.episodes < before) {
        // A finished episode went: the player's last one in `closed` too.
        for (let i = closed.length - 1; i >= 0; i--) {
          if (closed[i]!.player === player) {
            closed.splice(i, 1);
            break;
          }
        }
      }
      return dropped;
    },
    stop,
    toBytes: () => recorder.encode(),
    settled: () => attachment.settled(),
  };
}

/** One key reader per player from `keys` (one map, or one per player), on the scene's keyboard. */
function keyReaders(scene: SceneLike, keys: KeyMap | readonly KeyMap[], actions: readonly string[], players: number, noop: string | undefined): KeyReader[] {
  const maps = Array.isArray(keys) ? (keys as readonly KeyMap[]) : [keys as KeyMap];
  if (maps.length !== players || maps.some((m) => m === null || typeof m !== 'object' || Array.isArray(m))) {
    throw new AgentError(`record: keys must be ${players === 1 ? 'an object action -> key(s)' : `one object action -> key(s) per player (${players})`} (got ${Array.isArray(keys) ? `${keys.length} maps` : typeof keys})`);
  }
  const keyboard = (scene as { input?: { keyboard?: KeyboardLike | null } }).input?.keyboard;
  return maps.map((m, p) => keyReader(keyboard, m, actions, noop, players === 1 ? 'record: keys' : `record: keys[${p}]`));
}
