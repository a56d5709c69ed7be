import { Rng } from '../util/rng';
import type { Action, Env, ObservationSpace, ResetOptions, ResetResult, StepResult } from './env';
import { discreteAction, intOption, rejectUnknownOptions, requireRunning } from './env_options';

/** Options of the `catch` env. */
export interface CatchOptions {
  /** Rows and columns of a square grid. Default 10. */
  size?: number;
  /** Grid rows (>= 2); overrides `size`. Default `size`. */
  rows?: number;
  /** Grid columns (>= 3, the basket's width); overrides `size`. Default `size`. */
  cols?: number;
  /** Pixels per grid cell in the rendered observation. Default 1. */
  scale?: number;
}

/** Actions of `catch`: move the basket left, keep it, move it right. */
export const CATCH_ACTIONS = ['left', 'stay', 'right'] as const;

const NAME = 'catch';
const BASKET_HALF = 1; // the basket is 3 cells wide: centre +- 1

/**
 * The fruit-catching game of the classic CNN RL tutorial. A fruit starts in a uniformly random
 * column of the top row and falls one row per step; a 3-wide basket on the bottom row starts with
 * its centre uniform in [1, cols-2] and moves left / stays / moves right (actions 0, 1, 2),
 * clamped so it stays on the grid. The step on which the fruit reaches the bottom row gives +1 if
 * the fruit's column is under the basket, -1 otherwise, and terminates; every other step gives 0.
 * An episode is therefore exactly rows-1 steps.
 *
 * Observation: uint8 `[rows*scale, cols*scale, 1]`, fruit and basket cells 255, background 0.
 * The random stream is seeded by `reset({seed})` (seed 0 until the first seeded reset).
 */
export function catchEnv(options: CatchOptions = {}): Env {
  return new CatchEnv(options as Record<string, unknown>);
}

class CatchEnv implements Env {
  readonly observationSpace: ObservationSpace;
  readonly actionSpace = { type: 'discrete' as const, n: 3 };
  private readonly rows: number;
  private readonly cols: number;
  private readonly scale: number;
  private rng = new Rng(0);
  private fruitRow = 0;
  private fruitCol = 0;
  private basket = 1;
  private running = false;

  constructor(options: Record<string, unknown>) {
    rejectUnknownOptions(NAME, options, ['size', 'rows', 'cols', 'scale']);
    const size = intOption(NAME, options, 'size', 10, 3);
    this.rows = intOption(NAME, options, 'rows', size, 2);
    this.cols = intOption(NAME, options, 'cols', size, 3);
    this.scale = intOption(NAME, options, 'scale', 1, 1, 64);
    this.observationSpace = { shape: [this.rows * this.scale, this.cols * this.scale, 1], dtype: 'uint8', low: 0, high: 255 };
  }

  reset(options: ResetOptions = {}): ResetResult {
    if (options.seed !== undefined) this.rng = new Rng(options.seed);
    this.fruitRow = 0;
    this.fruitCol = this.rng.int(this.cols);
    this.basket = BASKET_HALF + this.rng.int(this.cols - 2 * BASKET_HALF);
    this.running = true;
    return { observation: this.render() };
  }

  step(action: Action): StepResult {
    requireRunning(NAME, this.running);
    const a = discreteAction(NAME, action, 3);
    this.basket = Math.min(this.cols - 1 - BASKET_HALF, Math.max(BASKET_HALF, this.basket + a - 1));
    this.fruitRow += 1;
    let reward = 0;
    let terminated = false;
    if (this.fruitRow === this.rows - 1) {
      reward = Math.abs(this.fruitCol - this.basket) <= BASKET_HALF ? 1 : -1;
      terminated = true;
      this.running = false;
    }
    return { observation: this.render(), reward, terminated, truncated: false };
  }

  private render(): Uint8Array {
    const s = this.scale;
    const width = this.cols * s;
    const img = new Uint8Array(this.rows * s * width);
    const fill = (row: number, col: number): void => {
      for (let y = row * s; y < (row + 1) * s; y++) img.fill(255, y * width + col * s, y * width + (col + 1) * s);
    };
    fill(this.fruitRow, this.fruitCol);
    for (let c = this.basket - BASKET_HALF; c <= this.basket + BASKET_HALF; c++) fill(this.rows - 1, c);
    return img;
  }
}
