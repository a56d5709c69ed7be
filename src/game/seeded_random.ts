/**
 * Math.random made reproducible while a copy of the game runs: each copy of the scene gets its own
 * seeded stream (the run's seed and the copy's index), swapped in around everything the fast mode
 * runs of that copy (building it, each frame). Games call Math.random as games do; the copies then
 * differ from each other, and a run with the same seed replays exactly.
 */
import { Rng } from '../util/rng';

/** One copy's Math.random stream. */
export class SeededRandom {
  private readonly rng: Rng;

  constructor(seed: number, copy: number) {
    // Distinct streams per copy: splitmix (inside Rng) spreads nearby seeds apart.
    this.rng = new Rng((seed * 7919 + copy * 104729 + 1) | 0);
  }

  /** Runs `fn` with Math.random drawing from this stream; the page's Math.random is back afterwards, even when fn throws. */
  run<T>(fn: () => T): T {
    const saved = Math.random;
    Math.random = () => this.rng.uniform();
    try {
      return fn();
    } finally {
      Math.random = saved;
    }
  }
}
