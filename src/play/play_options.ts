/**
 * Options of `bot.attach(scene, options)`, their defaults, and the check that turns bad options
 * into one AgentError naming each problem (the same error an Agent's attach throws).
 */
import { AgentError } from '../util/errors';
import { resolveAttachOptions, type AttachOptions, type ResolvedAttachOptions } from '../attach/attach_options';
import type { CropRect } from '../observe/crop';
import type { AgentWarning } from '../attach/warnings';

/** One finished episode of an attached bot. */
export interface PlayEpisode {
  /** Episodes finished since attach, this one included (1, 2, ...). */
  episode: number;
  /** Sum of `reward()` and `addReward` over the episode (0 without either). */
  return: number;
  /** Decisions in the episode. */
  steps: number;
  /** Rendered frames in the episode. */
  frames: number;
  /** true when cut by `maxStep`, false when the game said done. */
  truncated: boolean;
  /** The player whose episode it was (0 with one player). */
  player: number;
}

/**
 * Options of `bot.attach(scene, options)`: those of `agent.attach` that mean the same for a bot
 * (act or keys, reward, done, decisionPeriod, maxStep, actionMask, observe, maxInFlight), with
 * per-player callbacks and key maps for several players, plus the players and crops that an
 * Agent takes at createAgent, and the bot's own callbacks.
 */
export interface PlayAttachOptions extends Pick<AttachOptions, 'act' | 'keys' | 'reward' | 'done' | 'decisionPeriod' | 'maxStep' | 'actionMask' | 'observe'> {
  /** Players of the scene the bot plays, deciding together (as createAgent's `players`). Default 1. */
  players?: number;
  /**
   * Region of the canvas to observe, in canvas pixels (as during training); one per player with
   * several. Default: the crops the policy was saved with (player by player), else the whole canvas.
   */
  crop?: CropRect | readonly CropRect[];
  /** Decisions that may wait for their answer at once; one beyond is skipped (counted as dropped). Default 2. */
  maxInFlight?: number;
  /** Called when an episode ends (with its player). Default: none. */
  onEpisode?: (info: PlayEpisode) => void;
  /** Called when a decision fails after it was asked for (it is skipped; play goes on). Default: console.error. */
  onError?: (error: Error) => void;
  /**
   * Called, once each, for the traps an Agent reports as 'warning' events (AgentWarning's `code`):
   * 'observation-upscaled' (the policy's observation is larger than the canvas or crop it reads),
   * 'detached-method' (a callback is a method passed without its object), and, when the game gave
   * `done` / `reward`, 'no-episode-end' / 'reward-always-zero'. Default: console.warn.
   */
  onWarning?: (warning: AgentWarning) => void;
}

/** PlayAttachOptions with the defaults filled in: the decision loop's options, and the bot's own. */
export interface ResolvedPlayOptions {
  /** For the Agent's DecisionLoop, in 'inference' mode. */
  loop: ResolvedAttachOptions;
  players: number;
  /** One crop per player, or undefined for the saved ones. */
  crops: (CropRect | undefined)[] | undefined;
  onEpisode: ((info: PlayEpisode) => void) | null;
  onError: (error: Error) => void;
  onWarning: (warning: AgentWarning) => void;
}

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/**
 * Fills the defaults and checks every option with the Agent's own checks (resolveAttachOptions),
 * plus the bot's own; `vector`: the policy's vector length, null for pixels; `keyPlay` presses an
 * action's keys for a player when `keys` was given (built by the caller, who has the scene).
 */
export function resolvePlayOptions(
  options: PlayAttachOptions,
  vector: number | null,
  keyPlay: ((name: string, player: number) => void) | null = null,
): ResolvedPlayOptions {
  if (options === null || typeof options !== 'object') throw new AgentError(`attach: options must be an object with at least \`act\` or \`keys\` (got ${String(options)})`);
  const ours = (['onEpisode', 'onError', 'onWarning'] as const)
    .filter((k) => options[k] !== undefined && typeof options[k] !== 'function')
    .map((k) => `${k} must be a function (got ${typeof options[k]})`);
  const players = options.players ?? 1;
  if (!isPosInt(players)) ours.push(`players must be a positive integer (got ${String(options.players)})`);
  const crop = options.crop;
  if (Array.isArray(crop) && crop.length !== players) ours.push(`crop must have one region per player (${players}) (got ${crop.length})`);
  const loop = resolveAttachOptions({
    ...(options.act === undefined ? {} : { act: options.act }),
    ...(options.reward === undefined ? {} : { reward: options.reward }),
    ...(options.done === undefined ? {} : { done: options.done }),
    ...(options.decisionPeriod === undefined ? {} : { decisionPeriod: options.decisionPeriod }),
    ...(options.maxStep === undefined ? {} : { maxStep: options.maxStep }),
    ...(options.actionMask === undefined ? {} : { actionMask: options.actionMask }),
    ...(options.observe === undefined ? {} : { observe: options.observe }),
    maxInFlight: options.maxInFlight ?? 2,
    mode: 'inference',
  }, vector, keyPlay, ours);
  return {
    loop,
    players,
    crops: crop === undefined ? undefined : Array.isArray(crop) ? [...crop] : Array.from({ length: players }, () => crop as CropRect),
    onEpisode: options.onEpisode ?? null,
    onError: options.onError ?? ((e: Error) => console.error(e)),
    onWarning: options.onWarning ?? ((w: AgentWarning) => console.warn(`pixelpilot: warning (${w.code}): ${w.message}`)),
  };
}
