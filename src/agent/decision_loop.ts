/**
 * The bookkeeping of an attached agent, one game frame at a time, with no Phaser and no worker in
 * it (Node tests drive it with a fake trainer). `tick()` runs once per rendered frame:
 *
 * - it adds the frame's reward (`reward()`, plus `addReward` pushes) and reads `done()`;
 * - at a decision (every `decisionPeriod` frames, at the first frame of an episode, and when the
 *   episode ends) it reads an observation and closes the previous decision: the step (observation,
 *   the action the game actually got, the reward summed since, terminated/truncated, next
 *   observation) goes to `trainer.observe` in 'train' mode (and in 'heuristic' mode with
 *   `learnFromHeuristic`); then, unless the episode ended, it asks for the next action;
 * - between decisions it repeats the last action (act is called every frame).
 *
 * Actions are asked for asynchronously and never block a frame: an answer calls `act` as soon as
 * it arrives, and until then the game keeps the previous action. The action recorded for a step is
 * the one last given to `act` in its window, so a late answer never mislabels a step (`late`
 * counts decisions whose answer came after their window). At most `maxInFlight` calls wait for the
 * worker; a decision beyond that is dropped (`dropped`), never queued without bound.
 */
import type { ActionBatch, StepBatch, TrainReport } from '../algorithm/algorithm';
import type { ActOptions } from '../worker/trainer_types';
import { AgentError } from './agent_error';
import type { EpisodeInfo, TrainInfo } from './agent_events';
import type { ResolvedAttachOptions } from './agent_options';
import type { ObservationSource } from './observation_source';

/** What the loop needs of a trainer (a TrainerClient, or a fake in tests). */
export interface TrainerPort {
  act(obs: Uint8Array | Float32Array, masks?: Uint8Array | null, options?: ActOptions): Promise<ActionBatch>;
  observe(step: StepBatch, frame: number): Promise<TrainReport | null>;
}

/** Where the loop reports to (the Agent). */
export interface LoopHandlers {
  /** The trainer's frame number for the next observed step (agent steps over the agent's life, from 1). */
  nextFrame(): number;
  onTrain(info: TrainInfo): void;
  onEpisode(info: Omit<EpisodeInfo, 'episode'>): void;
  /** A trainer call failed (WorkerError included) or a callback run on an answer threw. */
  onError(error: unknown): void;
}

/** Counters of one attachment, for tests and logs. */
export interface LoopCounters {
  /** Game frames ticked. */
  frames: number;
  /** Decisions taken (observations read and an action asked for). */
  decisions: number;
  /** Episodes ended. */
  episodes: number;
  /** Steps sent to trainer.observe. */
  observed: number;
  /** Training rounds reported back. */
  trainRounds: number;
  /** Actions answered by the trainer and applied. */
  answers: number;
  /** Decisions whose answer arrived after their window ended (the previous action was recorded). */
  late: number;
  /** Decisions dropped because `maxInFlight` calls were pending or no action had been applied yet. */
  dropped: number;
}

/** Runs decisions for one attached scene. */
export class DecisionLoop {
  /** Counters since attach. */
  readonly counters: LoopCounters = { frames: 0, decisions: 0, episodes: 0, observed: 0, trainRounds: 0, answers: 0, late: 0, dropped: 0 };

  private trainer: TrainerPort | null;
  private stopped = false;
  private sinceDecision = 0;
  private prevObs: Uint8Array | Float32Array | null = null;
  private prevMask: Uint8Array | null = null;
  /** The action in force (repeated each frame), or null before the first one. */
  private action: number | null = null;
  /** The last action given to `act`. */
  private applied: number | null = null;
  private requested = 0;
  private answered = 0;
  /** The request id of the decision whose window is open (0: none was sent). */
  private windowRequest = 0;
  private inFlight = 0;
  private reward = 0;
  private pushedDone = false;
  private episodeReturn = 0;
  private episodeSteps = 0;
  private episodeFrames = 0;

  constructor(
    trainer: TrainerPort | null,
    private readonly source: ObservationSource,
    private readonly options: ResolvedAttachOptions,
    private readonly actionNames: readonly string[],
    private readonly handlers: LoopHandlers,
  ) {
    this.trainer = options.mode === 'heuristic' && !options.learnFromHeuristic ? null : trainer;
  }

  /** Adds `r` to the reward of the current decision (games that push events). */
  addReward(r: number): void {
    if (!Number.isFinite(r)) throw new AgentError(`addReward: the reward must be a finite number (got ${r})`);
    this.reward += r;
  }

  /** Ends the episode at the next frame, as terminal (game over). */
  endEpisode(): void {
    this.pushedDone = true;
  }

  /** The worker is gone: no more trainer calls; the heuristic plays if there is one, else `act` stops. */
  trainerLost(): void {
    this.trainer = null;
    if (this.options.heuristic === null) this.action = null;
  }

  /** Stops for good: later ticks do nothing and pending answers are ignored. */
  stop(): void {
    this.stopped = true;
  }

  /** One rendered game frame. */
  tick(): void {
    if (this.stopped) return;
    const o = this.options;
    this.counters.frames++;
    const r = o.reward === null ? 0 : o.reward();
    if (!Number.isFinite(r)) throw new AgentError(`attach: reward() must return a finite number (got ${r})`);
    this.reward += r;
    const done = this.pushedDone || (o.done !== null && o.done() === true);
    this.pushedDone = false;
    this.sinceDecision++;
    if (this.prevObs === null) {
      // Between episodes: wait until the game no longer reports the old episode as done.
      if (done) {
        this.reward = 0;
        this.repeat();
        return;
      }
      this.episodeFrames = 0;
    }
    this.episodeFrames++;
    const decided = done || this.prevObs === null || this.sinceDecision >= o.decisionPeriod ? this.decide(done) : false;
    if (!decided) this.repeat();
  }

