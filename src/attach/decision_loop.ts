/**
 * The bookkeeping of an attached agent, one game frame at a time, with no Phaser and no worker in
 * it (Node tests drive it with a fake trainer). One loop serves every player of the scene that
 * shares the agent's policy (`players`, the Trainer's envs); they decide together, in one batch.
 * `tick()` runs once per rendered frame of a running scene (a paused or sleeping scene does not
 * tick, see scene_hooks.ts):
 *
 * - it adds each player's frame reward (`reward(p)`, plus `addReward` pushes) and reads `done(p)`;
 *   a true done is latched until a decision takes it, and `sample()` (run on the scene's 'update'
 *   and 'postupdate' events) reads done(p) between renders too, so a game-over flag that is set
 *   and cleared within one frame is still seen. `reward(p)` is read once per frame: it returns
 *   the reward earned since its last call (or the game pushes rewards with `addReward`);
 * - at a decision (every `decisionPeriod` frames, at the first frame of an episode, and, with one
 *   player, when its episode ends) it reads every player's observation and closes the previous decision: the step
 *   (observation, the action the game actually got, the reward summed since, terminated/truncated,
 *   next observation) goes to `trainer.observe` in 'train' mode (and in 'heuristic' mode with
 *   `learnFromHeuristic`) at the step `handlers.countSteps(players)` gives (agent steps over all
 *   players, SLM Lab's clock); then it asks for the next actions;
 * - between decisions it repeats the last actions (act is called every frame).
 *
 * Episode ends: with one player the loop waits after a game over until `done()` turns false (a
 * game-over screen may last frames). With several players a batch needs every player, and every
 * player keeps the common decision period: a game over is latched until the next decision, which
 * closes that player's episode and starts its next one from the same frame (a game reports
 * `done(p)` for one frame per game over and restarts that player's round itself, as Unity
 * ML-Agents' EndEpisode does; the frames in between count into the closing step, as a vector
 * env's auto-reset). `stop()` (detach, scene shutdown or restart) ends the open episodes: the open
 * step is observed as truncated (terminated when a done was pending), its next observation the
 * last one read (the scene can no longer be read), and an episode is reported for each player.
 *
 * Actions are asked for asynchronously and never block a frame: an answer calls `act` as soon as
 * it arrives, and until then the game keeps the previous action. When learning, a window is not
 * closed before its answer arrived (the decision waits, see below), so each step records the
 * action the policy chose for its observation, as the run loop does. Otherwise (inference) a late
 * answer is applied when it comes (`late` counts decisions whose answer came after their window).
 *
 * Nothing is lost without a trace. Backpressure: while `maxInFlight` trainer calls are pending, or
 * (learning) the open window's answer has not arrived (a training round running in the worker, a
 * slow device), a due decision waits, frame by frame, and
 * the game keeps its last actions: the open step grows by those frames (its reward and its action
 * stay exact) instead of a step being dropped (`waited`, `stalls`, and `onBackpressure` when the
 * decision is taken). A game callback that throws or returns an unusable value is reported to
 * `onError` as an AgentCallbackError naming it, and never escapes into the game's frame: a frame
 * whose reward()/done() failed is skipped for the agent (`skipped`: no reward, no done, no
 * decision; the last actions repeat), a decision whose observe()/actionMask() failed waits for the
 * next frame, a failed heuristic() keeps the previous action.
 *
 * Warnings (`onWarning`, each once): every game callback is called with a `this` that throws on
 * use, so a method passed without its object is a 'detached-method' warning and errors that say
 * how to fix it (detached_method.ts); episodes that never end ('no-episode-end',
 * episode_end_warning.ts) and rewards that are always 0 ('reward-always-zero',
 * zero_reward_warning.ts) are watched over the first decisions.
 */
