/**
 * Calling a game's attach callback safely: a throw becomes an AgentCallbackError naming the
 * callback and the player, reported instead of escaping into Phaser's frame. A callback that used
 * its `this` (a method passed without its object, see detached_method.ts) gets an error that says so.
 */
import { AgentCallbackError, type AttachCallbackName } from '../util/errors';
import { detachedProblem, ThisRead } from './detached_method';

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
    else if (e instanceof ThisRead) report(new AgentCallbackError(callback, player, detachedProblem(callback, e), e));
    else report(new AgentCallbackError(callback, player, `threw: ${e instanceof Error ? e.message : String(e)}`, e));
    return FAILED;
  }
}
