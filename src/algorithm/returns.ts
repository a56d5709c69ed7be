/**
 * Discounted returns and generalised advantage estimates over rollouts stored time-major:
 * index `t * numEnvs + e` is step t of env e (the [T, numEnvs] layout of the on-policy memories).
 *
 * Bootstrapping uses `terminated` only: a truncated step (time limit) still bootstraps from the value
 * of its final observation, which the caller passes in `nextValues`. `episodeEnd` (terminated or
 * truncated) stops the recursion so nothing leaks across an episode boundary.
 */

/** One rollout's per-step data, time-major [T, numEnvs], all of length T * numEnvs. */
export interface Rollout {
  numEnvs: number;
  rewards: Float32Array;
  /** 1 where the episode ended by reaching a terminal state (no bootstrap). */
  terminated: Float32Array;
  /** 1 where the episode ended for any reason (terminal or time limit): the recursion stops here. */
  episodeEnd: Float32Array;
  /**
   * V(s_{t+1}) for each step: the value of the next observation, or of the final observation when
   * the step ended the episode (ignored where terminated).
   */
  nextValues: Float32Array;
}

function stepsOf(r: Rollout): number {
  const n = r.rewards.length;
  if (r.numEnvs < 1 || n % r.numEnvs !== 0) {
    throw new RangeError(`rollout length ${n} is not a multiple of numEnvs ${r.numEnvs}`);
  }
  for (const [name, a] of [
    ['terminated', r.terminated],
    ['episodeEnd', r.episodeEnd],
    ['nextValues', r.nextValues],
  ] as const) {
    if (a.length !== n) throw new RangeError(`rollout.${name} has length ${a.length}, expected ${n}`);
  }
  return n / r.numEnvs;
}

/**
 * Discounted returns G_t = r_t + gamma * (1 - terminated_t) * (episodeEnd_t ? V(s_{t+1}) : G_{t+1}),
 * bootstrapping from `nextValues` at the rollout's last step and at truncations
 * (SLM Lab's calc_nstep_returns over the whole horizon; Reinforce passes zeros for nextValues).
 */
export function discountedReturns(r: Rollout, gamma: number): Float32Array {
  const T = stepsOf(r);
  const E = r.numEnvs;
  const out = new Float32Array(r.rewards.length);
  for (let e = 0; e < E; e++) {
    let future = 0;
    for (let t = T - 1; t >= 0; t--) {
      const i = t * E + e;
      const bootstrap = t === T - 1 || r.episodeEnd[i] ? r.nextValues[i] : future;
      future = r.rewards[i] + gamma * (1 - r.terminated[i]) * bootstrap;
      out[i] = future;
    }
  }
  return out;
}

/**
 * Generalised advantage estimation (Schulman et al. 2016):
 * delta_t = r_t + gamma * (1 - terminated_t) * V(s_{t+1}) - V(s_t)
 * A_t = delta_t + gamma * lam * (1 - episodeEnd_t) * A_{t+1}
 * Returns advantages and value targets (A_t + V(s_t)).
 */
export function gae(
  r: Rollout,
  values: Float32Array,
  gamma: number,
  lam: number,
): { advantages: Float32Array; targets: Float32Array } {
  const T = stepsOf(r);
  const E = r.numEnvs;
  if (values.length !== r.rewards.length) {
    throw new RangeError(`values has length ${values.length}, expected ${r.rewards.length}`);
  }
  const advantages = new Float32Array(values.length);
  const targets = new Float32Array(values.length);
  for (let e = 0; e < E; e++) {
    let future = 0;
    for (let t = T - 1; t >= 0; t--) {
      const i = t * E + e;
      const delta = r.rewards[i] + gamma * (1 - r.terminated[i]) * r.nextValues[i] - values[i];
      const carry = t === T - 1 ? 0 : (1 - r.episodeEnd[i]) * future;
      future = delta + gamma * lam * carry;
      advantages[i] = future;
      targets[i] = future + values[i];
    }
  }
  return { advantages, targets };
}