import type { ActionBatch, StepBatch, TrainReport } from '../algorithm/algorithm';
import type { ActOptions } from '../worker/trainer_types';
import { callGame, FAILED } from './call_game';
import { callUnbound, detachedWarning, ThisRead } from './detached_method';
import { EpisodeEndWatch } from './episode_end_warning';
import { ZeroRewardWatch } from './zero_reward_warning';
import { AgentCallbackError, AgentError } from '../util/errors';
import { actionRange, isAction, readActionMask, readFrame } from './game_reads';
import type { EpisodeInfo, TrainInfo } from './loop_events';
import type { ResolvedAttachOptions } from './attach_options';
import type { AgentWarning } from './warnings';
import { zeroCounters, type BackpressureInfo, type LoopCounters, type LoopTiming } from './loop_counters';
import { joined, Player } from './loop_player';
import type { ObservationSource } from './observation_source';

export type { BackpressureInfo, LoopCounters, LoopTiming } from './loop_counters';

type Obs = Uint8Array | Float32Array;

/** What the loop needs of a trainer (a TrainerClient, or a fake in tests). */
export interface TrainerPort {
  act(obs: Obs, masks?: Uint8Array | null, options?: ActOptions): Promise<ActionBatch>;
  observe(step: StepBatch, frame: number): Promise<TrainReport | null>;
}

/** Where the loop reports to (the Agent). */
export interface LoopHandlers {
  /**
   * Advances the agent's step clock by `players` (one agent step per player: SLM Lab's frame clock
   * counts env steps over all envs, as the Node run loop does) and returns the clock to observe the step at.
   */
  countSteps(players: number): number;
  onTrain(info: TrainInfo): void;
  onEpisode(info: Omit<EpisodeInfo, 'episode'>): void;
  /** A trainer call failed (WorkerError included), a callback run on an answer threw, or a game callback failed (AgentCallbackError). */
  onError(error: unknown): void;
  /** A decision waited for the trainer (see BackpressureInfo). Default: not reported. */
  onBackpressure?(info: BackpressureInfo): void;
  /** Something that makes training silently slow or useless was seen (warnings.ts). Default: not reported. */
  onWarning?(warning: AgentWarning): void;
  /**
   * `player`'s episode is about to begin: its first observation is read right after this returns,
   * in the same frame (the fast mode runs a copy's random start here: the copy is stepped alone
   * while the others wait, so the common decision period is kept). Once per episode, the first one
   * included; not after a trainer restart (the episode goes on). `afterCut`: the player's last
   * episode was cut by maxStep, not ended by the game (the fast mode restarts the copy's scene
   * then). Must not throw. Default: nothing.
   */
  onEpisodeBegin?(player: number, afterCut: boolean): void;
}

/** Runs decisions for the players of one attached scene. */
export class DecisionLoop {
  /** Counters since attach. */
  readonly counters: LoopCounters = zeroCounters();
  /** Time spent capturing and packing observations since attach. */
  readonly timing: LoopTiming = { captureMs: 0 };