  /** Closes the open decision and opens the next; true when it asked the trainer for an action (the answer calls act). */
  private decide(done: boolean): boolean {
    const o = this.options;
    this.sinceDecision = 0;
    const obs = this.source.read();
    const mask = this.readMask();
    if (this.prevObs !== null) {
      if (this.windowRequest > this.answered) this.counters.late++;
      this.episodeSteps++;
      const truncated = !done && this.episodeSteps >= o.maxStep;
      this.record(this.prevObs, this.prevMask, obs, mask, done, truncated);
      this.episodeReturn += this.reward;
      this.reward = 0;
      if (done || truncated) {
        this.counters.episodes++;
        this.handlers.onEpisode({ return: this.episodeReturn, steps: this.episodeSteps, frames: this.episodeFrames, truncated });
        this.episodeReturn = 0;
        this.episodeSteps = 0;
        this.episodeFrames = 0;
        this.prevObs = null;
        this.prevMask = null;
        this.windowRequest = 0;
        this.source.reset();
        return false;
      }
    } else {
      this.reward = 0; // rewards before an episode's first observation belong to no step
    }
    this.prevObs = obs;
    this.prevMask = mask;
    this.counters.decisions++;
    return this.requestAction(obs, mask);
  }

  private requestAction(obs: Uint8Array | Float32Array, mask: Uint8Array | null): boolean {
    const o = this.options;
    const playHeuristic = o.mode === 'heuristic' || (this.trainerGone() && o.heuristic !== null);
    if (playHeuristic) {
      this.windowRequest = 0;
      this.setAction(this.checkAction(o.heuristic!(), 'heuristic()'));
      return true;
    }
    const trainer = this.trainer;
    if (trainer === null) return false;
    if (this.inFlight >= o.maxInFlight) {
      this.counters.dropped++;
      this.windowRequest = 0;
      return false;
    }
    const id = ++this.requested;
    this.windowRequest = id;
    this.inFlight++;
    trainer.act(obs.slice(), mask === null ? null : mask.slice(), { explore: o.mode === 'train' }).then(
      (actions) => {
        this.inFlight--;
        if (this.stopped || id <= this.answered) return;
        this.answered = id;
        this.counters.answers++;
        try {
          this.setAction(this.checkAction(actions[0]!, 'the trainer'));
        } catch (e) {
          this.handlers.onError(e);
        }
      },
      (e) => {
        this.inFlight--;
        if (!this.stopped) this.handlers.onError(e);
      },
    );
    return true;
  }

  private record(obs: Uint8Array | Float32Array, mask: Uint8Array | null, next: Uint8Array | Float32Array, nextMask: Uint8Array | null, done: boolean, truncated: boolean): void {
    const trainer = this.trainer;
    const o = this.options;
    const learning = o.mode === 'train' || (o.mode === 'heuristic' && o.learnFromHeuristic);
    if (trainer === null || !learning) return;
    if (this.applied === null || this.inFlight >= this.options.maxInFlight) {
      this.counters.dropped++;
      return;
    }
    const step: StepBatch = {
      observations: obs,
      actions: Int32Array.of(this.applied),
      rewards: Float32Array.of(this.reward),
      nextObservations: next.slice(),
      terminated: Uint8Array.of(done ? 1 : 0),
      truncated: Uint8Array.of(truncated ? 1 : 0),
      ...(mask === null || nextMask === null ? {} : { actionMasks: mask, nextActionMasks: nextMask.slice() }),
    };
    const frame = this.handlers.nextFrame();
    this.counters.observed++;
    this.inFlight++;
    trainer.observe(step, frame).then(
      (report) => {
        this.inFlight--;
        if (this.stopped || report === null) return;
        this.counters.trainRounds++;
        this.handlers.onTrain({ ...report, frame });
      },
      (e) => {
        this.inFlight--;
        if (!this.stopped) this.handlers.onError(e);
      },
    );
  }

  private trainerGone(): boolean {
    return this.trainer === null && this.options.mode !== 'heuristic';
  }

  private readMask(): Uint8Array | null {
    const fn = this.options.actionMask;
    if (fn === null) return null;
    const m = fn();
    const n = this.actionNames.length;
    if (m === null || typeof m !== 'object' || m.length !== n) throw new AgentError(`attach: actionMask() must return ${n} booleans (got ${m === null || typeof m !== 'object' ? String(m) : m.length})`);
    if (!m.some(Boolean)) throw new AgentError('attach: actionMask() must allow at least one action');
    return Uint8Array.from(m, (b) => (b ? 1 : 0));
  }

  private checkAction(a: number, from: string): number {
    if (!Number.isSafeInteger(a) || a < 0 || a >= this.actionNames.length) {
      throw new AgentError(`${from} gave action ${a}; actions are integers 0..${this.actionNames.length - 1} (${this.actionNames.join(', ')})`);
    }
    return a;
  }

  private setAction(a: number): void {
    this.action = a;
    this.applied = a;
    this.options.act(a, this.actionNames[a]!);
  }

  private repeat(): void {
    if (this.action === null) return;
    this.applied = this.action;
    this.options.act(this.action, this.actionNames[this.action]!);
  }
}
