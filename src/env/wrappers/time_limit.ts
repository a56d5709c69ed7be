import { EnvError } from '../../util/errors';
import type { Action, Env, ResetOptions, ResetResult, StepResult } from '../env';
import { EnvWrapper } from './env_wrapper';

/**
 * The spec's `max_t`: truncates an episode once `maxT` steps have been taken (sets `truncated`,
 * keeps `terminated` as the env says; both can be true on the same step). The inner env's own
 * truncation still applies.
 */
export class TimeLimit extends EnvWrapper {
  private t = 0;

  constructor(inner: Env, readonly maxT: number) {
    super(inner);
    if (!Number.isSafeInteger(maxT) || maxT < 1) throw new EnvError(`max_t must be a positive integer (got ${JSON.stringify(maxT)})`);
  }

  override reset(options?: ResetOptions): ResetResult {
    this.t = 0;
    return this.inner.reset(options);
  }

  override step(action: Action): StepResult {
    const r = this.inner.step(action);
    this.t += 1;
    return this.t >= this.maxT && !r.truncated ? { ...r, truncated: true } : r;
  }
}
