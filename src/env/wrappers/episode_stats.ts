import type { Action, Env, ResetOptions, ResetResult, StepResult } from '../env';
import { EnvWrapper } from './env_wrapper';

/** One finished episode: its undiscounted return and its length in steps. */
export interface EpisodeRecord {
  return: number;
  length: number;
}

/**
 * The finished episodes of one or more envs (the copies of a VectorEnv can share one log), in the
 * order they finished. This is what the CLI prints.
 */
export class EpisodeLog {
  readonly episodes: EpisodeRecord[] = [];

  /** Number of finished episodes. */
  get count(): number {
    return this.episodes.length;
  }

  /** Mean return of the last `n` episodes (default 100, like SLM Lab's return_mean_100); NaN if none. */
  meanReturn(n = 100): number {
    const last = this.episodes.slice(-n);
    return last.length === 0 ? NaN : last.reduce((s, e) => s + e.return, 0) / last.length;
  }

  /** Population standard deviation of the last `n` episodes' returns (default all); NaN if none. */
  stdReturn(n = this.episodes.length): number {
    const last = this.episodes.slice(-n);
    if (last.length === 0) return NaN;
    const mean = last.reduce((s, e) => s + e.return, 0) / last.length;
    return Math.sqrt(last.reduce((s, e) => s + (e.return - mean) ** 2, 0) / last.length);
  }
}

/**
 * Records each finished episode (terminated or truncated) of the wrapped env into `log`. Place it
 * inside reward scaling so the log holds the env's own rewards. An episode abandoned by a reset
 * before it finished is not recorded.
 */
export class RecordEpisodes extends EnvWrapper {
  private ret = 0;
  private len = 0;

  constructor(inner: Env, readonly log: EpisodeLog = new EpisodeLog()) {
    super(inner);
  }

  override reset(options?: ResetOptions): ResetResult {
    this.ret = 0;
    this.len = 0;
    return this.inner.reset(options);
  }

  override step(action: Action): StepResult {
    const r = this.inner.step(action);
    this.ret += r.reward;
    this.len += 1;
    if (r.terminated || r.truncated) {
      this.log.episodes.push({ return: this.ret, length: this.len });
      this.ret = 0;
      this.len = 0;
    }
    return r;
  }
}
