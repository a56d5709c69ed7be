/**
 * N copies of the entry's scene as one vector env with Gymnasium 1.x's next-step autoreset, the
 * page side of `pixelpilot serve`: `reset()` gives every copy's first observation, `step(actions)`
 * plays one decision (decisionPeriod frames) in each copy and gives rewards, ends and the next
 * observations. A copy is read as the decision loop (attach/decision_loop.ts) reads it for an agent
 * with `players: N`, so that a client giving the same actions sees what `train --game` sees:
 *
 * - act(action) is called once a frame (the action repeated between decisions), the copy's
 *   reward() summed over the decision and its done() latched until the decision; reads are checked
 *   as the loop checks them (a callback that throws is the run's error);
 * - with several copies an episode end is taken at the decision that follows it (the common period
 *   is kept) and the next episode's first observation is read in that same frame, after the frame
 *   stack was cleared; with one copy a done ends the decision at once and the first observation is
 *   read at the first frame whose done() is false again (the one-player loop's rules);
 * - truncated when the episode reaches the entry's maxStep decisions without a done; the copy's
 *   scene then restarts before the next episode's first observation is read, as in `train --game`
 *   (the entry's onCut, copy_restart.ts), and so it does after a done when the entry's onDone
 *   says 'restart';
 * - with random starts (`serve --random-starts`), each episode begins with the entry's
 *   reset(scene, rng) and its drawn no-op decisions before its first observation, and with sticky
 *   actions each frame may keep the previous action: the same CopyStarts and CopyActions, on the
 *   same seeded streams, as `train --game` (copy_starts.ts, copy_actions.ts).
 *
 * Next-step autoreset: the step after a copy's episode ended ignores that copy's action and gives
 * the new episode's first observation with reward 0 and no end. The copy is not stepped meanwhile
 * (each copy has its own game clock, game_copies.ts), so the action the client picks for that
 * observation is the first one the new episode plays, as in `train --game`.
 */
import type { AgentWarning } from '../attach/warnings';
import { resolveAttachOptions, type AttachOptions, type ResolvedAttachOptions } from '../attach/attach_options';
import { callGame, FAILED } from '../attach/call_game';
import { callUnbound } from '../attach/detached_method';
import { isAction, actionRange } from '../attach/game_reads';
import { pixelSource, type ObservationSource } from '../attach/observation_source';
import { joined } from '../attach/loop_player';
import { AgentCallbackError, AgentError, GameError } from '../util/errors';
import { copiesAttach } from './copies_attach';
import { CopyActions } from './copy_actions';
import { restartPolicy } from './copy_restart';
import { CopyStarts } from './copy_starts';
import { describeThrown } from './game_failure';
import { GameCopies, type PhaserLike, type StartCopiesOptions } from './game_copies';
import type { ResolvedStarts } from './random_starts';
import type { RunProgress } from './run_progress';
import { serveLayout, type ServeLayout } from './serve_layout';
import type { TrainingEntry } from './training_entry';

/** One step of every copy. */
export interface ServeStep {
  rewards: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  /** N x H x W x C observation bytes, env-major. */
  observations: Uint8Array;
  /** Per copy: the return of the episode that ended at this step, else null. */
  episodeReturn: (number | null)[];
  /** Per copy: the length in decisions of the episode that ended at this step, else null. */
  episodeLength: (number | null)[];
}

/** Options of ServeCopies.start. */
export interface ServeCopiesOptions extends StartCopiesOptions {
  /** The observation's warnings (e.g. 'observation-upscaled'). */
  onWarning?: (warning: AgentWarning) => void;
  /**
   * Observations from elsewhere than each copy's canvas, and what they are: Node tests, whose fake
   * games draw nothing, read the game's own vector. Default: the entry's pixels (serve_layout.ts).
   */
  observe?: { layout: ServeLayout; source: (copy: number, options: ResolvedAttachOptions) => ObservationSource };
  /** Random starts (resolved against the entry), or null / absent: off, as `train --game`'s default. */
  randomStarts?: ResolvedStarts | null;
  /** The probability that a frame keeps the previous action (sticky actions). Default 0: off. */
  stickyActions?: number;
}

/** One copy's state between decisions. */
class CopyState {
  /** The action in force (null before the first). */
  action: number | null = null;
  reward = 0;
  done = false;
  episodeReturn = 0;
  episodeSteps = 0;
  /** Its episode ended at the last step: the next step gives the new episode's first observation. */
  ended = false;
  /** With several copies, that observation, read as the last episode ended. */
  pending: Uint8Array | null = null;
  /** Its last episode was cut by maxStep (not ended by the game): told to its next start. */
  lastCut = false;
}

