/**
 * The one attach routine an Agent (`agent.attach`) and a Bot (`bot.attach`) both use: it checks
 * the scene, makes the key actuators of `keys`, resolves the options, builds each player's
 * observation source (its own canvas when the caller passes one per player, as the fast mode's
 * copies do), runs a DecisionLoop on the scene's events, presses held keys again after Phaser
 * lifts them (pause, sleep, window blur), and hands back one Attachment. So an agent and a bot
 * attached to a scene go through the same lifecycle (pause, blur, sleep, restart, detach).
 */
import type { CaptureSource } from '../observe/frame_capture';
import type { CropRect } from '../observe/crop';
import { keyActuators, type KeyActuator, type KeyboardLike } from '../scene/key_actuator';
import { hookKeyResets } from '../scene/key_reset_hooks';
import { hookScene, type SceneLike } from '../scene/scene_hooks';
import { AgentError } from '../util/errors';
import type { AttachOptions, ResolvedAttachOptions } from './attach_options';
import { DecisionLoop, type LoopCounters, type LoopHandlers, type LoopTiming, type TrainerPort } from './decision_loop';
import { pixelSource, vectorSource, type ObservationSource } from './observation_source';
import type { AgentWarning } from './warnings';

/** A live attachment of an agent or a bot to a scene. */
export interface Attachment {
  /** Counters of this attachment (frames, decisions, episodes, steps observed, ...). */
  readonly counters: Readonly<LoopCounters>;
  /** Where this attachment's main-thread time went (capturing and packing observations), in ms since attach. */
  readonly timing: Readonly<LoopTiming>;
  /** Adds a reward to `player`'s current decision (default player 0). */
  addReward(r: number, player?: number): void;
  /** Ends `player`'s episode at the next frame, as terminal (default player 0). */
  endEpisode(player?: number): void;
  /**
   * Removes every listener added to the scene, releases held keys and ignores pending answers.
   * The open episode ends as truncated: (learning) its last step reaches the worker, and an
   * episode is reported. Calling it again does nothing.
   */
  detach(): void;
  /** Resolves once no call of this attachment is pending (step-by-step games and tests). */
  settled(): Promise<void>;
}

/** How the players are observed: canvas pixels (a crop per player) or the game's vector. */
export type AttachObservation =
  | { kind: 'pixels'; width: number; height: number; grayscale: boolean; frameStack: number; crops: readonly (CropRect | undefined)[] }
  | { kind: 'vector'; length: number };

/** What the attaching agent or bot gives the routine. */
export interface AttachSetup {
  /** The action names (action i is actions[i]). */
  actions: readonly string[];
  /** Players of the scene deciding together. */
  players: number;
  observation: AttachObservation;
  /** Fills attach's defaults and checks them; `keyPlay` presses an action's keys when `keys` was given. */
  resolve(keyPlay: ((name: string, player: number) => void) | null): ResolvedAttachOptions;
  /** What acts (and, learning, observes): the worker's client, a greedy bot, or null (no trainer now). */
  trainer: TrainerPort | null;
  handlers: LoopHandlers;
  /**
   * One canvas per player to read pixels from (the fast mode's copies of a game each render into
   * their own). Default: the scene's game canvas for every player.
   */
  canvases?: readonly CaptureSource[];
  /** A player's new episode begins (the first one too): e.g. a bot's recurrent window starts again. */
  onPlayerReset?(player: number): void;
  /** Runs once when the attachment ends (detach, scene shutdown or destroy). */
  onDetach?(): void;
}

/** What attaching made: the handle for the game, and the loop for its owner (trainer swaps). */
export interface SceneAttachment {
  attachment: Attachment;
  loop: DecisionLoop;
}

/** Attaches to `scene` (see the file comment). AgentError for a scene that is not one, bad options, or keys that do not fit. */
export function attachScene(scene: SceneLike, keys: AttachOptions['keys'], setup: AttachSetup): SceneAttachment {
  if (scene?.game?.events === undefined || scene.events === undefined) {
    throw new AgentError('attach: scene must be a Phaser scene (with scene.game and scene.events); attach in or after create()');
  }
  const { players, observation: obs } = setup;
  if (setup.canvases !== undefined && setup.canvases.length !== players) {
    throw new AgentError(`attach: ${setup.canvases.length} canvases for ${players} players`);
  }
  const actuators: KeyActuator[] | null = keys === undefined
    ? null
    : keyActuators((scene as { input?: { keyboard?: KeyboardLike | null } }).input?.keyboard, keys, setup.actions, players);
  const options = setup.resolve(actuators === null ? null : (name, p) => actuators[p]!.play(name));
  const sources: ObservationSource[] = [];
  // One 'observation-upscaled' warning for the attachment, whichever player's source sees it first.
  let upscaleSeen = false;
  const onUpscaled = (w: AgentWarning): void => {
    if (upscaleSeen) return;
    upscaleSeen = true;
    setup.handlers.onWarning?.(w);
  };
  for (let p = 0; p < players; p++) {
    const source = obs.kind === 'vector'
      ? vectorSource(options.observe!, obs.length, p)
      : pixelSource(setup.canvases?.[p] ?? scene.game.canvas, { ...obs, crop: obs.crops[p] }, onUpscaled, p);
    const reset = setup.onPlayerReset;
    sources.push(reset === undefined ? source : { read: () => source.read(), reset: () => (source.reset(), reset(p)) });
  }
  const loop = new DecisionLoop(setup.trainer, sources, options, setup.actions, setup.handlers);
  const unhookKeys = actuators === null ? null : hookKeyResets(scene, actuators);
  let live = true;
  const detach = (): void => {
    if (!live) return;
    live = false;
    loop.stop();
    hooks.remove();
    unhookKeys?.();
    actuators?.forEach((k) => k.release());
    setup.onDetach?.();
  };
  // done() is read in the update phase too and latched (decision_loop.ts).
  const hooks = hookScene(scene, () => loop.tick(), detach, () => loop.sample());
  return {
    loop,
    attachment: {
      counters: loop.counters,
      timing: loop.timing,
      addReward: (r, player = 0) => loop.addReward(r, player),
      endEpisode: (player = 0) => loop.endEpisode(player),
      detach,
      settled: () => loop.settled(),
    },
  };
}
