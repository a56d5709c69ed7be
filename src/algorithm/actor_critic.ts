/**
 * Advantage actor-critic, SLM Lab's ActorCritic (its A2C agent). Every `training_frequency`
 * steps per env (OnPolicyBatchReplay) or complete episodes (OnPolicyReplay), one optimizer step
 * per net on the whole batch:
 * - advantages: GAE when `lam` is set (then standardised over the batch, as SLM Lab does); else
 *   discounted returns over the batch's horizon bootstrapped from V of the last next observation
 *   (SLM Lab's n-step returns with n = the horizon; `num_step_returns` names that horizon) minus V(s);
 * - policy loss = -policy_loss_coef * mean(log pi(a|s) * A) - entropy_coef * mean(H);
 * - value loss = val_loss_coef * loss_spec(V(s), target).
 * Bootstrapping uses `terminated` only: a truncated step bootstraps from V(final observation).
 */
import { tf } from '../backend/tf';
import type { StepColumns } from '../memory/step_table';
import type { ActorCriticAlgorithmSpec, PpoAlgorithmSpec } from '../spec/types';
import { SpecError } from '../util/errors';
import type { AlgorithmContext, TrainReport } from './algorithm';
import { distributionFor } from './distributions';
import { actingWeightExtra, actingWeights } from './acting_snapshots';
import { PolicyAgent } from './policy_agent';
import { tidyKeep, type PolicyNetsOptions } from './policy_nets';
import { sampleRollout } from './reinforce';
import { discountedReturns, gae, type Rollout } from './returns';
import { reuseNextValues } from './next_values';
import { rolloutExtra } from './rollout_stats';

/** Standardised copy: (x - mean) / (std + 1e-8), population std (SLM Lab's standardize). */
export function standardize(x: Float32Array): Float32Array {
  const n = Math.max(1, x.length);
  const mean = x.reduce((s, v) => s + v, 0) / n;
  const std = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  return x.map((v) => (v - mean) / (std + 1e-8));
}

/** Advantages and value targets of a sampled batch, and the policy that collected it. */
export interface AdvantageBatch {
  cols: StepColumns;
  numEnvs: number;
  /** V(s_t) when the batch was sampled. */
  values: Float32Array;
  /** log pi(a_t|s_t) of the stored actions under the nets before this round's updates. */
  logProbs: Float32Array;
  /** That policy's mean entropy over the batch's states. */
  entropy: number;
  advantages: Float32Array;
  targets: Float32Array;
}

/** Base of ActorCritic and PPO: sampling a batch and computing its advantages. */
export abstract class ActorCriticBase extends PolicyAgent {
  protected readonly acSpec: ActorCriticAlgorithmSpec | PpoAlgorithmSpec;

  constructor(ctx: AlgorithmContext, name: 'ActorCritic' | 'PPO', options: PolicyNetsOptions = {}) {
    if (ctx.agent.algorithm.name !== name) {
      throw new SpecError([{ path: 'agent.algorithm.name', message: `${name} got a ${ctx.agent.algorithm.name} spec` }]);
    }
    super(ctx, options);
    this.acSpec = ctx.agent.algorithm as ActorCriticAlgorithmSpec | PpoAlgorithmSpec;
  }

  /**
   * Samples the memory and computes advantages (GAE with `lam`, else returns minus V), with the
   * collecting policy's log-probs and entropy from the same forward pass as V(s).
   * `standardizeGae`: standardise GAE advantages over the batch.
   */
  protected async advantageBatch(standardizeGae: boolean): Promise<AdvantageBatch> {
    const { cols, numEnvs } = sampleRollout(this.memory);
    const { values, logProbs, entropy } = await this.collectingPass(cols);
    const { nextValues, missing } = reuseNextValues(cols, numEnvs, this.inputSize, values);
    if (missing.length > 0) {
      const computed = await this.nextObservationValues(cols, missing);
      missing.forEach((row, k) => (nextValues[row] = computed[k]!));
    }
    const rollout: Rollout = { numEnvs, rewards: cols.rewards, terminated: cols.terminated, episodeEnd: cols.dones, nextValues };
    const { gamma, lam } = this.acSpec;
    const collected = { cols, numEnvs, values, logProbs, entropy };
    if (lam !== null) {
      const { advantages, targets } = gae(rollout, values, gamma, lam);
      return { ...collected, advantages: standardizeGae ? standardize(advantages) : advantages, targets };
    }
    const targets = discountedReturns(rollout, gamma);
    return { ...collected, advantages: targets.map((g, i) => g - values[i]!), targets };
  }

