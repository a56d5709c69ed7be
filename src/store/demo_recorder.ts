/**
 * DemoRecorder: builds a demonstration file from steps as the decision loop produces them
 * (StepBatch: every player's observation, action, reward and episode end at one decision), so a
 * recording mode only has to hand it steps. Each player's steps form its own episodes.
 *
 * Reflex lag (Kanervisto et al. 2020, arXiv:2004.00981): people press a key a few decisions after
 * what made them press it. With `reflexLag` k, the observation of step t is paired with the
 * action taken at step t + k; an episode of L steps keeps L - k steps, its last one carrying the
 * rewards of the k + 1 steps it stands for, the episode's end flags and its final observation.
 * Episodes of k steps or fewer have nothing left and are left out.
 *
 * `dropEpisode(player)` throws away a bad episode while recording: the player's episode in
 * progress, or, when it has no step yet, the player's last finished one (the one that just failed).
 */
import type { StepBatch } from '../algorithm/algorithm';
import type { ActionSpace } from '../env/env';
import type { DemoEpisode, Demonstrations } from '../memory/demonstrations';
import { actionWidth } from '../memory/demonstrations';
import { ShapeError } from '../util/errors';
import { encodeDemoFile } from './demo_file';
import { DEMO_LIMITS } from './demo_manifest';
import type { ObservationPipeline } from './policy_manifest';

/** What a recorder is built with. */
export interface DemoRecorderOptions {
  /** One observation as the agent sees it (frames stacked): `[H, W, C]` uint8 or `[D]` float32. */
  obsShape: readonly number[];
  obsDtype: 'uint8' | 'float32';
  /** Frames stacked on the last axis. Default 1. */
  frameStack?: number;
  actionSpace: ActionSpace;
  /** Players whose steps arrive together in each `add` (the StepBatch's rows). */
  players: number;
  /** Names of the discrete actions. Default none. */
  actionNames?: readonly string[] | null;
  /** How frames became observations (the policy manifest's pipeline). Default none. */
  pipeline?: ObservationPipeline | null;
  /** Who or what plays (e.g. "keys", "heuristic"). Default none. */
  source?: string | null;
  /** Decisions the actions are shifted back by (see the file's comment). Default 0. */
  reflexLag?: number;
  /** The most steps kept (finished and in progress); `add` beyond it is a ShapeError. Default 50,000,000. */
  maxSteps?: number;
}

/** The raw steps of one episode (before the reflex-lag shift). */
interface RawEpisode {
  player: number;
  observations: (Uint8Array | Float32Array)[];
  actions: number[];
  rewards: number[];
  final: Uint8Array | Float32Array | null;
  terminated: boolean;
  truncated: boolean;
}

/** Records players' steps into demonstrations. */
export class DemoRecorder {
  readonly reflexLag: number;
  private readonly o: DemoRecorderOptions;
  private readonly obsSize: number;
  private readonly width: number;
  private readonly maxSteps: number;
  private readonly current: RawEpisode[];
  private readonly finished: RawEpisode[] = [];
  private kept = 0;

  constructor(o: DemoRecorderOptions) {
    if (!Number.isSafeInteger(o.players) || o.players < 1 || o.players > DEMO_LIMITS.players) throw new ShapeError(`DemoRecorder: players must be an integer in [1, ${DEMO_LIMITS.players}] (got ${o.players})`);
    const lag = o.reflexLag ?? 0;
    if (!Number.isSafeInteger(lag) || lag < 0 || lag > DEMO_LIMITS.reflexLag) throw new ShapeError(`DemoRecorder: reflexLag must be an integer in [0, ${DEMO_LIMITS.reflexLag}] (got ${lag})`);
    if (o.obsShape.length === 0 || o.obsShape.some((d) => !Number.isSafeInteger(d) || d < 1)) throw new ShapeError(`DemoRecorder: obsShape must be positive integers (got [${o.obsShape}])`);
    this.o = o;
    this.reflexLag = lag;
    this.obsSize = o.obsShape.reduce((a, b) => a * b, 1);
    this.width = actionWidth(o.actionSpace);
    this.maxSteps = o.maxSteps ?? DEMO_LIMITS.steps;
    this.current = Array.from({ length: o.players }, (_, p) => this.fresh(p));
  }

  /** Steps kept so far (finished episodes and episodes in progress), before the reflex-lag shift. */
  get steps(): number {
    return this.kept;
  }

  /** Steps the file would hold now: the reflex-lag shift applied, the episodes in progress included. */
  get fileSteps(): number {
    let n = 0;
    for (const e of [...this.finished, ...this.current]) n += Math.max(0, e.rewards.length - this.reflexLag);
    return n;
  }

  /** Episodes finished so far. */
  get episodes(): number {
    return this.finished.length;
  }

