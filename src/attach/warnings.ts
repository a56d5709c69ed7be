/**
 * Warnings: things that are not errors, yet make training silently slow or useless (an observation
 * upscaled from a smaller canvas, episodes that never end, a reward that is always 0, a callback
 * that lost its `this`, a discount horizon far shorter than the episodes, an evaluation whose
 * episodes were all the same, an `overlap` that could not be had). An Agent emits them as
 * 'warning' events, a Bot passes them to its `onWarning`, and `pixelpilot train|eval --game` prints
 * them as `pixelpilot: warning: ...`.
 * Each is reported once per attachment (or run).
 */

/** Which trap a warning is about. */
export type WarningCode =
  | 'observation-upscaled'
  | 'no-episode-end'
  | 'reward-always-zero'
  | 'detached-method'
  | 'short-horizon'
  | 'identical-episodes'
  | 'overlap-off';

/** One warning. */
export interface AgentWarning {
  code: WarningCode;
  /** What was seen, and what to do about it, in a sentence or two. */
  message: string;
  /** The player it concerns, when one. */
  player?: number;
}
