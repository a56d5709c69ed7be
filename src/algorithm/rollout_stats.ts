/**
 * Numbers about a policy-gradient rollout that tell whether learning is happening, logged by
 * `train --metrics` (as CleanRL logs them): the policy's entropy (near its maximum, ln(actions),
 * the agent still prefers no action) and the value function's explained variance (near 0 or below,
 * V(s) does not predict the returns; 1, it predicts them exactly).
 */

/**
 * 1 - Var(targets - values) / Var(targets), population variances; NaN when the targets do not
 * vary (nothing to explain).
 */
export function explainedVariance(values: ArrayLike<number>, targets: ArrayLike<number>): number {
  const n = targets.length;
  if (n === 0 || values.length !== n) return NaN;
  let meanT = 0;
  let meanD = 0;
  for (let i = 0; i < n; i++) {
    meanT += targets[i]!;
    meanD += targets[i]! - values[i]!;
  }
  meanT /= n;
  meanD /= n;
  let varT = 0;
  let varD = 0;
  for (let i = 0; i < n; i++) {
    varT += (targets[i]! - meanT) ** 2;
    varD += (targets[i]! - values[i]! - meanD) ** 2;
  }
  return varT === 0 ? NaN : 1 - varD / varT;
}

/** The report's extra numbers of a rollout: `entropy` and `explained_variance`, each only when finite. */
export function rolloutExtra(entropy: number, values: ArrayLike<number>, targets: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  if (Number.isFinite(entropy)) out['entropy'] = entropy;
  const ev = explainedVariance(values, targets);
  if (Number.isFinite(ev)) out['explained_variance'] = ev;
  return out;
}
