/**
 * How one copy of the game gets its actions in the fast mode: every frame's action passes through
 * here (the agent's, repeated between decisions, and a random start's no-ops). With sticky actions
 * (the ALE's repeat_action_probability) the game keeps the action it had with probability p at each
 * frame, from a stream of the copy's own; the agent's step still records the action it chose, as in
 * the ALE. Each frame's action also goes into the episode's signature (FNV-1a over the actions the
 * game got, then the return and the decisions), which tells playGame how many distinct episodes it saw.
 */
import { Rng } from '../util/rng';
import { streamSeed, STREAM } from './random_starts';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** One copy's action path. */
export class CopyActions {
  /** Frames that kept the action before instead of the one asked for (sticky; it may have been the same). */
  kept = 0;
  /** Frames played. */
  frames = 0;
  private last: number | null = null;
  private hash = FNV_OFFSET;
  private readonly rng: Rng | null;

  /**
   * @param give plays an action in the copy's game (its attach `act`, in the copy's Math.random)
   * @param sticky the probability of keeping the previous action at a frame, in [0, 1)
   */
  constructor(
    private readonly give: (action: number) => void,
    private readonly sticky: number,
    seed: number,
    copy: number,
  ) {
    this.rng = sticky > 0 ? new Rng(streamSeed(seed, STREAM.sticky, copy)) : null;
  }

  /** Plays `action` for the copy's next frame (or, sticky, the previous one); returns the action played. */
  play(action: number): number {
    const keep = this.rng !== null && this.last !== null && this.rng.uniform() < this.sticky;
    const played = keep ? this.last! : action;
    if (keep) this.kept++;
    this.last = played;
    this.frames++;
    this.mix(played);
    this.give(played);
    return played;
  }

  /** Ends the running episode's signature with its return and decisions; the next episode's starts empty. */
  closeEpisode(ret: number, steps: number): string {
    const bits = new Uint32Array(new Float64Array([ret]).buffer);
    this.mix(bits[0]!);
    this.mix(bits[1]!);
    this.mix(steps);
    const signature = (this.hash >>> 0).toString(16).padStart(8, '0');
    this.hash = FNV_OFFSET;
    return signature;
  }

  private mix(word: number): void {
    for (let i = 0; i < 4; i++) {
      this.hash = Math.imul(this.hash ^ ((word >>> (8 * i)) & 0xff), FNV_PRIME);
    }
  }
}
