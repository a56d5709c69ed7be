/**
 * The `reward-always-zero` trap: every reward that reached a step was exactly 0 (`reward()`
 * always returned 0, or there is no `reward()`, and `addReward` was never called): a learning
 * agent has nothing to learn from, and every return is 0.
 */
import type { AgentWarning } from './warnings';

/**
 * Steps (decisions over all players) whose rewards must not all be exactly 0. The same count as
 * NO_EPISODE_END_DECISIONS: the games we know reward within their first episode (catch: every
 * 10 or so decisions), and a game that pays nothing in 2,000 exploring steps gives the first
 * training rounds nothing either; a rarer reward is worth knowing about (shape it).
 */
export const ZERO_REWARD_STEPS = 2000;

/** Counts closed steps until one has a reward other than 0. */
export class ZeroRewardWatch {
  private steps = 0;
  private armed: boolean;

  /**
   * `armed`: whether to watch at all (a learning loop, or a game that gave `reward`: a shipped bot
   * without one never looks at rewards); `rewardGiven` for the message.
   */
  constructor(armed: boolean, private readonly rewardGiven: boolean) {
    this.armed = armed;
  }

  /** A step of one player closed with `reward` (summed over its frames): the warning, once, at the threshold. */
  step(reward: number): AgentWarning | null {
    if (!this.armed) return null;
    if (reward !== 0) {
      this.armed = false;
      return null;
    }
    if (++this.steps < ZERO_REWARD_STEPS) return null;
    this.armed = false;
    const why = this.rewardGiven ? 'reward() always returned 0' : 'no reward() was given';
    return {
      code: 'reward-always-zero',
      message: `every reward in the first ${ZERO_REWARD_STEPS} steps (decisions over all players) was exactly 0: ${why} and ` +
        `addReward() was never called, so there is nothing to learn from (and every return is 0). Return what was earned since ` +
        `the last call (reward: () => { const r = this.pending; this.pending = 0; return r; }), or call addReward(r) when ` +
        `something happens; if your game's rewards are this rare, reward steps towards them too.`,
    };
  }
}
