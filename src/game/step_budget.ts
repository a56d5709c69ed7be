/**
 * A run of the copies for a number of agent steps (trainGame, recordGame), or until a time is up:
 * runCopies' stop test, which reports each new agent step, and the episodes that ended before it.
 * Once the steps are done (or the time),
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

/** What ended a run: its agent steps, or its time. */
export type StoppedBy = 'steps' | 'time';

/** `steps` agent steps over `envs` copies, or `seconds` of wall-clock time from the stop test's start, whichever comes first. */
export class StepBudget {
  /** The episodes that ended before the steps were done. */
  readonly returns: EpisodePoint[] = [];
  /** Episodes still open when the steps were done. */
  unfinished = 0;
  /** What stopped the run; null while it goes on. */
  stoppedBy: StoppedBy | null = null;
  private observed = 0;

  /** `steps` may be Infinity when `seconds` is given; `now` is the clock in ms (performance.now). */
  constructor(
    private readonly envs: number,
    private readonly steps: number,
    private readonly listeners: StepBudgetListeners,
    private readonly seconds = Infinity,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The agent's 'episode' handler. */
  readonly episode = (e: EpisodeInfo): void => {
    if (this.stoppedBy !== null) {
      this.unfinished++;
      return;
    }
    this.returns.push({ step: this.observed * this.envs, return: e.return });
    this.listeners.onEpisode?.(e, this.observed * this.envs);
  };

  /** runCopies' stop test (called after every frame), its clock started now. */
  stopTest(): (c: Readonly<LoopCounters>) => boolean {
    const t0 = this.now();
    const elapsed = (): number => (this.now() - t0) / 1000;
    return (c) => {
      if (c.observed !== this.observed) {
        this.observed = c.observed;
        this.listeners.onStep?.(this.observed * this.envs, elapsed());
      }
      // The clock is read on a frame without a decision only when the run has a time.
      if (this.observed * this.envs >= this.steps) this.stoppedBy = 'steps';
      else if (this.seconds !== Infinity && elapsed() >= this.seconds) this.stoppedBy = 'time';
      return this.stoppedBy !== null;
    };
  }
}
