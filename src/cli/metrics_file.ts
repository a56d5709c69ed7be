/**
 * `train --metrics FILE`: one JSON line `{step, episodes, return_mean_100, loss, steps_per_s}` every
 * N agent steps (over all envs or copies; `metricsInterval`), appended as training goes, so a
 * long run can be watched (`tail -f`) and a killed run keeps what it logged. `train --env` and
 * `train --game` feed it the same way: training rounds as they report (loss, and the round means
 * of METRIC_EXTRAS, src/algorithm/algorithm.ts), then each step. Once any round reported one of
 * those, every later line has its field (null when no round since the previous line reported it).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { METRIC_EXTRAS } from '../algorithm/algorithm';
import { UsageError } from '../util/errors';

/** One line of the metrics file. */
export interface MetricsLine {
  /** Agent steps over all envs when the line was written (the first step at or past a multiple of the interval). */
  step: number;
  /** Episodes finished so far. */
  episodes: number;
  /** Mean return of the last 100 finished episodes (null before any). */
  return_mean_100: number | null;
  /** Mean loss over the optimizer steps since the previous line (null when none ran). */
  loss: number | null;
  /** Agent steps per wall-clock second since training started. */
  steps_per_s: number;
  /**
   * With demonstrations only: the mean imitation loss (TrainReport's extra.demo_loss) of the
   * training rounds since the previous line (null when none reported one). Absent otherwise.
   */
  demo_loss?: number | null;
  /** PPO and ActorCritic: the collecting policy's mean entropy over the rounds since the previous line (ln(actions): no preference yet). */
  entropy?: number | null;
  /** PPO and ActorCritic: the value function's explained variance of its targets, mean over those rounds (<= 0: V predicts nothing). */
  explained_variance?: number | null;
  /**
   * PPO: the mean over those rounds' minibatches of mean((r - 1) - log r), r = pi / pi_old, an
   * estimate of how far (KL) the round's updates moved the policy (CleanRL's approx_kl).
   */
  approx_kl?: number | null;
  /** PPO: the share of samples whose ratio the clip caught, |r - 1| > eps, mean over those rounds. */
  clip_fraction?: number | null;
  /**
   * PPO and ActorCritic acting one round behind (--overlap): the mean weight of a sample,
   * min(1, pi_old / pi_acting), over those rounds (1: the lag changed nothing; far below 1: the
   * policy moved a lot in a round, and the lagged samples count for little).
   */
  acting_weight?: number | null;
}

type RoundMean = (typeof METRIC_EXTRAS)[number];

/** A training round as the metrics file takes it (TrainReport's numbers, or the page's 'train' event). */
export interface MetricsRound {
  loss: number;
  updates: number;
  extra: Partial<Record<string, number>>;
}

/** Lines wanted at least in one run, so that a short run shows its curve too. */
export const MIN_METRIC_LINES = 50;

/**
 * Agent steps between two metric lines: the spec's `meta.log_frequency`, but at most a 50th of the
 * run (`--metrics` on a 5,000-step run under SLM Lab's default of 10,000 would write nothing).
 */
export function metricsInterval(logFrequency: number, steps: number): number {
  return Math.max(1, Math.min(logFrequency, Math.ceil(steps / MIN_METRIC_LINES)));
}

/**
 * Agent steps between two metric lines of a run of a set time (`train --game --minutes` without
 * --steps), whose length in steps is unknown at its start: at most 1,000 (a 5-minute run of 8
 * copies here makes about 60,000 steps, so about 60 lines).
 */
export function timedMetricsInterval(logFrequency: number): number {
  return Math.max(1, Math.min(logFrequency, 1000));
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The metric lines of one run; with no path it only keeps the running loss (for the progress bar). */
export class MetricsFile {
  private fd: number | null;
  private next: number;
  private lossSum = 0;
  private lossCount = 0;
  /** Sums and counts of the METRIC_EXTRAS reported since the last line; a key is present once any round reported it. */
  private readonly means = new Map<RoundMean, { sum: number; count: number }>();
  /** The last step's numbers (see `end`). */
  private last: [number, number, number, number] | null = null;

  /** Opens (truncates) `path`, or keeps no file when it is undefined. UsageError when it cannot be written. */
  constructor(path: string | undefined, private readonly every: number) {
    if (!(Number.isSafeInteger(every) && every >= 1)) throw new RangeError(`log frequency must be a positive integer (got ${every})`);
    this.next = every;
    try {
      this.fd = path === undefined ? null : openSync(path, 'w');
    } catch (e) {
      throw new UsageError(`--metrics ${path}: cannot write the file (${(e as Error).message})`);
    }
  }

  /** A training round's report: its mean loss over `updates` optimizer steps, and its METRIC_EXTRAS. */
  addRound(round: MetricsRound): void {
    if (round.updates > 0 && Number.isFinite(round.loss)) {
      this.lossSum += round.loss * round.updates;
      this.lossCount += round.updates;
    }
    for (const key of METRIC_EXTRAS) {
      const x = round.extra[key];
      if (x === undefined) continue;
      const m = this.means.get(key) ?? { sum: 0, count: 0 };
      this.means.set(key, m);
      if (Number.isFinite(x)) {
        m.sum += x;
        m.count++;
      }
    }
  }

  /** Mean loss since the last line (NaN when no optimizer step ran). */
  get loss(): number {
    return this.lossCount > 0 ? this.lossSum / this.lossCount : NaN;
  }

  /**
   * After each step: `steps` agent steps so far, `episodes` finished, `returnMean100`, `seconds` of
   * training. Writes a line (and returns it) when `steps` reached the next multiple of the interval.
   */
  step(steps: number, episodes: number, returnMean100: number, seconds: number): MetricsLine | null {
    this.last = [steps, episodes, returnMean100, seconds];
    if (steps < this.next) return null;
    // A step of many envs can pass several multiples: one line, and the next one after it.
    while (this.next <= steps) this.next += this.every;
    const line: MetricsLine = { step: steps, episodes, return_mean_100: finiteOrNull(returnMean100), loss: finiteOrNull(this.loss), steps_per_s: steps / Math.max(seconds, 1e-9) };
    for (const [key, m] of this.means) {
      line[key] = m.count > 0 ? m.sum / m.count : null;
      m.sum = 0;
      m.count = 0;
    }
    this.lossSum = 0;
    this.lossCount = 0;
    if (this.fd !== null) writeSync(this.fd, `${JSON.stringify(line)}\n`);
    return line;
  }

  /**
   * At the run's end: one more line, at the last step's numbers (so possibly the last line's step
   * again), when rounds reported since the last line (`train --game`'s lagged actor: the learner's
   * last round ends after the copies' last step). Returns it, or null.
   */
  end(): MetricsLine | null {
    const pending = this.lossCount > 0 || [...this.means.values()].some((m) => m.count > 0);
    if (!pending || this.last === null) return null;
    this.next = this.last[0];
    return this.step(...this.last);
  }

  /** Closes the file (idempotent). */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
