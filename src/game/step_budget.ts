/**
 * A run of the copies for a number of agent steps (trainGame, recordGame): runCopies' stop test,
 * which reports each new agent step, and the episodes that ended before it. Once the steps are done,
 * the episodes the copies close on the way out are their open ones, cut short: counted as
 * unfinished, not in `returns`.
 */
import type { LoopCounters } from '../attach/decision_loop';
import type { EpisodeInfo } from '../attach/loop_events';

/** One finished episode. */
export interface EpisodePoint {
  /** Agent steps (all copies) when it ended. */
  step: number;
  return: number;
}

/** What the caller hears as the run goes. */
export interface StepBudgetListeners {
  onEpisode?: (info: EpisodeInfo, steps: number) => void;
  onStep?: (steps: number, seconds: number) => void;
}

/** `steps` agent steps over `envs` copies. */
export class StepBudget {
  /** The episodes that ended before the steps were done. */
  readonly returns: EpisodePoint[] = [];
  /** Episodes still open when the steps were done. */
  unfinished = 0;
  private observed = 0;
  private stopping = false;

  constructor(private readonly envs: number, private readonly steps: number, private readonly listeners: StepBudgetListeners) {}

  /** The agent's 'episode' handler. */
  readonly episode = (e: EpisodeInfo): void => {
    if (this.stopping) {
      this.unfinished++;
      return;
    }
    this.returns.push({ step: this.observed * this.envs, return: e.return });
    this.listeners.onEpisode?.(e, this.observed * this.envs);
  };

  /** runCopies' stop test, its clock started now. */
  stopTest(): (c: Readonly<LoopCounters>) => boolean {
    const t0 = performance.now();
    return (c) => {
      if (c.observed !== this.observed) {
        this.observed = c.observed;
        this.listeners.onStep?.(this.observed * this.envs, (performance.now() - t0) / 1000);
      }
      this.stopping = this.observed * this.envs >= this.steps;
      return this.stopping;
    };
  }
}
