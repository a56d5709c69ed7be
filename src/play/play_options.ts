/**
 * Options of `bot.attach(scene, options)`, their defaults, and the check that turns bad options
 * into one AgentError naming each problem (the same error an Agent's attach throws).
 */
import { AgentError } from '../agent/agent_error';
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

/** PlayAttachOptions with the defaults filled in. */
export interface ResolvedPlayOptions {
  act: (action: number, name: string) => void;
  done: (() => boolean) | null;
  reward: (() => number) | null;
  decisionPeriod: number;
  maxStep: number;
  actionMask: (() => readonly boolean[]) | null;
  observe: (() => ArrayLike<number>) | null;
  crop: CropRect | undefined;
  maxInFlight: number;
  onEpisode: ((info: PlayEpisode) => void) | null;
  onError: (error: Error) => void;
}

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** Fills the defaults and checks every option; `vector`: the policy's vector length, null for pixels. */
export function resolvePlayOptions(options: PlayAttachOptions, vector: number | null): ResolvedPlayOptions {
  if (options === null || typeof options !== 'object') throw new AgentError(`attach: options must be an object with at least \`act\` (got ${String(options)})`);
  const problems: string[] = [];
  if (typeof options.act !== 'function') problems.push('act must be a function (action, name) => void');
  for (const k of ['done', 'reward', 'actionMask', 'observe', 'onEpisode', 'onError'] as const) {
    if (options[k] !== undefined && typeof options[k] !== 'function') problems.push(`${k} must be a function (got ${typeof options[k]})`);
  }
  const decisionPeriod = options.decisionPeriod ?? 1;
  if (!isPosInt(decisionPeriod)) problems.push(`decisionPeriod must be a positive integer (got ${String(decisionPeriod)})`);
  const maxStep = options.maxStep ?? Infinity;
  if (maxStep !== Infinity && !isPosInt(maxStep)) problems.push(`maxStep must be a positive integer (got ${String(maxStep)})`);
  const maxInFlight = options.maxInFlight ?? 2;
  if (!isPosInt(maxInFlight)) problems.push(`maxInFlight must be a positive integer (got ${String(maxInFlight)})`);
  if (vector !== null && options.observe === undefined) problems.push(`the policy observes a vector of ${vector}: attach needs observe: () => number[]`);
  if (problems.length > 0) throw new AgentError(`attach: ${problems.length} problem${problems.length === 1 ? '' : 's'} in options\n  ${problems.join('\n  ')}`);
  return {
    act: options.act,
    done: options.done ?? null,
    reward: options.reward ?? null,
    decisionPeriod,
    maxStep,
    actionMask: options.actionMask ?? null,
    observe: options.observe ?? null,
    crop: options.crop,
    maxInFlight,
    onEpisode: options.onEpisode ?? null,
    onError: options.onError ?? ((e: Error) => console.error(e)),
  };
}
