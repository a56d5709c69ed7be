/**
 * Proximal Policy Optimization with the clipped objective (Schulman et al. 2017), SLM Lab's PPO.
 * Every `time_horizon` steps per env: GAE advantages (standardised over the rollout when
 * `normalize_advantages`, default true) and value targets, log-probs and values of the policy
 * that collected the rollout, then `training_epoch` passes over shuffled minibatches of
 * `minibatch_size` rows:
 * - policy loss = -mean(min(r A, clip(r, 1 - eps, 1 + eps) A)) - entropy_coef * mean(H),
 *   r = exp(log pi(a|s) - log pi_old(a|s)), eps from `clip_eps_spec` at the current frame;
 * - value loss = val_loss_coef * loss_spec(V, target); with `clip_vloss`, the elementwise max of
 *   the squared errors of V and of V_old + clip(V - V_old, -eps, eps) (CleanRL's form).
 * A recurrent net's minibatches are windows of the rollout (each row holds its own window).
 * A rollout a lagged actor acted on older weights (src/agent/lagged_actor.ts) is decoupled PPO
 * (Hilton et al. 2021): pi_old is the policy at the round's start, and each sample's surrogate is
 * weighed by pi_old(a|s) / pi_acting(a|s), truncated at 1 as IMPALA's V-trace truncates its
 * importance weights, so that samples the acting policy chose more eagerly count less.
 * Rounds report CleanRL's two diagnostics, each the mean over the round's minibatches:
 * `approx_kl`, mean((r - 1) - log r), an estimate of KL(pi_old || pi) that is never negative;
 * and `clip_fraction`, the share of samples with |r - 1| > eps, whose gradient the clip removed.
 * The lr scheduler steps once per update with time_horizon * num_envs frames per epoch.
 */
import { tf } from '../backend/tf';
import type { PpoAlgorithmSpec } from '../spec/types';
import type { Rng } from '../util/rng';
import type { AlgorithmContext, TrainReport } from './algorithm';
import { ActorCriticBase } from './actor_critic';
import { actingWeightExtra, actingWeights } from './acting_snapshots';
import { distributionFor } from './distributions';
import { gatherRows } from './policy_agent';
import { tidyKeep } from './policy_nets';
import type { TrainStepNumbers } from '../train/train_step';
import { rolloutExtra } from './rollout_stats';
import { scheduledValue } from './var_schedule';

/** Options of PPO beyond the spec. */
export interface PpoOptions {
  /**
   * Standardise advantages over each rollout. Default: the spec's `normalize_advantages`
   * (itself true by default).
   */
  normalizeAdvantages?: boolean;
}

/** A uniformly shuffled permutation of 0..n-1 (Fisher-Yates with the run's Rng). */
export function shuffledIndices(n: number, rng: Rng): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/**
 * The PPO clipped surrogate loss over a batch: -mean(min(r A, clip(r, 1 +- eps) A)); with
 * `weights`, -mean(w * min(...)) (a lagged actor's importance weights, see the file comment).
 */
export function clippedSurrogate(logProb: tf.Tensor1D, oldLogProb: tf.Tensor1D, advantages: tf.Tensor1D, clipEps: number, weights: tf.Tensor1D | null = null): tf.Scalar {
  return tf.tidy(() => {
    const ratio = tf.exp(tf.sub(logProb, oldLogProb));
    const unclipped = tf.mul(ratio, advantages);
    const clipped = tf.mul(tf.clipByValue(ratio, 1 - clipEps, 1 + clipEps), advantages);
    const surrogate = tf.minimum(unclipped, clipped);
    return tf.neg(tf.mean(weights === null ? surrogate : tf.mul(weights, surrogate))) as tf.Scalar;
  });
}

/**
 * [approx_kl, clip_fraction] of a minibatch (see the file comment), as a 2-vector: how far the
 * policy has moved from pi_old on these samples. Read back only, never part of a loss.
 */
export function ratioDiagnostics(logProb: tf.Tensor1D, oldLogProb: tf.Tensor1D, clipEps: number): tf.Tensor1D {
  return tf.tidy(() => {
    const logRatio = tf.sub(logProb, oldLogProb);
    const ratio = tf.exp(logRatio);
    const approxKl = tf.mean(tf.sub(tf.sub(ratio, 1), logRatio));
    const clipped = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), clipEps), 'float32'));
    return tf.stack([approxKl, clipped]) as tf.Tensor1D;
  });
}

