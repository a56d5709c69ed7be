/**
 * The weights a lagged actor acts with (src/agent/lagged_actor.ts), as the learner gave them: each
 * copy to the actor is kept here, so that a training round knows the policy that acted its
 * rollout. The actor takes weights right before the step that starts a round, so when round k
 * trains, the newest copy (made for the next rollout) and the one before it (which acted this
 * rollout) are held; the older one is used once and let go. PPO weighs each sample by how much
 * likelier the policy at the round's start finds its action than that acting policy (decoupled
 * PPO: Hilton et al. 2021), where PPO would assume the two were the same.
 */
import { tf } from '../backend/tf';
import type { Net } from '../net/net';

/**
 * Each sample's weight: min(1, pi_old(a|s) / pi_acting(a|s)) from the two log-probs, truncated at
 * 1 as IMPALA's V-trace truncates its importance weights (samples the acting policy chose more
 * eagerly than the trained one would count less; none counts more).
 */
export function actingWeights(oldLogProbs: Float32Array, actingLogProbs: Float32Array): Float32Array {
  return Float32Array.from(oldLogProbs, (lp, i) => Math.min(1, Math.exp(lp - actingLogProbs[i]!)));
}

/** A round's report extra for its samples' weights: { acting_weight: their mean }, or nothing when no lagged actor acted (null). */
export function actingWeightExtra(weights: Float32Array | null): Record<string, number> {
  return weights === null ? {} : { acting_weight: weights.reduce((s, w) => s + w, 0) / weights.length };
}

/** The lagged actor's copies of one net's weights (see the file comment). */
export class ActingSnapshots {
  /** Copies of the net's parameters and buffers, oldest first (two at most). */
  private held: tf.Tensor[][] = [];

  constructor(private readonly net: Net) {}

  /** The learner's weights were just copied to the actor; `first`: a new actor (earlier copies are forgotten). */
  copied(first: boolean): void {
    if (first) this.clear();
    this.held.push(this.variables().map((v) => tf.keep(v.clone())));
    if (this.held.length > 2) tf.dispose(this.held.shift()!);
  }

  /**
   * Runs `pass` (synchronous tensor work, under tf.tidy) with the net holding the weights that acted
   * the rollout being trained now, then puts its weights back and lets that copy go. Null when no
   * actor acted the rollout (no copy before the newest: a run without a lagged actor).
   */
  withActingWeights<T extends tf.Tensor>(pass: () => T): T | null {
    if (this.held.length < 2) return null;
    const acting = this.held.shift()!;
    const vars = this.variables();
    const now = vars.map((v) => tf.keep(v.clone()));
    try {
      vars.forEach((v, i) => v.assign(acting[i]!));
      return tf.tidy(pass);
    } finally {
      vars.forEach((v, i) => v.assign(now[i]!));
      tf.dispose([...now, ...acting]);
    }
  }

  dispose(): void {
    this.clear();
  }

  private clear(): void {
    for (const s of this.held) tf.dispose(s);
    this.held = [];
  }

  private variables(): tf.Variable[] {
    return [...this.net.parameters, ...this.net.buffers].map((p) => p.variable);
  }
}
