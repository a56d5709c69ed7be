/**
 * One player's state in the decision loop between frames (the open step, the action in force, the
 * episode's numbers), and the joining of per-player arrays into the batch the trainer takes.
 */
import type { ObservationSource } from './observation_source';

type Obs = Uint8Array | Float32Array;

/** One player's state between frames. */
export class Player {
  prevObs: Obs | null = null;
  prevMask: Uint8Array | null = null;
  /** The action in force (repeated each frame), or null before the first one. */
  action: number | null = null;
  /** The last action given to `act`. */
  applied: number | null = null;
  reward = 0;
  /** A done seen (done() or endEpisode) and not yet taken by a decision. */
  done = false;
  /** What done() returned when last read (sample() latches only a rise from false). */
  lastDone = false;
  episodeReturn = 0;
  episodeSteps = 0;
  episodeFrames = 0;
  /** The episode's begin was announced (onEpisodeBegin); false again when it ends. */
  begun = false;
  /** The last episode was cut by maxStep (not ended by the game): told to the next onEpisodeBegin. */
  lastCut = false;
  constructor(readonly index: number, readonly source: ObservationSource) {}

  endEpisode(): void {
    this.episodeReturn = 0;
    this.episodeSteps = 0;
    this.episodeFrames = 0;
    this.begun = false;
    this.prevObs = null;
    this.prevMask = null;
    this.source.reset();
  }
}

/** Copies `parts` (one per player, equal lengths) into one new array of their type. */
export function joined<T extends Obs | Uint8Array>(parts: readonly T[]): T {
  const first = parts[0]!;
  const out = new (first.constructor as new (n: number) => T)(first.length * parts.length);
  parts.forEach((p, i) => out.set(p, i * first.length));
  return out;
}