  /** Adds one decision of every player. ShapeError when its arrays do not fit the recorder. */
  add(step: StepBatch): void {
    const n = this.o.players;
    const Obs = this.o.obsDtype === 'uint8' ? Uint8Array : Float32Array;
    const size = this.obsSize;
    const check = (ok: boolean, what: string): void => {
      if (!ok) throw new ShapeError(`DemoRecorder.add: ${what}`);
    };
    check(step.observations instanceof Obs && step.observations.length === n * size, `observations must be a ${Obs.name} of ${n} x ${size} elements`);
    check(step.nextObservations instanceof Obs && step.nextObservations.length === n * size, `nextObservations must be a ${Obs.name} of ${n} x ${size} elements`);
    check(step.actions.length === n * this.width, `actions must have ${n} x ${this.width} values`);
    check(step.rewards.length === n && step.terminated.length === n && step.truncated.length === n, `rewards, terminated and truncated must have ${n} values`);
    check(this.kept + n <= this.maxSteps, `the recording is full (${this.maxSteps} steps)`);
    for (let p = 0; p < n; p++) {
      const e = this.current[p]!;
      e.observations.push(step.observations.slice(p * size, (p + 1) * size));
      for (let j = 0; j < this.width; j++) e.actions.push(step.actions[p * this.width + j]!);
      e.rewards.push(step.rewards[p]!);
      e.final = step.nextObservations.slice(p * size, (p + 1) * size);
      this.kept++;
      if (step.terminated[p] || step.truncated[p]) {
        e.terminated = step.terminated[p] === 1;
        e.truncated = step.truncated[p] === 1;
        this.finished.push(e);
        this.current[p] = this.fresh(p);
      }
    }
  }

  /** Closes `player`'s episode in progress as cut short by the recording (no end flag), e.g. when the game was reset from outside. */
  cutEpisode(player: number): void {
    const e = this.current[player];
    if (e && e.actions.length > 0) {
      this.finished.push(e);
      this.current[player] = this.fresh(player);
    }
  }

  /**
   * Drops `player`'s episode in progress, or, when it has no step yet, the player's last finished
   * episode. Returns the steps dropped (0 when there was nothing to drop).
   */
  dropEpisode(player: number): number {
    const e = this.current[player];
    if (!e) throw new ShapeError(`DemoRecorder.dropEpisode: no player ${player} (players: ${this.o.players})`);
    let dropped = 0;
    if (e.actions.length > 0) {
      dropped = e.rewards.length;
      this.current[player] = this.fresh(player);
    } else {
      for (let i = this.finished.length - 1; i >= 0; i--) {
        if (this.finished[i]!.player === player) {
          dropped = this.finished[i]!.rewards.length;
          this.finished.splice(i, 1);
          break;
        }
      }
    }
    this.kept -= dropped;
    return dropped;
  }

  /**
   * The recording as demonstrations, reflex lag applied: finished episodes in the order they
   * ended, then (unless `includeUnfinished` is false) the episodes in progress, cut.
   */
  demonstrations(options: { includeUnfinished?: boolean } = {}): Demonstrations {
    const raw = [...this.finished, ...(options.includeUnfinished === false ? [] : this.current.filter((e) => e.actions.length > 0))];
    const episodes = raw.map((e) => this.shifted(e)).filter((e): e is DemoEpisode => e !== null);
    return { obsShape: [...this.o.obsShape], obsDtype: this.o.obsDtype, frameStack: this.o.frameStack ?? 1, actionSpace: this.o.actionSpace, episodes };
  }

  /** The demonstration file's bytes (see demo_file.ts). ShapeError when no episode has a step left. */
  async encode(options: { includeUnfinished?: boolean; createdAt?: string } = {}): Promise<Uint8Array> {
    const d = this.demonstrations(options);
    if (d.episodes.length === 0) throw new ShapeError(`DemoRecorder.encode: nothing to save (no episode longer than the reflex lag of ${this.reflexLag})`);
    return encodeDemoFile(d, {
      pipeline: this.o.pipeline ?? null,
      actionNames: this.o.actionNames ?? null,
      reflexLag: this.reflexLag,
      source: this.o.source ?? null,
      ...(options.createdAt === undefined ? {} : { createdAt: options.createdAt }),
    });
  }

  private fresh(player: number): RawEpisode {
    return { player, observations: [], actions: [], rewards: [], final: null, terminated: false, truncated: false };
  }

  /** One raw episode with the reflex lag applied; null when nothing is left of it. */
  private shifted(e: RawEpisode): DemoEpisode | null {
    const k = this.reflexLag;
    const raw = e.rewards.length;
    const n = raw - k;
    if (n < 1) return null;
    const size = this.obsSize;
    const w = this.width;
    const Obs = this.o.obsDtype === 'uint8' ? Uint8Array : Float32Array;
    const observations = new Obs((n + 1) * size);
    for (let t = 0; t < n; t++) observations.set(e.observations[t]!, t * size);
    observations.set(e.final!, n * size);
    const Act = this.o.actionSpace.type === 'continuous' ? Float32Array : Int32Array;
    const actions = Act.from(e.actions.slice(k * w));
    const rewards = Float32Array.from(e.rewards.slice(0, n));
    // The last kept step stands for the k + 1 raw steps it ends with.
    for (let t = n; t < raw; t++) rewards[n - 1] += e.rewards[t]!;
    const terminated = new Uint8Array(n);
    const truncated = new Uint8Array(n);
    terminated[n - 1] = e.terminated ? 1 : 0;
    truncated[n - 1] = e.truncated ? 1 : 0;
    return { player: e.player, steps: n, observations, actions, rewards, terminated, truncated };
  }
}