/** The copies served as one vector env. */
export class ServeCopies<S extends object> {
  private readonly states: CopyState[];
  private started = false;
  /** The first failing game callback of the current frame's reads. */
  private failure: AgentCallbackError | null = null;

  /** Each copy's action path (sticky actions). */
  private readonly actions: CopyActions[];
  /** Each copy's episode starts: its restart when due, its random start when on. */
  private readonly starts: CopyStarts<S>;

  private constructor(
    private readonly copies: GameCopies<S>,
    readonly layout: ServeLayout,
    readonly options: ResolvedAttachOptions,
    private readonly sources: readonly ObservationSource[],
    private readonly progress: RunProgress | undefined,
    entry: TrainingEntry<S>,
    /** Each copy's own attach options (its reads during restarts and no-ops). */
    perCopy: readonly AttachOptions[],
    seed: number,
    variety: Pick<ServeCopiesOptions, 'randomStarts' | 'stickyActions'>,
  ) {
    this.states = sources.map(() => new CopyState());
    this.actions = sources.map((_, i) => new CopyActions((a) => this.give(i, a), variety.stickyActions ?? 0, seed, i));
    this.starts = new CopyStarts(copies, entry, perCopy, this.actions, variety.randomStarts ?? null, options.decisionPeriod, seed, restartPolicy(entry));
  }

  /** Copies served. */
  get envs(): number {
    return this.sources.length;
  }

  /**
   * Boots `envs` copies seeded with `seed` (as trainGame seeds them) and attaches to each (the
   * entry's attach(scene, copy)); throws GameError / AgentError as trainGame would.
   */
  static async start<S extends object>(phaser: PhaserLike, entry: TrainingEntry<S>, envs: number, seed: number, parent: HTMLElement, options: ServeCopiesOptions = {}): Promise<ServeCopies<S>> {
    const layout = options.observe?.layout ?? serveLayout(entry, envs);
    const copies = await GameCopies.start(phaser, entry, envs, seed, parent, options);
    try {
      const perCopy = copies.scenes.map((s, i) => copies.inCopy(i, () => {
        try {
          return entry.attach(s, i);
        } catch (e) {
          throw new GameError('attach', `the training entry's attach(scene, ${i}) threw: ${describeThrown(e)}`, { copy: i, cause: e });
        }
      }));
      const joinedOptions = copiesAttach(perCopy, 'train', (i, fn) => copies.inCopy(i, fn), copies.scenes, entry.actions);
      const resolved = resolveAttachOptions(joinedOptions, null);
      const observe = options.observe;
      const sources = copies.games.map((g, i) => (observe === undefined ? pixelSource(g.canvas, { ...layout, crop: layout.crops[i] }, options.onWarning, i) : observe.source(i, resolved)));
      return new ServeCopies(copies, layout, resolved, sources, options.progress, entry, perCopy, seed, options);
    } catch (e) {
      copies.destroy();
      throw e;
    }
  }

  /** Every copy's first observation (N x H x W x C bytes): one frame rendered, as an attached agent's first decision. Once per start. */
  reset(): Uint8Array {
    if (this.started) throw new AgentError('ServeCopies.reset: the copies were reset already (start new copies)');
    this.started = true;
    const all = this.states.map((_, i) => i);
    if (this.progress !== undefined) this.progress.phase = 'running';
    this.frame(all);
    // One copy: after a done, the loop waits for done() to turn false before the first observation.
    while (this.envs === 1 && this.states[0]!.done) {
      this.states[0]!.done = false;
      this.frame(all);
    }
    const obs = this.sources.map((s, i) => {
      const st = this.states[i]!;
      // Rewards and ends before an episode's first observation belong to no step.
      st.reward = 0;
      st.done = false;
      this.begin(i);
      return s.read() as Uint8Array;
    });
    this.decided();
    return joined(obs);
  }

