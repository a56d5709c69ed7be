/**
 * A game's own attach callback failed: it threw, or returned something the agent cannot use (a
 * reward that is NaN or infinite, an observation of the wrong length, an action out of range).
 * Code `AGENT_CALLBACK`. The agent never lets it escape into Phaser's frame: it is reported as an
 * 'error' event, the step it concerned is skipped (see DecisionLoop), and the game runs on.
 */
import { PixelpilotError } from '../util/errors';

/** The attach callbacks the decision loop calls (see AttachOptions). */
export type AttachCallbackName = 'reward' | 'done' | 'observe' | 'actionMask' | 'heuristic' | 'act';

/** A game callback of an attached agent failed; `callback` and `player` say which. */
export class AgentCallbackError extends PixelpilotError {
  static override readonly CODE = 'AGENT_CALLBACK';
  /** The callback that failed ('reward', 'done', 'observe', 'actionMask', 'heuristic' or 'act'). */
  readonly callback: AttachCallbackName;
  /** The player it was called for. */
  readonly player: number;
  /** What it threw, when it threw (undefined when it returned a bad value). */
  override readonly cause: unknown;
  constructor(callback: AttachCallbackName, player: number, problem: string, cause?: unknown) {
    super(AgentCallbackError.CODE, `attach: ${callback}(${player}) ${problem}`, 'AgentCallbackError');
    this.callback = callback;
    this.player = player;
    this.cause = cause;
  }
}

/** Marks a callback call that failed (already reported). */
export const FAILED: unique symbol = Symbol('pixelpilot.callbackFailed');

/**
 * Runs the game's `fn` for `player`; a throw becomes an AgentCallbackError passed to `report`,
 * and FAILED is returned instead of a value.
 */
export function callGame<T>(callback: AttachCallbackName, player: number, fn: () => T, report: (e: AgentCallbackError) => void): T | typeof FAILED {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AgentCallbackError) report(e);
    else report(new AgentCallbackError(callback, player, `threw: ${e instanceof Error ? e.message : String(e)}`, e));
    return FAILED;
  }
}