  /**
   * The log-probability of every stored action under the weights a lagged actor acted the rollout
   * with (acting_snapshots.ts); null when no lagged actor acted it.
   */
  protected async actingLogProbs(cols: StepColumns): Promise<Float32Array | null> {
    const lp = this.snapshots?.withActingWeights(() => {
      const b = this.batchTensors(cols, null);
      return distributionFor(this.ctx.actionSpace, this.policyNets.forward(b.obs, false).policy, b.masks).logProb(b.actions);
    }) ?? null;
    if (lp === null) return null;
    try {
      return Float32Array.from(await lp.data());
    } finally {
      lp.dispose();
    }
  }

  /**
   * One forward pass of the nets that collected the batch (before this round's updates) over its
   * observations: V(s), the log-probability of every stored action, and the policy's mean entropy.
   */
  private async collectingPass(cols: StepColumns): Promise<{ values: Float32Array; logProbs: Float32Array; entropy: number }> {
    const [v, lp, h] = tf.tidy(() => {
      const b = this.batchTensors(cols, null);
      const out = this.policyNets.forward(b.obs, true);
      const pd = distributionFor(this.ctx.actionSpace, out.policy, b.masks);
      return [out.value!, pd.logProb(b.actions), tf.mean(pd.entropy())];
    });
    try {
      const [values, logProbs, entropy] = await Promise.all([v.data(), lp.data(), h.data()]);
      return { values: Float32Array.from(values), logProbs: Float32Array.from(logProbs), entropy: entropy[0]! };
    } finally {
      tf.dispose([v, lp, h]);
    }
  }
}

/** SLM Lab's ActorCritic (A2C). */
export class ActorCritic extends ActorCriticBase {
  constructor(ctx: AlgorithmContext) {
    super(ctx, 'ActorCritic');
  }

  protected async train(frame: number): Promise<TrainReport> {
    const batch = await this.advantageBatch(true);
    const { policy_loss_coef: policyCoef, val_loss_coef: valCoef } = this.acSpec;
    const entropyCoef = this.entropyCoef(frame);
    // A lagged actor's rollout: each sample weighed by min(1, pi(a|s) / pi_acting(a|s)), as PPO's (ppo.ts).
    const acting = await this.actingLogProbs(batch.cols);
    const weights = acting === null ? null : actingWeights(batch.logProbs, acting);
    const { b, advs, targets } = tidyKeep(() => ({
      b: this.batchTensors(batch.cols, null),
      advs: tf.tensor1d(weights === null ? batch.advantages : batch.advantages.map((a, i) => a * weights[i]!)),
      targets: tf.tensor1d(batch.targets),
    }));
    try {
      const results = await this.trainWithCloning(b.obs, {
        policy: (heads) => {
          const pd = distributionFor(this.ctx.actionSpace, heads, b.masks);
          const pg = tf.mul(tf.neg(tf.mean(tf.mul(pd.logProb(b.actions), advs))), policyCoef);
          return (entropyCoef > 0 ? tf.sub(pg, tf.mul(tf.mean(pd.entropy()), entropyCoef)) : pg) as tf.Scalar;
        },
        value: (v) => tf.mul(this.policyNets.valueLoss(v, targets), valCoef) as tf.Scalar,
      }, frame);
      return this.finishRound(results, frame, { entropy_coef: entropyCoef, ...actingWeightExtra(weights), ...rolloutExtra(batch.entropy, batch.values, batch.targets) });
    } finally {
      tf.dispose([b.obs, b.actions, ...(b.masks ? [b.masks] : []), advs, targets]);
    }
  }
}
