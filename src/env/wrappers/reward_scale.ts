import { EnvError } from '../../util/errors';
import type { Action, Env, StepResult } from '../env';
import { EnvWrapper } from './env_wrapper';

/** The spec's `reward_scale`: `'sign'` clips a reward to its sign (-1, 0 or 1); a number multiplies it. */
export type RewardScale = 'sign' | number;

/** Rewrites every step's reward by `scale` (see RewardScale); observations and flags pass through. */
export class ScaleReward extends EnvWrapper {
  constructor(inner: Env, readonly scale: RewardScale) {
    super(inner);
    if (scale !== 'sign' && !(typeof scale === 'number' && Number.isFinite(scale))) {
      throw new EnvError(`reward_scale must be 'sign' or a finite number (got ${JSON.stringify(scale)})`);
    }
  }

  override step(action: Action): StepResult {
    const r = this.inner.step(action);
    // `+ 0` turns Math.sign's -0 into 0.
    const reward = this.scale === 'sign' ? Math.sign(r.reward) + 0 : r.reward * this.scale;
    return { ...r, reward };
  }
}
