/**
 * The rules of catch, with no drawing and no timing in them (the scene does both): the fruit-
 * catching game of the classic CNN RL tutorial, as src/env/catch.ts plays it in Node. A fruit
 * starts in a random column of the top row and falls one row per step; a 3-cell basket on the
 * bottom row moves left, stays or moves right (actions 0, 1, 2) and stays on the grid. The step on
 * which the fruit reaches the bottom row ends the episode: +1 when the basket is under it, else -1.
 */
import { Rng } from 'pixelpilot/lab';

/** The action names, in action order. */
export const CATCH_ACTIONS = ['left', 'stay', 'right'] as const;

/** How one step ended. */
export interface CatchStep {
  /** +1 (caught), -1 (missed) or 0 (still falling). */
  reward: number;
  /** The fruit reached the bottom row. */
  over: boolean;
}

/** One game of catch on a rows x cols grid. */
export class CatchRules {
  /** The fruit's row (0 = top) and column. */
  fruitRow = 0;
  fruitCol = 0;
  /** The basket's centre column; it covers basket-1 .. basket+1. */
  basket = 1;

  private readonly rng: Rng;

  constructor(readonly rows: number, readonly cols: number, seed: number) {
    if (rows < 2 || cols < 3) throw new Error(`catch: the grid must be at least 2 rows x 3 columns (got ${rows}x${cols})`);
    this.rng = new Rng(seed);
    this.reset();
  }

  /** A new fruit in a random top-row column; the basket somewhere random on the bottom row. */
  reset(): void {
    this.fruitRow = 0;
    this.fruitCol = this.rng.int(this.cols);
    this.basket = 1 + this.rng.int(this.cols - 2);
  }

  /** Moves the basket by `action` (0 left, 1 stay, 2 right), then the fruit down one row. */
  step(action: number): CatchStep {
    this.basket = Math.min(this.cols - 2, Math.max(1, this.basket + action - 1));
    this.fruitRow = Math.min(this.rows - 1, this.fruitRow + 1);
    if (this.fruitRow < this.rows - 1) return { reward: 0, over: false };
    return { reward: Math.abs(this.fruitCol - this.basket) <= 1 ? 1 : -1, over: true };
  }
}
