/**
 * REINFORCE (Williams 1992), SLM Lab's Reinforce: Monte Carlo policy gradient.
 * loss = -mean(log pi(a_t|s_t) * G_t) - entropy_coef * mean(H(pi(.|s_t))), with G_t the
 * discounted return (minus its batch mean when `center_return`). Trains once per
 * `training_frequency` complete episodes (OnPolicyReplay) or steps per env (OnPolicyBatchReplay;
 * an episode cut by the batch's end has no critic to bootstrap from, so its tail counts 0).
 */
import { tf } from '../backend/tf';
import type { StepColumns } from '../memory/step_table';
import type { ReinforceAlgorithmSpec } from '../spec/types';
import { SpecError } from '../util/errors';
import type { AlgorithmContext, TrainReport } from './algorithm';
import { distributionFor } from './distributions';
import { PolicyAgent, type OnPolicyMemory } from './policy_agent';
import { tidyKeep } from './policy_nets';
import { discountedReturns } from './returns';

/** Row layout of a sampled on-policy batch: [T, numEnvs] (episodes concatenated: numEnvs 1). */
export function sampleRollout(memory: OnPolicyMemory): { cols: StepColumns; numEnvs: number } {
  const batch = memory.sample();
  return { cols: batch, numEnvs: 'numEnvs' in batch ? batch.numEnvs : 1 };
}

/** Mean-centred copy (SLM Lab's center_mean). */
export function centerMean(x: Float32Array): Float32Array {
  const mean = x.reduce((s, v) => s + v, 0) / Math.max(1, x.length);
  return x.map((v) => v - mean);
}

/** SLM Lab's Reinforce over a policy net (no critic). */
export class Reinforce extends PolicyAgent {
  private readonly spec: ReinforceAlgorithmSpec;

  constructor(ctx: AlgorithmContext) {
    if (ctx.agent.algorithm.name !== 'Reinforce') {
      throw new SpecError([{ path: 'agent.algorithm.name', message: `Reinforce got a ${ctx.agent.algorithm.name} spec` }]);
    }
    super(ctx);
    this.spec = ctx.agent.algorithm;
  }

  protected async train(frame: number): Promise<TrainReport> {
    const { cols, numEnvs } = sampleRollout(this.memory);
    const zeros = new Float32Array(cols.rewards.length);
    let rets = discountedReturns(
      { numEnvs, rewards: cols.rewards, terminated: cols.terminated, episodeEnd: cols.dones, nextValues: zeros },
      this.spec.gamma,
    );
    if (this.spec.center_return) rets = centerMean(rets);
    const entropyCoef = this.entropyCoef(frame);
    const { b, advs } = tidyKeep(() => ({ b: this.batchTensors(cols, null), advs: tf.tensor1d(rets) }));
    try {
      const results = await this.trainWithCloning(b.obs, {
        policy: (heads) => {
          const pd = distributionFor(this.ctx.actionSpace, heads, b.masks);
          const loss = tf.neg(tf.mean(tf.mul(pd.logProb(b.actions), advs)));
          return (entropyCoef > 0 ? tf.sub(loss, tf.mul(tf.mean(pd.entropy()), entropyCoef)) : loss) as tf.Scalar;
        },
      }, frame);
      return this.finishRound(results, frame, { entropy_coef: entropyCoef });
    } finally {
      tf.dispose([b.obs, b.actions, ...(b.masks ? [b.masks] : []), advs]);
    }
  }
}
