/**
 * Catch drawn by Phaser: the grid as cells of `cellSize` pixels, the fruit and the basket as
 * rectangles, a faint grid behind them, no text (whatever is drawn is part of what the agent sees).
 * The fruit falls one row every `framesPerRow` game frames, so a person can follow it at 60 fps;
 * attach the agent with `decisionPeriod: framesPerRow` so each decision sees one row step.
 *
 * Timing, which the agent relies on: the frame after an episode ends shows a new fruit in the top
 * row (the agent's first decision of the episode); the fruit then moves in the update of every
 * `framesPerRow`-th frame after it, using the last action the agent gave, and the agent decides in
 * the 'postrender' of those same frames. The scene is used as it is by the demo page and by the
 * browser test (test/browser/demo_catch.page.ts).
 */
import * as Phaser from 'phaser';
import type { DemoScene } from '../shared/bootstrap';
import { CATCH_ACTIONS, CatchRules } from './catch_rules';

/** Options of a CatchScene; each has a default. */
export interface CatchSceneOptions {
  /** Grid rows and columns. Default 10. */
  size?: number;
  /** Pixels per cell. Default 40 (a 400x400 canvas for 10x10). */
  cellSize?: number;
  /** Game frames per row the fruit falls. Default 5 (12 rows a second at 60 fps). */
  framesPerRow?: number;
  /** Seed of the fruit and basket positions. Default 1. */
  seed?: number;
}

/** How the episodes went so far. */
export interface CatchTally {
  catches: number;
  misses: number;
}

// Bright shapes on a dark ground: after the shrink to one gray pixel per cell the fruit and the
// basket stay far from the background (luma ~210 and ~200 against ~20), which the agent learns from faster.
const BACKGROUND = 0x10131a;
const GRID = 0x1c202a;
const FRUIT = 0xffe066;
const BASKET = 0x7cf29c;

export { CATCH_ACTIONS };

/** The catch game as a Phaser scene, with the callbacks `agent.attach` needs. */
export class CatchScene extends Phaser.Scene implements DemoScene {
  readonly created: Promise<void>;
  /** Grid rows = columns. */
  readonly size: number;
  readonly cellSize: number;
  readonly framesPerRow: number;
  /** Catches and misses since the scene started (or since `resetTally`). */
  readonly tally: CatchTally = { catches: 0, misses: 0 };

  private readonly rules: CatchRules;
  private markCreated: () => void = () => undefined;
  private fruit!: Phaser.GameObjects.Rectangle;
  private basket!: Phaser.GameObjects.Rectangle;
  private action = 1;
  private reward = 0;
  private done = false;
  private startPending = true;
  private frame = 0;

  constructor(options: CatchSceneOptions = {}) {
    super({ key: 'catch' });
    this.size = options.size ?? 10;
    this.cellSize = options.cellSize ?? 40;
    this.framesPerRow = options.framesPerRow ?? 5;
    this.rules = new CatchRules(this.size, this.size, options.seed ?? 1);
    this.created = new Promise((resolve) => (this.markCreated = resolve));
  }

  /** Canvas width = height in pixels. */
  get pixels(): number {
    return this.size * this.cellSize;
  }

  create(): void {
    const c = this.cellSize;
    this.cameras.main.setBackgroundColor(BACKGROUND);
    const grid = this.add.graphics();
    grid.lineStyle(1, GRID, 1);
    for (let i = 1; i < this.size; i++) {
      grid.lineBetween(i * c, 0, i * c, this.pixels);
      grid.lineBetween(0, i * c, this.pixels, i * c);
    }
    const inset = Math.max(1, Math.round(c / 20));
    this.fruit = this.add.rectangle(0, 0, c - 2 * inset, c - 2 * inset, FRUIT).setOrigin(0, 0);
    this.basket = this.add.rectangle(0, 0, 3 * c - 2 * inset, c - 2 * inset, BASKET).setOrigin(0, 0);
    this.draw();
    this.markCreated();
  }

  override update(): void {
    if (this.startPending) {
      this.startPending = false;
      this.rules.reset();
      this.frame = 0;
    } else if (++this.frame % this.framesPerRow === 0) {
      const { reward, over } = this.rules.step(this.action);
      this.reward += reward;
      if (over) {
        if (reward > 0) this.tally.catches++;
        else this.tally.misses++;
        this.done = true;
        this.startPending = true;
      }
    }
    this.draw();
  }

  /** attach's `act`: the basket moves by the last action given when the fruit next falls. */
  readonly act = (action: number): void => {
    this.action = action;
  };

  /** attach's `reward`: the reward earned since the last call. */
  readonly takeReward = (): number => {
    const r = this.reward;
    this.reward = 0;
    return r;
  };

  /** attach's `done`: true once for each finished episode. */
  readonly takeDone = (): boolean => {
    const d = this.done;
    this.done = false;
    return d;
  };

  /**
   * Abandons the current fruit: the next frame starts a new episode. Call it right before
   * `agent.attach`, so that the agent's first decision is the first frame of an episode.
   */
  restartEpisode(): void {
    this.startPending = true;
    this.reward = 0;
    this.done = false;
  }

  /** Zeroes the tally (e.g. before an evaluation). */
  resetTally(): void {
    this.tally.catches = 0;
    this.tally.misses = 0;
  }

  private draw(): void {
    const c = this.cellSize;
    const inset = Math.max(1, Math.round(c / 20));
    this.fruit.setPosition(this.rules.fruitCol * c + inset, this.rules.fruitRow * c + inset);
    this.basket.setPosition((this.rules.basket - 1) * c + inset, (this.size - 1) * c + inset);
  }
}
