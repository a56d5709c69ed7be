/**
 * A Bot on a Phaser scene: the game's 'postrender' event drives the Agent's own DecisionLoop in
 * 'inference' mode (greedy, never learning), with the bot in the trainer's place; observations are
 * the canvas captured and frame-stacked exactly as the policy saw them in training (size, gray/RGB,
 * stack depth from the policy's manifest; the crop from the options), or `observe()` for a vector
 * policy.
 */
import { AgentError } from '../agent/agent_error';
import { DecisionLoop, type LoopCounters, type TrainerPort } from '../agent/decision_loop';
import { pixelSource, vectorSource, type ObservationSource } from '../agent/observation_source';
import type { CropRect } from '../observe/crop';
import { hookScene, type SceneLike } from '../phaser/scene_hooks';
import type { PolicyManifest } from '../store/policy_manifest';
import { ShapeError } from '../util/errors';
import type { Bot } from './bot';
import { resolvePlayOptions, type PlayAttachOptions } from './play_options';

/** A live attachment of a bot to a scene. */
export interface PlayAttachment {
  /** Counters of this attachment (frames, decisions, answers, late, dropped, episodes; a bot never observes or trains). */
  readonly counters: Readonly<LoopCounters>;
  /** Ends the current episode at the next frame (game over). */
  endEpisode(): void;
  /** Adds a reward to the current episode's return (reported to onEpisode). */
  addReward(r: number): void;
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

/** The canvas region the policy was trained on, when its Agent saved one (player 0's of several). */
function savedCrop(pipeline: PolicyManifest['observation']['pipeline']): CropRect | undefined {
  if (pipeline?.kind !== 'pixels' || pipeline.crop === null) return undefined;
  const crop = Array.isArray(pipeline.crop) ? pipeline.crop[0] : pipeline.crop;
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
  const o = resolvePlayOptions(options, vector);
  if (scene?.game?.events === undefined || scene.events === undefined) {
    throw new AgentError('attach: scene must be a Phaser scene (with scene.game and scene.events); attach in or after create()');
  }
  const crop = o.crop ?? savedCrop(obs.pipeline);
  let source: ObservationSource;
  if (vector !== null) source = vectorSource(o.loop.observe!, vector);
  else {
    const c = pixelCaptureOf(obs);
    source = pixelSource(scene.game.canvas, { width: c.width, height: c.height, grayscale: c.channels === 1, frameStack: c.frameStack, crop });
  }
  // A new episode starts a new frame stack and a new recurrent window (the first one too).
  bot.reset();
  const episodes: ObservationSource = { read: () => source.read(), reset: () => (source.reset(), bot.reset()) };
  const greedy: TrainerPort = {
    act: async (x, masks) => Int32Array.of((await bot.act(x, { actionMask: masks ?? null })) as number),
    observe: () => Promise.resolve(null), // never called in 'inference' mode
  };
  let episodeCount = 0;
  const loop = new DecisionLoop(greedy, [episodes], o.loop, bot.actions, {
    nextFrame: () => 0,
    onTrain: () => undefined,
    onEpisode: (e) => o.onEpisode?.({ episode: ++episodeCount, return: e.return, steps: e.steps, frames: e.frames, truncated: e.truncated }),
    onError: (e) => o.onError(e instanceof Error ? e : new Error(String(e))),
  });
  let live = true;
  const detach = (): void => {
    if (!live) return;
    live = false;
    loop.stop();
    hooks.remove();
    onDetach();
  };
  const hooks = hookScene(scene, () => loop.tick(), detach);
  return {
    counters: loop.counters,
    endEpisode: () => loop.endEpisode(),
    addReward: (r) => loop.addReward(r),
    detach,
    settled: () => loop.settled(),
  };
}