  /** One decision of every copy (see the file comment); `actions[i]` is ignored for a copy whose episode ended at the last step. */
  step(actions: ArrayLike<number>): ServeStep {
    if (!this.started) throw new AgentError('ServeCopies.step: reset() first');
    const n = this.envs;
    if (actions.length !== n) throw new AgentError(`ServeCopies.step: ${actions.length} actions for ${n} copies`);
    const out: ServeStep = {
      rewards: new Float32Array(n),
      terminated: new Uint8Array(n),
      truncated: new Uint8Array(n),
      observations: new Uint8Array(0),
      episodeReturn: Array.from({ length: n }, () => null),
      episodeLength: Array.from({ length: n }, () => null),
    };
    const obs: Uint8Array[] = new Array(n);
    const active: number[] = [];
    for (let i = 0; i < n; i++) {
      const st = this.states[i]!;
      if (st.ended) {
        st.ended = false;
        if (st.pending !== null) obs[i] = st.pending;
        st.pending = null;
      } else {
        const a = actions[i]!;
        if (!isAction(a, this.layout.actions.length)) throw new AgentError(`ServeCopies.step: env ${i} got action ${String(a)}; ${actionRange(this.layout.actions)}`);
        st.action = a;
        active.push(i);
      }
    }
    if (n === 1 && active.length === 0) {
      // One copy between episodes: frames until its done() is false again (the old action repeats),
      // then its start (the one-player loop begins an episode there), then the first observation.
      do {
        this.states[0]!.done = false;
        this.act(0);
        this.frame([0]);
      } while (this.states[0]!.done);
      this.begin(0);
      const st = this.states[0]!;
      st.reward = 0;
      obs[0] = this.sources[0]!.read() as Uint8Array;
    }
    for (const i of active) this.act(i);
    for (let f = 1; active.length > 0; f++) {
      this.frame(active);
      // One copy decides at once on a done; several keep the common period.
      if (f >= this.options.decisionPeriod || (n === 1 && this.states[0]!.done)) break;
      for (const i of active) this.act(i);
    }
    for (const i of active) {
      const st = this.states[i]!;
      const source = this.sources[i]!;
      obs[i] = source.read() as Uint8Array;
      const terminated = st.done;
      const truncated = !terminated && st.episodeSteps + 1 >= this.options.maxStep;
      st.episodeSteps++;
      st.episodeReturn += st.reward;
      out.rewards[i] = st.reward;
      out.terminated[i] = terminated ? 1 : 0;
      out.truncated[i] = truncated ? 1 : 0;
      st.reward = 0;
      st.done = false;
      if (!terminated && !truncated) continue;
      out.episodeReturn[i] = st.episodeReturn;
      out.episodeLength[i] = st.episodeSteps;
      st.episodeReturn = 0;
      st.episodeSteps = 0;
      st.ended = true;
      st.lastCut = truncated;
      source.reset();
      // Several copies: the next episode's first observation is this frame's (read now: a WebGL canvas keeps its picture only in this task).
      if (n > 1) {
        this.begin(i);
        st.pending = source.read() as Uint8Array;
      }
    }
    out.observations = joined(obs);
    this.decided();
    return out;
  }

  /** Destroys the copies (never throws). */
  destroy(): void {
    this.copies.destroy();
  }

  /**
   * Copy i's start of its next episode, before its first observation is read (as the decision
   * loop's episode begin): its scene's restart when its last end asks for it, then its random start
   * when on; stepped alone, those frames' reads dropped. Throws what the start failed with.
   */
  private begin(i: number): void {
    this.starts.begin(i, this.states[i]!.lastCut);
    if (this.starts.failure !== null) throw this.starts.failure;
  }

  /** Plays copy i's action in force for the next frame (or, sticky, the one before). */
  private act(i: number): void {
    const a = this.states[i]!.action;
    if (a !== null) this.actions[i]!.play(a);
  }

  /** Gives copy i's game action `a` (its attach act); a failing act() is the run's error. */
  private give(i: number, a: number): void {
    const name = this.layout.actions[a]!;
    this.check(callGame('act', i, () => callUnbound(this.options.act, a, name, i), this.report));
  }

  /** Renders one frame of `which` and reads each one's reward() and done() (a done is latched until the decision). */
  private frame(which: readonly number[]): void {
    this.copies.stepOnly(which);
    const { reward, done } = this.options;
    for (const i of which) {
      const st = this.states[i]!;
      if (reward !== null) {
        const r = this.check(callGame('reward', i, () => callUnbound(reward, i), this.report));
        if (typeof r !== 'number' || !Number.isFinite(r)) throw new AgentCallbackError('reward', i, `must return a finite number (got ${String(r)})`);
        st.reward += r;
      }
      if (done !== null) {
        const d = this.check(callGame('done', i, () => callUnbound(done, i), this.report)) === true;
        if (d) st.done = true;
        if (this.progress !== undefined) this.progress.lastDone[i] = d;
      }
    }
    if (this.progress !== undefined) this.progress.frames = this.copies.frames;
  }

  private decided(): void {
    if (this.progress === undefined) return;
    this.progress.decisions++;
    this.progress.steps += this.envs;
  }

  private readonly report = (e: AgentCallbackError): void => {
    this.failure ??= e;
  };

  /** A callback's value, or its failure thrown (a served run stops at a game callback's error, as train --game does). */
  private check<T>(v: T | typeof FAILED): T {
    if (v === FAILED) {
      const e = this.failure!;
      this.failure = null;
      throw e;
    }
    return v;
  }
}
