/**
 * The decision loop's reads of a game's attach callbacks, each checked: a callback that throws or
 * returns something unusable is reported (AgentCallbackError naming it and the player) and its
 * read fails, so nothing of it reaches a step and nothing escapes into the game's frame.
 */
import { callGame, FAILED } from './call_game';
import { callUnbound } from './detached_method';
import { AgentCallbackError } from '../util/errors';
import type { ResolvedAttachOptions } from './attach_options';

type Report = (e: AgentCallbackError) => void;

/** Every player's reward() and done() of this frame (0 and false without them), or null when one failed. */
export function readFrame(players: number, options: Pick<ResolvedAttachOptions, 'reward' | 'done'>, report: Report): { rewards: number[]; dones: boolean[] } | null {
  const { reward, done } = options;
  const rewards: number[] = [];
  const dones: boolean[] = [];
  for (let p = 0; p < players; p++) {
    let r = 0;
    if (reward !== null) {
      const got = callGame('reward', p, () => callUnbound(reward, p), report);
      if (got === FAILED) return null;
      if (typeof got !== 'number' || !Number.isFinite(got)) {
        report(new AgentCallbackError('reward', p, `must return a finite number (got ${String(got)})`));
        return null;
      }
      r = got;
    }
    let d = false;
    if (done !== null) {
      const got = callGame('done', p, () => callUnbound(done, p), report);
      if (got === FAILED) return null;
      d = got === true;
    }
    rewards.push(r);
    dones.push(d);
  }
  return { rewards, dones };
}

/** `player`'s action mask as 0/1 bytes, null without `fn`, FAILED when it failed (reported). */
export function readActionMask(fn: ResolvedAttachOptions['actionMask'], player: number, n: number, report: Report): Uint8Array | null | typeof FAILED {
  if (fn === null) return null;
  const m = callGame('actionMask', player, () => callUnbound(fn, player), report);
  if (m === FAILED) return FAILED;
  let problem: string | null = null;
  if (m === null || typeof m !== 'object' || m.length !== n) problem = `must return ${n} booleans (got ${m === null || typeof m !== 'object' ? String(m) : m.length})`;
  else if (!Array.prototype.some.call(m, Boolean)) problem = 'must allow at least one action';
  if (problem !== null) {
    report(new AgentCallbackError('actionMask', player, problem));
    return FAILED;
  }
  return Uint8Array.from(m, (b) => (b ? 1 : 0));
}

/** True when `a` is one of `n` discrete actions. */
export function isAction(a: unknown, n: number): a is number {
  return typeof a === 'number' && Number.isSafeInteger(a) && a >= 0 && a < n;
}

/** "actions are integers 0..n-1 (names)", for messages. */
export function actionRange(names: readonly string[]): string {
  return `actions are integers 0..${names.length - 1} (${names.join(', ')})`;
}
