/**
 * The algorithm registry: SLM Lab algorithm names to classes, and the factory that builds the one
 * a spec's `agent.algorithm.name` names.
 */
import { checkParamBudget } from '../net/param_budget';
import type { AlgorithmName } from '../spec/types';
import { SpecError } from '../util/errors';
import { ActorCritic } from './actor_critic';
import type { Algorithm, AlgorithmContext } from './algorithm';
import { DoubleDQN, DQN, VanillaDQN } from './dqn';
import { PPO } from './ppo';
import { Reinforce } from './reinforce';

/** Every algorithm by its SLM Lab name; each is built with an AlgorithmContext. */
export const ALGORITHMS: Readonly<Record<AlgorithmName, new (ctx: AlgorithmContext) => Algorithm>> = {
  VanillaDQN,
  DQN,
  DoubleDQN,
  Reinforce,
  ActorCritic,
  PPO,
};

/**
 * Builds the algorithm `ctx.agent.algorithm.name` names. Throws SpecError for an unknown name or
 * a spec that cannot drive it (e.g. a Q-learning algorithm on a continuous action space).
 */
export function createAlgorithm(ctx: AlgorithmContext): Algorithm {
  const name: string = ctx.agent.algorithm.name;
  if (!Object.prototype.hasOwnProperty.call(ALGORITHMS, name)) {
    const known = Object.keys(ALGORITHMS).join(', ');
    throw new SpecError([{ path: 'agent.algorithm.name', message: `unknown algorithm "${name}" (known: ${known})` }]);
  }
  // Sizes first: a spec asking for a 17 GB net fails here, before any allocation or init.
  checkParamBudget(ctx.agent, ctx.obsShape, ctx.actionSpace, ctx.maxParams === undefined ? {} : { maxParams: ctx.maxParams });
  return new ALGORITHMS[name as AlgorithmName](ctx);
}
