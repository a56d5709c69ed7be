/**
 * The Normal policy's log-std clamp, in a module of its own so that greedy acting
 * (policy_actions.ts, src/play) does not pull the distributions' training maths into a bundle.
 */

/** SLM Lab clamps the Normal's log-std head to this range before exp(). */
export const LOG_STD_RANGE: readonly [number, number] = [-20, 2];
