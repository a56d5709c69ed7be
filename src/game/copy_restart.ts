/**
 * A copy's restart after an episode `maxStep` cut (the entry's `onCut: 'restart'`, the default):
 * the next episode begins from the game's own start, as a Gymnasium env resets after truncation,
 * instead of from wherever the cut left the game. A game that only ends at a game over (the first
 * Phaser game: no bomb before the stars are taken) otherwise hands every later episode a world the
 * agent already emptied. Phaser queues `scene.restart()` to the next frame: the copy is stepped
 * alone (the others wait, as during a random start) until the scene runs again; those frames'
 * rewards and game overs are read and dropped (they belong to no step).
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

/** Whether the entry restarts a copy's scene after a cut (its `onCut`, default 'restart'). */
export function restartsOnCut(entry: Pick<TrainingEntry<object>, 'onCut'>): boolean {
  return entry.onCut !== 'continue';
}

/** Restarts copy `copy`'s scene and steps it alone until the scene runs again. Throws GameError/AgentError. */
export function restartCopy<S extends object>(copies: GameCopies<S>, copy: number, reads: CopyReads | undefined): void {
  const scene = copies.scenes[copy]! as Restartable;
  const restart = scene.scene?.restart;
  if (typeof restart !== 'function') {
    throw new AgentError(`training entry: copy ${copy}'s scene has no scene.restart() (not a Phaser.Scene?), so an episode cut by maxStep cannot restart it; set onCut: 'continue' in the entry`);
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
      : new AgentError(`training entry: copy ${copy}'s restart after an episode cut by maxStep failed (scene.restart(), or reward/done during its frames): ${e instanceof Error ? e.message : String(e)}`);
  }
  throw new GameError('start', `copy ${copy}'s scene did not run again within ${RESTART_MAX_FRAMES} frames of its restart after an episode cut by maxStep (set onCut: 'continue' in the entry to go on from the cut instead)`, { copy });
}
