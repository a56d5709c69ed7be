/**
 * The greedy action from an acting net's heads, read back from the device: the same functions
 * the algorithms call when they act with `explore: false`, so a bot chooses exactly what the
 * trained agent would in evaluation:
 * - Q-learning ('q' head): argmax of Q over allowed actions (VanillaDQN / DQN / DoubleDQN act);
 * - policy heads (Reinforce, ActorCritic, PPO; a shared net's value head is ignored): argmax of
 *   the logits per (sub-)action, or the Normal's mean clipped to the action bounds.
 */
import { greedyActions } from '../algorithm/action_policy';
import type { ActionBatch } from '../algorithm/algorithm';
import { actionsFromHeads } from '../algorithm/policy_actions';
import type { ActionSpace } from '../env/env';
import type { HeadRole } from '../net/heads';
import { Rng } from '../util/rng';

// actionsFromHeads draws from its Rng only when exploring; greedy acting never does.
const UNUSED_RNG = new Rng(0);

/**
 * The greedy actions of `rows` states (default one) from their heads; `mask` [rows x n]
 * (multi-discrete: [rows x sum(nvec)]), 1 = allowed.
 */
export function greedyFromHeads(space: ActionSpace, roles: readonly HeadRole[], heads: readonly Float32Array[], mask: Uint8Array | null, rows = 1): ActionBatch {
  if (roles[0] === 'q') return greedyActions(heads[0]!, heads[0]!.length / rows, mask);
  const policy = heads.filter((_, i) => roles[i] !== 'value');
  return actionsFromHeads(space, policy, rows, { explore: false, policy: 'default', exploreVar: 0, rng: UNUSED_RNG, mask }).actions;
}
