/**
 * The bookkeeping of an attached agent, one game frame at a time, with no Phaser and no worker in
 * it (Node tests drive it with a fake trainer). One loop serves every player of the scene that
 * shares the agent's policy (`players`, the Trainer's envs); they decide together, in one batch.
 * `tick()` runs once per rendered frame:
 *
 * - it adds each player's frame reward (`reward(p)`, plus `addReward` pushes) and reads `done(p)`;
 * - at a decision (every `decisionPeriod` frames, at the first frame of an episode, and when an
 *   episode ends) it reads every player's observation and closes the previous decision: the step
 *   (observation, the action the game actually got, the reward summed since, terminated/truncated,
 *   next observation) goes to `trainer.observe` in 'train' mode (and in 'heuristic' mode with
 *   `learnFromHeuristic`); then it asks for the next actions;
 * - between decisions it repeats the last actions (act is called every frame).
 *
 * Episode ends: with one player the loop waits after a game over until `done()` turns false (a
 * game-over screen may last frames). With several players a batch needs every player, so a player
 * whose episode ended starts the next one at once from the same frame: a game reports `done(p)`
 * for one frame per game over and restarts that player's round itself (as Unity ML-Agents'
 * EndEpisode does).
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

type Obs = Uint8Array | Float32Array;

/** What the loop needs of a trainer (a TrainerClient, or a fake in tests). */
export interface TrainerPort {
  act(obs: Obs, masks?: Uint8Array | null, options?: ActOptions): Promise<ActionBatch>;
  observe(step: StepBatch, frame: number): Promise<TrainReport | null>;
}

/** Where the loop reports to (the Agent). */
export interface LoopHandlers {
  /**
   * Advances the agent's frame clock by `envSteps` (the players in the step: SLM Lab's clock counts
   * env steps over all envs, as the Node run loop does) and returns the frame to observe the step at.
   */
  nextFrame(envSteps: number): number;
  onTrain(info: TrainInfo): void;
  onEpisode(info: Omit<EpisodeInfo, 'episode'>): void;
  /** A trainer call failed (WorkerError included) or a callback run on an answer threw. */
  onError(error: unknown): void;
}

/** Counters of one attachment, for tests and logs. */
export interface LoopCounters {
  /** Game frames ticked. */
  frames: number;
  /** Decisions taken (observations read and actions asked for). */
  decisions: number;
  /** Episodes ended, over all players. */
  episodes: number;
  /** Steps sent to trainer.observe (one per decision, all players together). */
  observed: number;
  /** Training rounds reported back. */
  trainRounds: number;
  /** Action batches answered by the trainer and applied. */
  answers: number;
  /** Decisions whose answer arrived after their window ended (the previous action was recorded). */
  late: number;
  /** Decisions dropped because `maxInFlight` calls were pending or no action had been applied yet. */
  dropped: number;
}

/** One player's state between frames. */
class Player {
  prevObs: Obs | null = null;
  prevMask: Uint8Array | null = null;
  /** The action in force (repeated each frame), or null before the first one. */
  action: number | null = null;
  /** The last action given to `act`. */
  applied: number | null = null;
  reward = 0;
  pushedDone = false;
  episodeReturn = 0;
  episodeSteps = 0;
  episodeFrames = 0;
  constructor(readonly index: number, readonly source: ObservationSource) {}

  endEpisode(): void {
    this.episodeReturn = 0;
    this.episodeSteps = 0;
    this.episodeFrames = 0;
    this.prevObs = null;
    this.prevMask = null;
    this.source.reset();
  }
}

/** Copies `parts` (one per player, equal lengths) into one new array of their type. */
function joined<T extends Obs | Uint8Array>(parts: readonly T[]): T {
  const first = parts[0]!;
  const out = new (first.constructor as new (n: number) => T)(first.length * parts.length);
  parts.forEach((p, i) => out.set(p, i * first.length));
  return out;
}

/** Runs decisions for the players of one attached scene. */
export class DecisionLoop {
  /** Counters since attach. */
  readonly counters: LoopCounters = { frames: 0, decisions: 0, episodes: 0, observed: 0, trainRounds: 0, answers: 0, late: 0, dropped: 0 };

  private trainer: TrainerPort | null;
  private readonly players: Player[];
  private stopped = false;
  private sinceDecision = 0;
  private requested = 0;
  private answered = 0;
  /** The request id of the decision whose window is open (0: none was sent). */
  private windowRequest = 0;
  private inFlight = 0;
  /** Callers of `settled()` waiting for inFlight to reach 0. */
  private idleWaiters: (() => void)[] = [];

