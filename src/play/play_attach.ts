/**
 * A Bot on a Phaser scene: the game's 'postrender' event drives the Agent's own DecisionLoop in
 * 'inference' mode (greedy, never learning), with the bot in the trainer's place; observations are
 * the canvas captured and frame-stacked exactly as the policy saw them in training (size, gray/RGB,
 * stack depth from the policy's manifest; the crop from the options), or `observe()` for a vector
 * policy.
 */
import { AgentError, ShapeError } from '../util/errors';
import { DecisionLoop, type LoopCounters, type TrainerPort } from '../attach/decision_loop';
import { pixelSource, vectorSource, type ObservationSource } from '../attach/observation_source';
import type { CropRect } from '../observe/crop';
import { keyActuators, type KeyboardLike } from '../scene/key_actuator';
import { hookScene, type SceneLike } from '../scene/scene_hooks';
import type { PolicyManifest } from '../store/policy_manifest';
import type { Bot } from './bot';
import { resolvePlayOptions, type PlayAttachOptions } from './play_options';

/** A live attachment of a bot to a scene. */
export interface PlayAttachment {
  /** Counters of this attachment (frames, decisions, answers, late, dropped, episodes; a bot never observes or trains). */
  readonly counters: Readonly<LoopCounters>;
  /** Ends `player`'s current episode at the next frame (game over). Default player 0. */
  endEpisode(player?: number): void;
  /** Adds a reward to `player`'s current episode's return (reported to onEpisode). Default player 0. */
  addReward(r: number, player?: number): void;
  /** Removes every listener the bot added to the scene and ignores pending decisions. */
  detach(): void;
  /** Resolves once no decision is pending (step-by-step games and tests). */
  settled(): Promise<void>;
}

/** The capture a pixel policy implies: HxWx(C*K) uint8 with C = 1 (gray) or 3 (RGB). */
export function pixelCaptureOf(observation: PolicyManifest['observation']): { height: number; width: number; channels: 1 | 3; frameStack: number } {
  const { shape, dtype, frameStack } = observation;
  const channels = shape.length === 3 && frameStack >= 1 ? shape[2]! / frameStack : NaN;
  if (dtype !== 'uint8' || (channels !== 1 && channels !== 3)) {
    throw new ShapeError(`attach: the policy observes ${dtype} [${shape}] with a frame stack of ${frameStack}, not canvas pixels HxWx(C*K) with C = 1 or 3`);
  }
  return { height: shape[0]!, width: shape[1]!, channels, frameStack };
}

/** The canvas region `player` was trained on, when its Agent saved crops (the last one for players beyond them). */
function savedCrop(pipeline: PolicyManifest['observation']['pipeline'], player: number): CropRect | undefined {
  if (pipeline?.kind !== 'pixels' || pipeline.crop === null) return undefined;
  const crop = Array.isArray(pipeline.crop) ? pipeline.crop[Math.min(player, pipeline.crop.length - 1)] : pipeline.crop;
  return crop === undefined ? undefined : { ...crop };
}

/** Starts the bot's loop on `scene`; `onDetach` runs once when the attachment ends. */
export function attachBot(bot: Bot, scene: SceneLike, options: PlayAttachOptions, onDetach: () => void): PlayAttachment {
  const space = bot.actionSpace;
  if (space.type !== 'discrete') {
    throw new ShapeError(`attach: a scene takes one discrete action per decision; this policy acts in ${JSON.stringify(space)} (call bot.act yourself)`);
  }
  const obs = bot.observation;
  const vector = obs.dtype === 'float32' && obs.shape.length === 1 ? obs.shape[0]! : null;
  if (scene?.game?.events === undefined || scene.events === undefined) {
    throw new AgentError('attach: scene must be a Phaser scene (with scene.game and scene.events); attach in or after create()');
  }
  const players = options?.players ?? 1;
  const keys = options?.keys === undefined || !Number.isSafeInteger(players) || players < 1
    ? null
    : keyActuators((scene as { input?: { keyboard?: KeyboardLike | null } }).input?.keyboard, options.keys, bot.actions, players);
  const o = resolvePlayOptions(options, vector, keys === null ? null : (name, p) => keys[p]!.play(name));
  // Each player's observations, and for a RecurrentNet its own window: state kept per player by
  // this attachment and passed to the bot, never by object identity.
  const window = bot.playerWindows(o.players);
  const sources: ObservationSource[] = [];
  for (let p = 0; p < o.players; p++) {
    let source: ObservationSource;
    if (vector !== null) source = vectorSource(o.loop.observe!, vector, p);
    else {
      const c = pixelCaptureOf(obs);
      source = pixelSource(scene.game.canvas, { width: c.width, height: c.height, grayscale: c.channels === 1, frameStack: c.frameStack, crop: o.crops?.[p] ?? savedCrop(obs.pipeline, p) });
    }
    // A new episode starts a new frame stack and a new recurrent window (the first one too).
    sources.push({ read: () => source.read(), reset: () => (source.reset(), window?.reset(p)) });
  }
  const greedy: TrainerPort = {
    act: (x, masks) => bot.actPlayers(x, o.players, window, masks ?? null),
    observe: () => Promise.resolve(null), // never called in 'inference' mode
  };
  let episodeCount = 0;
  const loop = new DecisionLoop(greedy, sources, o.loop, bot.actions, {
    nextFrame: () => 0,
    onTrain: () => undefined,
    onEpisode: (e) => o.onEpisode?.({ episode: ++episodeCount, return: e.return, steps: e.steps, frames: e.frames, truncated: e.truncated, player: e.player }),
    onError: (e) => o.onError(e instanceof Error ? e : new Error(String(e))),
  });
  let live = true;
  const detach = (): void => {
    if (!live) return;
    live = false;
    loop.stop();
    hooks.remove();
    keys?.forEach((k) => k.release());
    onDetach();
  };
  // done() is read in the update phase too and latched, as for an Agent (decision_loop.ts).
  const hooks = hookScene(scene, () => loop.tick(), detach, () => loop.sample());
  return {
    counters: loop.counters,
    endEpisode: (player = 0) => loop.endEpisode(player),
    addReward: (r, player = 0) => loop.addReward(r, player),
    detach,
    settled: () => loop.settled(),
  };
}
