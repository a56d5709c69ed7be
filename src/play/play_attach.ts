/**
 * A Bot on a Phaser scene, through the one attach routine an Agent uses (attach/attach_scene.ts):
 * the decision loop runs in 'inference' mode (greedy, never learning), with the bot in the
 * trainer's place; observations are
 * the canvas captured and frame-stacked exactly as the policy saw them in training (size, gray/RGB,
 * stack depth from the policy's manifest; the crop from the options), or `observe()` for a vector
 * policy.
 */
import { attachScene, type Attachment } from '../attach/attach_scene';
import type { CropRect } from '../observe/crop';
import type { SceneLike } from '../scene/scene_hooks';
import type { PolicyManifest } from '../store/policy_manifest';
import { ShapeError } from '../util/errors';
import type { Bot } from './bot';
import { resolvePlayOptions, type PlayAttachOptions, type ResolvedPlayOptions } from './play_options';

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

/** Starts the bot's loop on `scene` (the one attach routine an Agent uses too); `onDetach` runs once when the attachment ends. */
export function attachBot(bot: Bot, scene: SceneLike, options: PlayAttachOptions, onDetach: () => void): Attachment {
  const space = bot.actionSpace;
  if (space.type !== 'discrete') {
    throw new ShapeError(`attach: a scene takes one discrete action per decision; this policy acts in ${JSON.stringify(space)} (call bot.act yourself)`);
  }
  const obs = bot.observation;
  const vector = obs.dtype === 'float32' && obs.shape.length === 1 ? obs.shape[0]! : null;
  const players = options?.players ?? 1;
  // Checked by resolvePlayOptions; a bad count makes no keys, so that its error is the one reported.
  const keys = Number.isSafeInteger(players) && players >= 1 ? options?.keys : undefined;
  let resolved: ResolvedPlayOptions | null = null;
  // Each player's recurrent window: state kept per player by this attachment and passed to the
  // bot, never by object identity; a new episode starts it again (the first one too).
  const window = bot.playerWindows(Number.isSafeInteger(players) && players >= 1 ? players : 1);
  const capture = vector === null ? pixelCaptureOf(obs) : null;
  let episodeCount = 0;
  const { attachment } = attachScene(scene, keys, {
    actions: bot.actions,
    players,
    observation: capture === null
      ? { kind: 'vector', length: vector! }
      : {
        kind: 'pixels',
        width: capture.width,
        height: capture.height,
        grayscale: capture.channels === 1,
        frameStack: capture.frameStack,
        crops: Array.from({ length: players }, (_, p) => options?.crop === undefined ? savedCrop(obs.pipeline, p) : Array.isArray(options.crop) ? options.crop[p] : options.crop as CropRect),
      },
    resolve: (keyPlay) => (resolved = resolvePlayOptions(options, vector, keyPlay)).loop,
    trainer: {
      act: (x, masks) => bot.actPlayers(x, players, window, masks ?? null),
      observe: () => Promise.resolve(null), // never called in 'inference' mode
    },
    handlers: {
      countSteps: () => 0,
      onTrain: () => undefined,
      onEpisode: (e) => resolved!.onEpisode?.({ episode: ++episodeCount, return: e.return, steps: e.steps, frames: e.frames, truncated: e.truncated, player: e.player }),
      onError: (e) => resolved!.onError(e instanceof Error ? e : new Error(String(e))),
      onWarning: (w) => resolved!.onWarning(w),
    },
    onPlayerReset: (p) => window?.reset(p),
    onDetach,
  });
  return attachment;
}