/** The mean of `rows` (ratioDiagnostics' 2-vectors) as { approx_kl, clip_fraction }, read back. */
async function meanDiagnostics(rows: tf.Tensor1D[]): Promise<Record<string, number>> {
  if (rows.length === 0) return {};
  const mean = tf.tidy(() => tf.mean(tf.stack(rows), 0));
  try {
    const [approxKl, clipFraction] = await mean.data();
    return { approx_kl: approxKl!, clip_fraction: clipFraction! };
  } finally {
    mean.dispose();
  }
}

/** SLM Lab's PPO. */
export class PPO extends ActorCriticBase {
  private readonly spec: PpoAlgorithmSpec;
  private readonly normalizeAdvantages: boolean;

  constructor(ctx: AlgorithmContext, options: PpoOptions = {}) {
    const a = ctx.agent.algorithm as PpoAlgorithmSpec;
    super(ctx, 'PPO', { lrStepsPerSchedule: a.time_horizon * ctx.numEnvs });
    this.spec = a;
    this.normalizeAdvantages = options.normalizeAdvantages ?? a.normalize_advantages;
  }

  protected async train(frame: number): Promise<TrainReport> {
    const batch = await this.advantageBatch(this.normalizeAdvantages);
    const { cols } = batch;
    const acting = await this.actingLogProbs(cols);
    const weights = acting === null ? null : actingWeights(batch.logProbs, acting);
    const clipEps = scheduledValue(this.spec.clip_eps_spec, frame);
    const entropyCoef = this.entropyCoef(frame);
    const valCoef = this.spec.val_loss_coef;
    const clipV = this.spec.clip_vloss;
    const n = cols.rewards.length;
    const size = Math.min(this.spec.minibatch_size, n);
    const results: TrainStepNumbers[] = [];
    const diagnostics: tf.Tensor1D[] = [];
    let moved: Record<string, number>;
    try {
      for (let epoch = 0; epoch < this.spec.training_epoch; epoch++) {
        const order = shuffledIndices(n, this.ctx.rng);
        for (let start = 0; start < n; start += size) {
          const idx = order.subarray(start, Math.min(start + size, n));
          const { b, advs, oldLogp, targets, oldV, iw } = tidyKeep(() => ({
            b: this.batchTensors(cols, idx),
            advs: tf.tensor1d(gatherRows(batch.advantages, idx, 1)),
            oldLogp: tf.tensor1d(gatherRows(batch.logProbs, idx, 1)),
            targets: tf.tensor1d(gatherRows(batch.targets, idx, 1)),
            oldV: tf.tensor1d(gatherRows(batch.values, idx, 1)),
            iw: weights === null ? null : tf.tensor1d(gatherRows(weights, idx, 1)),
          }));
          try {
            const step = await this.trainWithCloning(b.obs, {
              policy: (heads) => {
                const pd = distributionFor(this.ctx.actionSpace, heads, b.masks);
                const logProb = pd.logProb(b.actions);
                diagnostics.push(tf.keep(ratioDiagnostics(logProb, oldLogp, clipEps)));
                const clipLoss = clippedSurrogate(logProb, oldLogp, advs, clipEps, iw);
                return (entropyCoef > 0 ? tf.sub(clipLoss, tf.mul(tf.mean(pd.entropy()), entropyCoef)) : clipLoss) as tf.Scalar;
              },
              value: (v) => {
                if (!clipV) return tf.mul(this.policyNets.valueLoss(v, targets), valCoef) as tf.Scalar;
                const vClipped = tf.add(oldV, tf.clipByValue(tf.sub(v, oldV), -clipEps, clipEps));
                const worst = tf.maximum(tf.squaredDifference(v, targets), tf.squaredDifference(vClipped, targets));
                return tf.mul(tf.mean(worst), valCoef) as tf.Scalar;
              },
            }, frame);
            results.push(...step);
          } finally {
            tf.dispose([b.obs, b.actions, ...(b.masks ? [b.masks] : []), advs, oldLogp, targets, oldV, ...(iw === null ? [] : [iw])]);
          }
        }
      }
      moved = await meanDiagnostics(diagnostics);
    } finally {
      tf.dispose(diagnostics);
    }
    return this.finishRound(results, frame, { entropy_coef: entropyCoef, clip_eps: clipEps, ...moved, ...actingWeightExtra(weights), ...rolloutExtra(batch.entropy, batch.values, batch.targets) });
  }
}
