/**
 * One copy's start of an episode, run when the decision loop says it is about to begin (its first
 * observation is read right after): after an episode cut by maxStep, or one the game ended, the
 * restart of its scene where the entry asks for it (copy_restart.ts: onCut, onDone); then, when
 * random starts are on, the entry's `reset(scene, rng)` and 0..noops no-op decisions, i.e. that
 * many times decisionPeriod frames of this copy alone, stepped on its own game clock while the
 * other copies wait. As inside a vector env's reset, the agent neither observes nor learns
 * meanwhile, and the frames' rewards and game overs are read and dropped (they belong to no
 * step). Since the others wait, the copies keep their common decision period and no agent step
 * is cut short or spans a start.
 *
 * A game over during the no-ops ends them there: the episode starts from that frame, as after any
 * game over (the game restarts its round itself). So no-ops never swallow a whole round, and a
 * game with short rounds (catch: 9 decisions) is not entered half-way in every episode.
 */
import { AgentError, GameError } from '../util/errors';
import type { CopyActions } from './copy_actions';
import { restartCopy, type RestartPolicy } from './copy_restart';
import type { GameCopies } from './game_copies';
import { drawNoops, startStream, type ResolvedStarts } from './random_starts';
import type { TrainingEntry } from './training_entry';

/** A copy's reward and game-over reads (its attach callbacks, player 0). */
export interface CopyReads {
  reward?: ((player: number) => number) | undefined;
  done?: ((player: number) => boolean) | undefined;
}

/** The episode starts of every copy of a run. */
export class CopyStarts<S extends object> {
  /** The no-op decisions drawn, per copy, one per episode begun (in order). */
  readonly noops: number[][];
  /** Frames stepped in no-op starts, over all copies, and the wall-clock ms the starts took (restarts, reset() and no-ops). */
  noopFrames = 0;
  /** Scene restarts after a cut or a game's end (onCut, onDone), over all copies. */
  restarts = 0;
  stepMs = 0;
  /** What a reset() or a drained callback threw (the run stops with it), or null. */
  failure: Error | null = null;
  /** Whether each copy has begun an episode (its first one starts where the game booted). */
  private readonly begun: boolean[];

  constructor(
    private readonly copies: GameCopies<S>,
    private readonly entry: TrainingEntry<S>,
    private readonly reads: readonly CopyReads[],
    private readonly actions: readonly CopyActions[],
    /** Random starts, or null (off: no reset(), no no-ops). */
    private readonly starts: ResolvedStarts | null,
    private readonly decisionPeriod: number,
    private readonly seed: number,
    /** After which ends of its last episode a copy's scene restarts (the entry's onCut, onDone). */
    private readonly restarting: RestartPolicy = { cut: false, done: false },
  ) {
    this.noops = copies.scenes.map(() => []);
    this.begun = copies.scenes.map(() => false);
  }

  /** Runs copy `copy`'s start of its next episode (see the file comment); `afterCut`: its last one was cut by maxStep. Never throws: a failure is kept in `failure`. */
  begin(copy: number, afterCut = false): void {
    if (this.failure !== null) return;
    const started = performance.now();
    try {
      const afterEpisode = this.begun[copy]!;
      this.begun[copy] = true;
      const reason = afterCut ? 'cut' : 'done';
      if (afterEpisode && this.restarting[reason]) {
        restartCopy(this.copies, copy, this.reads[copy], reason);
        this.restarts++;
      }
      if (this.starts !== null) this.randomStart(copy, this.starts);
    } catch (e) {
      this.failure = e as Error;
    } finally {
      this.stepMs += performance.now() - started;
    }
  }

  /** The entry's reset(scene, rng), then the drawn no-op decisions of copy `copy` alone. Throws GameError / AgentError. */
  private randomStart(copy: number, starts: ResolvedStarts): void {
    const { copies, entry } = this;
    const episode = this.noops[copy]!.length;
    const rng = startStream(this.seed, copy, episode);
    const n = drawNoops(rng, starts.noops);
    this.noops[copy]!.push(n);
    try {
      if (entry.reset !== undefined) {
        copies.inCopy(copy, () => entry.reset!(copies.scenes[copy]!, rng));
        // No frame follows to draw what reset() moved: draw it, or the first observation shows the frame before.
        if (n === 0) copies.renderCopy(copy);
      }
      const { reward, done } = this.reads[copy]!;
      for (let f = 0; f < n * this.decisionPeriod; f++) {
        this.actions[copy]!.play(starts.noopAction!);
        copies.stepCopy(copy);
        this.noopFrames++;
        // Read and dropped: these frames belong to no step.
        if (reward !== undefined) copies.inCopy(copy, () => reward(0));
        if (done !== undefined && copies.inCopy(copy, () => done(0)) === true) break;
      }
    } catch (e) {
      // A frame that threw is the game's failure (GameError, from stepCopy) and stays one.
      throw e instanceof GameError
        ? e
        : new AgentError(`training entry: copy ${copy}'s random start failed (reset(scene, rng), or act/reward/done during its no-ops): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