  constructor(
    trainer: TrainerPort | null,
    sources: readonly ObservationSource[],
    private readonly options: ResolvedAttachOptions,
    private readonly actionNames: readonly string[],
    private readonly handlers: LoopHandlers,
  ) {
    if (sources.length < 1) throw new AgentError('attach: at least one player is needed');
    this.trainer = options.mode === 'heuristic' && !options.learnFromHeuristic ? null : trainer;
    this.players = sources.map((s, i) => new Player(i, s));
  }

  /** Adds `r` to the reward of `player`'s current decision (games that push events). */
  addReward(r: number, player = 0): void {
    if (!Number.isFinite(r)) throw new AgentError(`addReward: the reward must be a finite number (got ${r})`);
    this.player(player, 'addReward').reward += r;
  }

  /** Ends `player`'s episode at the next frame, as terminal (game over). */
  endEpisode(player = 0): void {
    this.player(player, 'endEpisode').pushedDone = true;
  }

  /** The worker is gone: no more trainer calls; the heuristic plays if there is one, else `act` stops. */
  trainerLost(): void {
    this.trainer = null;
    if (this.options.heuristic === null) for (const p of this.players) p.action = null;
  }

  /**
   * A new trainer took over (a restarted worker). Its acting state knows nothing of the running
   * episodes, so every player's frame stack starts again and no step spans the switch; episode
   * returns keep counting.
   */
  trainerRestored(trainer: TrainerPort): void {
    if (this.options.mode === 'heuristic' && !this.options.learnFromHeuristic) return;
    this.trainer = trainer;
    this.windowRequest = 0;
    for (const p of this.players) {
      p.prevObs = null;
      p.prevMask = null;
      p.source.reset();
    }
  }