  private trainer: TrainerPort | null;
  private readonly players: Player[];
  private stopped = false;
  private sinceDecision = 0;
  private requested = 0;
  private answered = 0;
  /** The request id of the decision whose window is open (0: none was sent). */
  private windowRequest = 0;
  private inFlight = 0;
  /** Frames the due decision has waited for the trainer (0: not waiting), and the calls pending when it began. */
  private waitFrames = 0;
  private waitPending = 0;
  /** Callers of `settled()` waiting for inFlight to reach 0. */
  private idleWaiters: (() => void)[] = [];
  /** The traps watched for warnings (warnings.ts), each reported once. */
  private readonly episodeWatch: EpisodeEndWatch;
  private readonly rewardWatch: ZeroRewardWatch;
  private readonly detachedWarned = new Set<string>();

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
    const learning = this.learning();
    this.episodeWatch = new EpisodeEndWatch(sources.length, learning || options.done !== null, options.done !== null, options.decisionPeriod);
    this.rewardWatch = new ZeroRewardWatch(learning || options.reward !== null, options.reward !== null);
  }

  /** Adds `r` to the reward of `player`'s current decision (games that push events). */
  addReward(r: number, player = 0): void {
    if (!Number.isFinite(r)) throw new AgentError(`addReward: the reward must be a finite number (got ${r})`);
    this.player(player, 'addReward').reward += r;
  }

  /** Ends `player`'s episode at the next frame, as terminal (game over). */
  endEpisode(player = 0): void {
    this.player(player, 'endEpisode').done = true;
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

  /**
   * Stops for good (detach, scene shutdown or restart): the open episodes end (see the file
   * comment), later ticks do nothing and pending action answers are ignored (training rounds of
   * steps already sent are still reported). Calling it again does nothing.
   */
  stop(): void {
    if (this.stopped) return;
    this.endWait();
    this.closeOpenEpisodes();
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

  /**
   * Reads every player's done() now and latches a true one (that was false when last read) until a
   * decision takes it. Runs on the scene's 'update' (after physics, before the scene's update())
   * and 'postupdate' events, so a flag set in a collider and cleared in update() is seen, and a
   * flag set in update() and cleared in the next update() ends one episode, not two.
   */
  sample(): void {
    const done = this.options.done;
    if (this.stopped || done === null) return;
    for (const p of this.players) {
      const d = callGame('done', p.index, () => callUnbound(done, p.index), this.report);
      if (d === FAILED) continue;
      // Only a rise: a true already read after the last render was taken by that frame's decision.
      if (d === true && !p.lastDone) p.done = true;
      p.lastDone = d === true;
    }
  }

  /** One rendered game frame. */
  tick(): void {
    if (this.stopped) return;
    const o = this.options;
    this.counters.frames++;
    const frame = readFrame(this.players.length, o, this.report);
    if (frame === null) {
      this.counters.skipped++;
      this.repeat();
      return;
    }
    this.sinceDecision++;
    this.players.forEach((p, i) => {
      p.reward += frame.rewards[i]!;
      if (frame.dones[i]) p.done = true;
      p.lastDone = frame.dones[i]!;
    });
    const first = this.players[0]!;
    if (this.players.length === 1 && first.prevObs === null && first.done) {
      // Between episodes: wait until the game no longer reports the old episode as done.
      first.done = false;
      first.reward = 0;
      this.repeat();
      return;
    }
    for (const p of this.players) p.episodeFrames++;
    // One player decides at once on a game over; several keep their common period (a game over
    // waits for the next decision, as a vector env's auto-reset), so that no player's steps are cut
    // short by another's episode end (PPO on 8 Pong copies did not learn with irregular steps).
    const ended = this.players.length === 1 && first.done;
    const due = first.prevObs === null || ended || this.sinceDecision >= o.decisionPeriod;
    if (!due || !this.decide()) this.repeat();
  }

  /** Closes the open decision and opens the next; true when actions were applied or asked for (the answer calls act). */
  private decide(): boolean {
    const o = this.options;
    if (this.mustWait()) {
      if (this.waitFrames === 0) {
        this.counters.stalls++;
        this.waitPending = this.inFlight;
      }
      this.waitFrames++;
      this.counters.waited++;
      return false;
    }
    const obs: Obs[] = [];
    const masks: (Uint8Array | null)[] = [];
    for (const p of this.players) {
      this.begin(p);
      const x = this.read(p);
      if (x === FAILED) return false; // the decision is taken at the next frame (dones stay latched)
      const m = readActionMask(this.options.actionMask, p.index, this.actionNames.length, this.report);
      if (m === FAILED) return false;
      obs.push(x);
      masks.push(m);
    }
    this.endWait();
    this.sinceDecision = 0;
    const dones = this.players.map((p) => p.done);
    for (const p of this.players) p.done = false;
    if (this.players[0]!.prevObs !== null) {
      if (this.windowRequest > this.answered) this.counters.late++;
      const truncs = this.players.map((p, i) => !dones[i] && p.episodeSteps + 1 >= o.maxStep);
      this.record(obs, masks, dones, truncs);
      let waiting = false;
      this.players.forEach((p, i) => {
        if (!this.closeStep(p, dones[i]!, truncs[i]!)) return;
        if (this.players.length === 1) {
          waiting = true;
          return;
        }
        // Several players: the next episode starts from this frame (see the file comment).
        this.begin(p);
        const x = this.read(p);
        if (x !== FAILED) obs[i] = x;
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
    this.warn(this.episodeWatch.decided(this.counters.decisions));
    return this.requestActions(obs, masks);
  }

  /** Tells the handlers that `p`'s episode begins, once per episode (before its first observation is read). */
  private begin(p: Player): void {
    if (p.begun) return;
    p.begun = true;
    this.handlers.onEpisodeBegin?.(p.index, p.lastCut);
  }

  /** Counts a closed step into `p`'s episode; ends the episode (reported) when it did. True when it ended. */
  private closeStep(p: Player, terminated: boolean, truncated: boolean): boolean {
    p.episodeSteps++;
    p.episodeReturn += p.reward;
    this.warn(this.rewardWatch.step(p.reward));
    p.reward = 0;
    if (!terminated && !truncated) return false;
    p.lastCut = !terminated;
    this.counters.episodes++;
    this.episodeWatch.episodeEnded(p.index);
    this.handlers.onEpisode({ player: p.index, return: p.episodeReturn, steps: p.episodeSteps, frames: p.episodeFrames, truncated: !terminated });
    p.endEpisode();
    return true;
  }

  /** Ends the open episodes when the loop stops: the open step is observed as truncated (terminated when a done was pending). */
  private closeOpenEpisodes(): void {
    const ps = this.players;
    // Episodes are open together: a player whose episode ended reopened it in the same decision.
    if (ps[0]!.prevObs === null) return;
    const dones = ps.map((p) => p.done);
    const truncs = dones.map((d) => !d);
    // The scene cannot be read any more: the step's next observation repeats its observation.
    this.record(ps.map((p) => p.prevObs!), ps.map((p) => p.prevMask), dones, truncs);
    ps.forEach((p, i) => this.closeStep(p, dones[i]!, truncs[i]!));
    this.counters.unfinished += truncs.filter(Boolean).length;
  }

  /**
   * True while a due decision must wait for the trainer (backpressure): `maxInFlight` calls are
   * pending, or, when learning, the open window's actions have not arrived yet (a step records
   * the action the policy chose for its observation, as in the run loop, never the one before).
   */
  private mustWait(): boolean {
    if (this.trainer === null) return false;
    if (this.inFlight >= this.options.maxInFlight) return true;
    return this.learning() && this.players[0]!.prevObs !== null && this.windowRequest > this.answered;
  }

  private endWait(): void {
    if (this.waitFrames === 0) return;
    const info = { frames: this.waitFrames, pending: this.waitPending };
    this.waitFrames = 0;
    this.handlers.onBackpressure?.(info);
  }

  private learning(): boolean {
    const o = this.options;
    return o.mode === 'train' || (o.mode === 'heuristic' && o.learnFromHeuristic);
  }

  private requestActions(obs: readonly Obs[], masks: readonly (Uint8Array | null)[]): boolean {
    const o = this.options;
    const playHeuristic = o.mode === 'heuristic' || (this.trainerGone() && o.heuristic !== null);
    if (playHeuristic) {
      this.windowRequest = 0;
      for (const p of this.players) {
        const a = callGame('heuristic', p.index, () => callUnbound(o.heuristic!, p.index), this.report);
        const ok = a !== FAILED && isAction(a, this.actionNames.length);
        if (a !== FAILED && !ok) this.report(new AgentCallbackError('heuristic', p.index, `gave action ${String(a)}; ${actionRange(this.actionNames)}`));
        if (ok) this.setAction(p, a);
        else if (p.action !== null) this.callAct(p, p.action); // a failed heuristic keeps the previous action
      }
      return true;
    }
    const trainer = this.trainer;
    if (trainer === null) return false;
    const id = ++this.requested;
    this.windowRequest = id;
    this.inFlight++;
    const allMasks = masks[0] === null ? null : joined(masks as Uint8Array[]);
    const batch = this.captured(() => joined(obs));
    trainer.act(batch, allMasks, { explore: o.mode === 'train' }).then(
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
        // No answer will come: the window keeps the previous actions (nothing waits for it).
        if (id > this.answered) this.answered = id;
        if (!this.stopped) this.handlers.onError(e);
      },
    );
    return true;
  }

  private record(next: readonly Obs[], nextMasks: readonly (Uint8Array | null)[], dones: readonly boolean[], truncs: readonly boolean[]): void {
    const trainer = this.trainer;
    if (trainer === null || !this.learning()) return;
    const ps = this.players;
    if (ps.some((p) => p.applied === null)) {
      this.counters.dropped++;
      return;
    }
    const masked = ps[0]!.prevMask !== null && nextMasks[0] !== null;
    const [observations, nextObservations] = this.captured(() => [joined(ps.map((p) => p.prevObs!)), joined(next)]);
    const batch: StepBatch = {
      observations,
      actions: Int32Array.from(ps, (p) => p.applied!),
      rewards: Float32Array.from(ps, (p) => p.reward),
      nextObservations,
      terminated: Uint8Array.from(dones, (d) => (d ? 1 : 0)),
      truncated: Uint8Array.from(truncs, (t) => (t ? 1 : 0)),
      ...(masked ? { actionMasks: joined(ps.map((p) => p.prevMask!)), nextActionMasks: joined(nextMasks as Uint8Array[]) } : {}),
    };
    const step = this.handlers.countSteps(ps.length);
    this.counters.observed++;
    this.inFlight++;
    // Reported even after stop(): the step was sent, so its training round ran (the closing step's too).
    trainer.observe(batch, step).then(
      (report) => {
        this.callDone();
        if (report === null) return;
        this.counters.trainRounds++;
        this.handlers.onTrain({ ...report, step });
      },
      (e) => {
        this.callDone();
        this.handlers.onError(e);
      },
    );
  }

  /** `p`'s observation now (FAILED when its observe() failed), timed as capture. */
  private read(p: Player): Obs | typeof FAILED {
    return this.captured(() => callGame('observe', p.index, () => p.source.read(), this.report));
  }

  /** Runs `fn`, adding its wall-clock time to `timing.captureMs`. */
  private captured<T>(fn: () => T): T {
    const started = performance.now();
    try {
      return fn();
    } finally {
      this.timing.captureMs += performance.now() - started;
    }
  }

  /** One trainer call finished (answered or failed). */
  private callDone(): void {
    this.inFlight--;
    if (this.inFlight > 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** A game callback failed: counted and passed on (a callback that used its `this` is a warning too, once per callback). */
  private readonly report = (e: AgentCallbackError): void => {
    this.counters.callbackErrors++;
    if (e.cause instanceof ThisRead && !this.detachedWarned.has(e.callback)) {
      this.detachedWarned.add(e.callback);
      this.warn(detachedWarning(e.callback, e.player, e.cause));
    }
    this.handlers.onError(e);
  };

  private warn(warning: AgentWarning | null): void {
    if (warning !== null) this.handlers.onWarning?.(warning);
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

  private checkAction(a: number, from: string): number {
    if (!isAction(a, this.actionNames.length)) throw new AgentError(`${from} gave action ${a}; ${actionRange(this.actionNames)}`);
    return a;
  }

  private setAction(p: Player, a: number): void {
    p.action = a;
    p.applied = a;
    this.callAct(p, a);
  }

  /** Gives the game `p`'s action (a failing act() is reported; the action counts as given). */
  private callAct(p: Player, a: number): void {
    p.applied = a;
    callGame('act', p.index, () => callUnbound(this.options.act, a, this.actionNames[a]!, p.index), this.report);
  }

  private repeat(): void {
    for (const p of this.players) if (p.action !== null) this.callAct(p, p.action);
  }
}
