/**
 * Calling a game's attach callback safely: a throw becomes an AgentCallbackError naming the
 * callback and the player, reported instead of escaping into Phaser's frame.
 */
import { AgentCallbackError, type AttachCallbackName } from '../util/errors';

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
