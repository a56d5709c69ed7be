/**
 * The decisions of an attached bot, one rendered frame at a time, with no Phaser in it (Node
 * tests drive it with fakes). `tick()` runs once per frame:
 * - an episode starts at the first frame the game is not done: observations (frame stack) and
 *   the bot's recurrent window start again, and a decision is taken at once;
 * - then a decision every `decisionPeriod` frames; between decisions the last action is repeated;
 * - the episode ends when `done()` (or `endEpisode()`) says so, or (truncated) when a decision
 *   would pass `maxStep`.
 * Decisions are answered asynchronously and never block a frame: an answer calls `act` when it
 * arrives; one that arrives after a newer answer, or after its episode ended, is ignored (`stale`).
 */
import { AgentError } from '../agent/agent_error';
import type { PlayEpisode, ResolvedPlayOptions } from './play_options';

/** What the loop needs of a bot. */
export interface PlayPort {
  act(observation: Uint8Array | Float32Array, mask: Uint8Array | null): Promise<number>;
  /** A new episode starts. */
  reset(): void;
}

/** Where observations come from: `read()` a new one now; `reset()` at an episode's start. */
export interface PlaySource {
  read(): Uint8Array | Float32Array;
  reset(): void;
}

/** Counters since attach. */
export interface PlayCounters {
  /** Frames ticked. */
  frames: number;
  /** Decisions taken (observation read, action asked for). */
  decisions: number;
  /** Answers applied (act called with a new action). */
  answers: number;
  /** Answers ignored: a newer one was applied first, or their episode had ended. */
  stale: number;
  /** Decisions skipped because `maxInFlight` were pending. */
  dropped: number;
  /** Episodes ended. */
  episodes: number;
}

/** Runs an attached bot's decisions. */
export class PlayLoop {
  readonly counters: PlayCounters = { frames: 0, decisions: 0, answers: 0, stale: 0, dropped: 0, episodes: 0 };

  private stopped = false;
  private running = false;
  private episodeId = 0;
  private sinceDecision = 0;
  private steps = 0;
  private episodeFrames = 0;
  private episodeReturn = 0;
  private pushedDone = false;
  private action: number | null = null;
  private requested = 0;
  private answered = 0;
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly port: PlayPort,
    private readonly source: PlaySource,
    private readonly options: ResolvedPlayOptions,
    private readonly actionNames: readonly string[],
  ) {}

  /** Adds `r` to the current episode's return. */
  addReward(r: number): void {
    if (!Number.isFinite(r)) throw new AgentError(`addReward: the reward must be a finite number (got ${r})`);
    if (this.running) this.episodeReturn += r;
  }

  /** Ends the episode at the next frame (game over). */
  endEpisode(): void {
    this.pushedDone = true;
  }

  /** Stops for good: later ticks do nothing and pending answers are ignored. */
  stop(): void {
    this.stopped = true;
  }

  /** Resolves once no decision is pending. */
  settled(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** One rendered frame. */
  tick(): void {
    if (this.stopped) return;
    const o = this.options;
    this.counters.frames++;
    const r = o.reward === null ? 0 : o.reward();
    if (!Number.isFinite(r)) throw new AgentError(`attach: reward() must return a finite number (got ${r})`);
    const done = this.pushedDone || (o.done !== null && o.done() === true);
    this.pushedDone = false;
    if (!this.running) {
      // Between episodes: wait until the game no longer reports the old one as done.
      if (done) return this.repeat();
      this.startEpisode();
      return this.decide();
    }
    this.episodeFrames++;
    this.episodeReturn += r;
    this.sinceDecision++;
    if (done) return this.endCurrent(false);
    if (this.sinceDecision < o.decisionPeriod) return this.repeat();
    if (this.steps >= o.maxStep) return this.endCurrent(true);
    this.decide();
  }

  private startEpisode(): void {
    this.running = true;
    this.episodeId++;
    this.steps = 0;
    this.episodeFrames = 1;
    this.episodeReturn = 0;
    this.source.reset();
    this.port.reset();
  }

  private endCurrent(truncated: boolean): void {
    this.running = false;
    this.episodeId++; // answers still on their way belong to the ended episode: stale
    this.counters.episodes++;
    const info: PlayEpisode = { episode: this.counters.episodes, return: this.episodeReturn, steps: this.steps, frames: this.episodeFrames, truncated };
    this.options.onEpisode?.(info);
    if (truncated) this.repeat();
  }

  private decide(): void {
    const o = this.options;
    this.sinceDecision = 0;
    this.steps++;
    this.counters.decisions++;
    const obs = this.source.read();
    const mask = this.readMask();
    if (this.inFlight >= o.maxInFlight) {
      this.counters.dropped++;
      return this.repeat();
    }
    const id = ++this.requested;
    const episode = this.episodeId;
    this.inFlight++;
    this.port.act(obs, mask).then(
      (a) => {
        this.callDone();
        if (this.stopped) return;
        if (id <= this.answered || episode !== this.episodeId) {
          this.counters.stale++;
          return;
        }
        this.answered = id;
        this.counters.answers++;
        try {
          this.setAction(this.checkAction(a));
        } catch (e) {
          o.onError(e instanceof Error ? e : new Error(String(e)));
        }
      },
      (e) => {
        this.callDone();
        if (!this.stopped) o.onError(e instanceof Error ? e : new Error(String(e)));
      },
    );
  }

  private callDone(): void {
    this.inFlight--;
    if (this.inFlight > 0 || this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private readMask(): Uint8Array | null {
    const fn = this.options.actionMask;
    if (fn === null) return null;
    const m = fn();
    const n = this.actionNames.length;
    if (m === null || typeof m !== 'object' || m.length !== n) {
      throw new AgentError(`attach: actionMask() must return ${n} booleans (got ${m === null || typeof m !== 'object' ? String(m) : m.length})`);
    }
    if (!m.some(Boolean)) throw new AgentError('attach: actionMask() must allow at least one action');
    return Uint8Array.from(m, (b) => (b ? 1 : 0));
  }

  private checkAction(a: number): number {
    if (!Number.isSafeInteger(a) || a < 0 || a >= this.actionNames.length) {
      throw new AgentError(`the bot gave action ${a}; actions are integers 0..${this.actionNames.length - 1}`);
    }
    return a;
  }

  private setAction(a: number): void {
    this.action = a;
    this.options.act(a, this.actionNames[a]!);
  }

  private repeat(): void {
    if (this.action !== null) this.options.act(this.action, this.actionNames[this.action]!);
  }
}