  /** Stops for good: later ticks do nothing and pending answers are ignored. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Resolves once no trainer call of this loop is pending (at once when none is). For tests and
   * turn-based games that step the game by hand and want every answer applied before the next
   * frame; a game running in real time never needs to wait.
   */
  settled(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** One rendered game frame. */
  tick(): void {
    if (this.stopped) return;
    const o = this.options;
    this.counters.frames++;
    this.sinceDecision++;
    const dones = this.players.map((p) => {
      const r = o.reward === null ? 0 : o.reward(p.index);
      if (!Number.isFinite(r)) throw new AgentError(`attach: reward(${p.index}) must return a finite number (got ${r})`);
      p.reward += r;
      const done = p.pushedDone || (o.done !== null && o.done(p.index) === true);
      p.pushedDone = false;
      return done;
    });
    const first = this.players[0]!;
    if (this.players.length === 1 && first.prevObs === null && dones[0]) {
      // Between episodes: wait until the game no longer reports the old episode as done.
      first.reward = 0;
      this.repeat();
      return;
    }
    for (const p of this.players) p.episodeFrames++;
    const due = first.prevObs === null || dones.includes(true) || this.sinceDecision >= o.decisionPeriod;
    if (!due || !this.decide(dones)) this.repeat();
  }

  /** Closes the open decision and opens the next; true when actions were applied or asked for (the answer calls act). */
  private decide(dones: readonly boolean[]): boolean {
    const o = this.options;
    this.sinceDecision = 0;
    const obs = this.players.map((p) => p.source.read());
    const masks = this.players.map((p) => this.readMask(p.index));
    if (this.players[0]!.prevObs !== null) {
      if (this.windowRequest > this.answered) this.counters.late++;
      const truncs = this.players.map((p, i) => !dones[i] && p.episodeSteps + 1 >= o.maxStep);
      this.record(obs, masks, dones, truncs);
      let waiting = false;
      this.players.forEach((p, i) => {
        p.episodeSteps++;
        p.episodeReturn += p.reward;
        p.reward = 0;
        if (!dones[i] && !truncs[i]) return;
        this.counters.episodes++;
        this.handlers.onEpisode({ player: p.index, return: p.episodeReturn, steps: p.episodeSteps, frames: p.episodeFrames, truncated: truncs[i]! });
        p.endEpisode();
        if (this.players.length === 1) {
          waiting = true;
          return;
        }
        // Several players: the next episode starts from this frame (see the file comment).
        obs[i] = p.source.read();
        p.episodeFrames = 1;
      });
      if (waiting) {
        this.windowRequest = 0;
        return false;
      }
    } else {
      for (const p of this.players) p.reward = 0; // rewards before an episode's first observation belong to no step
    }
    this.players.forEach((p, i) => {
      p.prevObs = obs[i]!;
      p.prevMask = masks[i]!;
    });
    this.counters.decisions++;
    return this.requestActions(obs, masks);
  }

  private requestActions(obs: readonly Obs[], masks: readonly (Uint8Array | null)[]): boolean {
    const o = this.options;
    const playHeuristic = o.mode === 'heuristic' || (this.trainerGone() && o.heuristic !== null);
    if (playHeuristic) {
      this.windowRequest = 0;
      for (const p of this.players) this.setAction(p, this.checkAction(o.heuristic!(p.index), `heuristic(${p.index})`));
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
    const allMasks = masks[0] === null ? null : joined(masks as Uint8Array[]);
    trainer.act(joined(obs), allMasks, { explore: o.mode === 'train' }).then(
      (actions) => {
        this.callDone();
        if (this.stopped || id <= this.answered) return;
        this.answered = id;
        this.counters.answers++;
        try {
          const checked = this.players.map((p) => this.checkAction(actions[p.index]!, 'the trainer'));
          this.players.forEach((p, i) => this.setAction(p, checked[i]!));
        } catch (e) {
          this.handlers.onError(e);
        }
      },
      (e) => {
        this.callDone();
        if (!this.stopped) this.handlers.onError(e);
      },
    );
    return true;
  }

  private record(next: readonly Obs[], nextMasks: readonly (Uint8Array | null)[], dones: readonly boolean[], truncs: readonly boolean[]): void {
    const trainer = this.trainer;
    const o = this.options;
    const learning = o.mode === 'train' || (o.mode === 'heuristic' && o.learnFromHeuristic);
    if (trainer === null || !learning) return;
    if (this.players.some((p) => p.applied === null) || this.inFlight >= o.maxInFlight) {
      this.counters.dropped++;
      return;
    }
    const ps = this.players;
    const masked = ps[0]!.prevMask !== null && nextMasks[0] !== null;
    const step: StepBatch = {
      observations: joined(ps.map((p) => p.prevObs!)),
      actions: Int32Array.from(ps, (p) => p.applied!),
      rewards: Float32Array.from(ps, (p) => p.reward),
      nextObservations: joined(next),
      terminated: Uint8Array.from(dones, (d) => (d ? 1 : 0)),
      truncated: Uint8Array.from(truncs, (t) => (t ? 1 : 0)),
      ...(masked ? { actionMasks: joined(ps.map((p) => p.prevMask!)), nextActionMasks: joined(nextMasks as Uint8Array[]) } : {}),
    };
    const frame = this.handlers.nextFrame(ps.length);
    this.counters.observed++;
    this.inFlight++;
    trainer.observe(step, frame).then(
      (report) => {
        this.callDone();
        if (this.stopped || report === null) return;
        this.counters.trainRounds++;
        this.handlers.onTrain({ ...report, frame });
      },
      (e) => {
        this.callDone();
        if (!this.stopped) this.handlers.onError(e);
      },
    );
  }

  /** One trainer call finished (answered or failed). */
  private callDone(): void {
    this.inFlight--;
    if (this.inFlight > 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private trainerGone(): boolean {
    return this.trainer === null && this.options.mode !== 'heuristic';
  }

  private player(index: number, method: string): Player {
    const p = this.players[index];
    if (p === undefined || !Number.isSafeInteger(index)) {
      throw new AgentError(`${method}: player must be an integer 0..${this.players.length - 1} (got ${index})`);
    }
    return p;
  }

  private readMask(player: number): Uint8Array | null {
    const fn = this.options.actionMask;
    if (fn === null) return null;
    const m = fn(player);
    const n = this.actionNames.length;
    if (m === null || typeof m !== 'object' || m.length !== n) throw new AgentError(`attach: actionMask(${player}) must return ${n} booleans (got ${m === null || typeof m !== 'object' ? String(m) : m.length})`);
    if (!m.some(Boolean)) throw new AgentError(`attach: actionMask(${player}) must allow at least one action`);
    return Uint8Array.from(m, (b) => (b ? 1 : 0));
  }

  private checkAction(a: number, from: string): number {
    if (!Number.isSafeInteger(a) || a < 0 || a >= this.actionNames.length) {
      throw new AgentError(`${from} gave action ${a}; actions are integers 0..${this.actionNames.length - 1} (${this.actionNames.join(', ')})`);
    }
    return a;
  }

  private setAction(p: Player, a: number): void {
    p.action = a;
    p.applied = a;
    this.options.act(a, this.actionNames[a]!, p.index);
  }

  private repeat(): void {
    for (const p of this.players) {
      if (p.action === null) continue;
      p.applied = p.action;
      this.options.act(p.action, this.actionNames[p.action]!, p.index);
    }
  }
}
