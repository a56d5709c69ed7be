/**
 * Options of `bot.attach(scene, options)`, their defaults, and the check that turns bad options
 * into one AgentError naming each problem (the same error an Agent's attach throws).
 */
import { AgentError } from '../agent/agent_error';
import { resolveAttachOptions, type ResolvedAttachOptions } from '../agent/agent_options';
import type { CropRect } from '../observe/crop';

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
}

/** Options of `bot.attach(scene, options)`. */
export interface PlayAttachOptions {
  /** Applies an action in the game; called every frame once an action is known (repeated between decisions). Required. */
  act: (action: number, name: string) => void;
  /** true while the episode is over (game over); read once per frame. Default: never (use endEpisode). */
  done?: () => boolean;
  /** The reward of this frame, only summed into onEpisode's `return`. Default: none. */
  reward?: () => number;
  /** Decide every N rendered frames, repeating the last action in between (the training decisionPeriod). Default 1. */
  decisionPeriod?: number;
  /** End an episode (truncated) after this many decisions. Default: no limit. */
  maxStep?: number;
  /** Allowed actions now (true = allowed), read at each decision. Default: all allowed. */
  actionMask?: () => readonly boolean[];
  /** The observation vector of a vector policy (required for one, unused for pixels). */
  observe?: () => ArrayLike<number>;
  /** Region of the canvas to observe, in canvas pixels (as during training). Default: the crop the policy was saved with, else the whole canvas. */
  crop?: CropRect;
  /** Decisions that may wait for their answer at once; one beyond is skipped (counted as dropped). Default 2. */
  maxInFlight?: number;
  /** Called when an episode ends. Default: none. */
  onEpisode?: (info: PlayEpisode) => void;
  /** Called when a decision fails after it was asked for (it is skipped; play goes on). Default: console.error. */
  onError?: (error: Error) => void;
}

/** PlayAttachOptions with the defaults filled in: the decision loop's options, and the bot's own. */
export interface ResolvedPlayOptions {
  /** For the Agent's DecisionLoop, in 'inference' mode. */
  loop: ResolvedAttachOptions;
  crop: CropRect | undefined;
  onEpisode: ((info: PlayEpisode) => void) | null;
  onError: (error: Error) => void;
}

/**
 * Fills the defaults and checks every option with the Agent's own checks (resolveAttachOptions),
 * plus the bot's callbacks; `vector`: the policy's vector length, null for pixels.
 */
export function resolvePlayOptions(options: PlayAttachOptions, vector: number | null): ResolvedPlayOptions {
  if (options === null || typeof options !== 'object') throw new AgentError(`attach: options must be an object with at least \`act\` (got ${String(options)})`);
  const ours = (['onEpisode', 'onError'] as const)
    .filter((k) => options[k] !== undefined && typeof options[k] !== 'function')
    .map((k) => `${k} must be a function (got ${typeof options[k]})`);
  const loop = resolveAttachOptions({
    act: options.act,
    ...(options.reward === undefined ? {} : { reward: options.reward }),
    ...(options.done === undefined ? {} : { done: options.done }),
    ...(options.decisionPeriod === undefined ? {} : { decisionPeriod: options.decisionPeriod }),
    ...(options.maxStep === undefined ? {} : { maxStep: options.maxStep }),
    ...(options.actionMask === undefined ? {} : { actionMask: options.actionMask }),
    ...(options.observe === undefined ? {} : { observe: options.observe }),
    maxInFlight: options.maxInFlight ?? 2,
    mode: 'inference',
  }, vector, null, ours);
  return {
    loop,
    crop: options.crop,
    onEpisode: options.onEpisode ?? null,
    onError: options.onError ?? ((e: Error) => console.error(e)),
  };
}
