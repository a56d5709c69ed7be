/**
 * The nets and heads an algorithm needs for an action space (SLM Lab's get_out_dim), as data: no
 * tensors, so the weight planner can use it before anything is built.
 */
import type { ActionSpace } from '../env/env';
import { SpecError } from '../util/errors';

/** The state_dict prefix of head `i` of `count` (SLM Lab's tails): `model_tail` alone, else `model_tails.{i}`. */
export function headName(i: number, count: number): string {
  return count === 1 ? 'model_tail' : `model_tails.${i}`;
}

/** What a head's outputs mean. */
export type HeadRole = 'q' | 'logits' | 'mean' | 'log_std' | 'value';

/** One net an algorithm builds, with its heads. */
export interface NetPlan {
  /** SLM Lab's attribute name: 'net' (Q, actor, or shared actor-critic) or 'critic_net'. */
  name: 'net' | 'critic_net';
  /** One output size per head, for buildNet's outDims. */
  outDims: number[];
  /** The meaning of each head, same order as outDims. */
  roles: HeadRole[];
}

/** The nets (and their heads) of an algorithm; target nets are copies and are not listed. */
export interface OutDimsPlan {
  nets: NetPlan[];
}

const Q_LEARNING = new Set(['VanillaDQN', 'DQN', 'DoubleDQN']);
const POLICY_ONLY = new Set(['Reinforce']);
const ACTOR_CRITIC = new Set(['ActorCritic', 'PPO']);

function policyHeads(space: ActionSpace): { outDims: number[]; roles: HeadRole[] } {
  switch (space.type) {
    case 'discrete':
      return { outDims: [space.n], roles: ['logits'] };
    case 'multi_discrete':
      // One logits head per sub-action, as SLM Lab does (its policy out_dim is the nvec list).
      return { outDims: [...space.nvec], roles: space.nvec.map((): HeadRole => 'logits') };
    case 'continuous': {
      const dim = space.shape.reduce((a, b) => a * b, 1);
      return { outDims: [dim, dim], roles: ['mean', 'log_std'] };
    }
  }
}

/**
 * The output dims SLM Lab infers (net_util.get_out_dim): Q-learning (VanillaDQN, DQN,
 * DoubleDQN) -> one net, [n] Q-values (discrete actions only); Reinforce -> the policy
 * heads; ActorCritic / PPO shared -> one net with the policy heads plus a
 * value head [.., 1]; separate -> 'net' (policy heads) and 'critic_net' ([1]).
 * Policy heads: discrete n logits; multi_discrete one logits head per nvec entry; continuous
 * mean and log-std heads [dim, dim] (dim = product of the shape). SLM Lab merges a 1-d
 * continuous action into a single head of 2; we keep two heads of 1 (same parameter count; a
 * checkpoint import splits that Linear's rows).
 */
export function inferOutDims(algorithmName: string, actionSpace: ActionSpace, shared: boolean): OutDimsPlan {
  if (Q_LEARNING.has(algorithmName)) {
    if (actionSpace.type !== 'discrete') {
      throw new SpecError([{ path: 'agent.algorithm.name', message: `${algorithmName} needs a discrete action space (got ${actionSpace.type})` }]);
    }
    return { nets: [{ name: 'net', outDims: [actionSpace.n], roles: ['q'] }] };
  }
  const policy = policyHeads(actionSpace);
  if (POLICY_ONLY.has(algorithmName)) return { nets: [{ name: 'net', ...policy }] };
  if (ACTOR_CRITIC.has(algorithmName)) {
    if (shared) return { nets: [{ name: 'net', outDims: [...policy.outDims, 1], roles: [...policy.roles, 'value'] }] };
    return {
      nets: [
        { name: 'net', ...policy },
        { name: 'critic_net', outDims: [1], roles: ['value'] },
      ],
    };
  }
  const known = [...Q_LEARNING, ...POLICY_ONLY, ...ACTOR_CRITIC].join(', ');
  throw new SpecError([{ path: 'agent.algorithm.name', message: `unknown algorithm "${algorithmName}" (known: ${known})` }]);
}
