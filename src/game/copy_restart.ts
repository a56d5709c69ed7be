/**
 * A copy's restart between episodes, so that the next one begins from the game's own start, as a
 * Gymnasium env resets after truncation or termination:
 * - after an episode `maxStep` cut (the entry's `onCut: 'restart'`, the default). A game that only
 *   ends at a game over (the first Phaser game: no bomb before the stars are taken) otherwise
 *   hands every later episode a world the agent already emptied;
 * - after an episode the game ended, when the entry says `onDone: 'restart'`: for a game whose
 *   agent episode (a ball, a life) is a part of a longer game that keeps its state (breakout's wall).
 * Phaser queues `scene.restart()` to the next frame: the copy is stepped alone (the others wait,
 * as during a random start) until the scene runs again; those frames' rewards and game overs are
 * read and dropped (they belong to no step).
 */
import { AgentError, GameError } from '../util/errors';
import { isActive, type GameCopies } from './game_copies';
import type { CopyReads } from './copy_starts';
import type { TrainingEntry } from './training_entry';

/** Frames a restarted scene may take to run again (a preload of its own files) before the run fails. */
export const RESTART_MAX_FRAMES = 600;

/** A Phaser scene as far as its restart goes (its ScenePlugin). */
interface Restartable {
  scene?: { restart?: () => unknown };
}

/** Why a copy restarts: its last episode was cut by maxStep, or the game ended it. */
export type RestartReason = 'cut' | 'done';

/** After which ends of an episode the entry restarts a copy's scene. */
export type RestartPolicy = Readonly<Record<RestartReason, boolean>>;

/** The entry's restarts: after a cut (its `onCut`, default 'restart'), after a game's end (its `onDone`, default 'continue'). */
export function restartPolicy(entry: Pick<TrainingEntry<object>, 'onCut' | 'onDone'>): RestartPolicy {
  return { cut: entry.onCut !== 'continue', done: entry.onDone === 'restart' };
}

const AFTER: Record<RestartReason, string> = { cut: 'an episode cut by maxStep', done: 'an episode the game ended' };
const INSTEAD: Record<RestartReason, string> = { cut: "onCut: 'continue'", done: "onDone: 'continue'" };

/** Restarts copy `copy`'s scene after an episode's end (`reason`) and steps it alone until the scene runs again. Throws GameError/AgentError. */
export function restartCopy<S extends object>(copies: GameCopies<S>, copy: number, reads: CopyReads | undefined, reason: RestartReason): void {
  const scene = copies.scenes[copy]! as Restartable;
  const restart = scene.scene?.restart;
  if (typeof restart !== 'function') {
    throw new AgentError(`training entry: copy ${copy}'s scene has no scene.restart() (not a Phaser.Scene?), so ${AFTER[reason]} cannot restart it; set ${INSTEAD[reason]} in the entry`);
  }
  try {
    copies.inCopy(copy, () => restart.call(scene.scene));
    for (let f = 0; f < RESTART_MAX_FRAMES; f++) {
      copies.stepCopy(copy);
      if (reads?.reward !== undefined) copies.inCopy(copy, () => reads.reward!(0));
      if (reads?.done !== undefined) copies.inCopy(copy, () => reads.done!(0));
      if (isActive(scene)) return;
    }
  } catch (e) {
    // A frame that threw is the game's failure (GameError, from stepCopy) and stays one.
    throw e instanceof GameError
      ? e
      : new AgentError(`training entry: copy ${copy}'s restart after ${AFTER[reason]} failed (scene.restart(), or reward/done during its frames): ${e instanceof Error ? e.message : String(e)}`);
  }
  throw new GameError('start', `copy ${copy}'s scene did not run again within ${RESTART_MAX_FRAMES} frames of its restart after ${AFTER[reason]} (set ${INSTEAD[reason]} in the entry to go on from there instead)`, { copy });
}
